import type { ZodType } from 'zod';
import { ResponseValidationError, type ValidationIssue } from '../errors/local-errors.js';
import { isSecretField, REDACTED, redact } from '../redaction/redact.js';
import { passesValuesThrough } from './pass-through-schema.js';

/** Where a body came from, for messages; the endpoint is already redacted. */
export interface BodyContext {
  provider: string;
  method: string;
  endpoint: string;
  /** A readable copy of the response, kept on the error. */
  response: Response;
}

/** How many characters of an unexpected body a message quotes. */
const EXCERPT_LENGTH = 100;
/** How many schema issues a message lists; the error's `issues` holds them all. */
const LISTED_ISSUES = 5;

/**
 * Parses a JSON body. Bodies labelled as something else (an HTML error page from a proxy), empty
 * bodies and broken JSON (a truncated transfer) are refused with a message that says what came back.
 * An unlabelled or `text/plain` body is still tried, as some servers mislabel their JSON.
 * @throws ResponseValidationError
 */
export function parseJsonBody(text: string, response: Response, context: () => BodyContext): unknown {
  const contentType = response.headers.get('content-type');
  if (text === '') {
    throw invalidBody(context(), 'an empty body', 'expected a JSON document, got an empty body');
  }
  if (contentType !== null && !contentType.includes('json') && !contentType.startsWith('text/plain')) {
    throw invalidBody(
      context(),
      describeBody(text, contentType),
      `expected JSON, got ${mediaType(contentType)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : String(error);
    throw invalidBody(
      context(),
      `malformed JSON (${describeBody(text, contentType)})`,
      `invalid JSON (truncated or corrupted?): ${reason}`,
    );
  }
}

/**
 * Checks parsed data against a schema (the provider's documented shape).
 * @throws ResponseValidationError listing every issue with its dotted path.
 */
export function validateBody<T>(data: unknown, schema: ZodType<T>, context: () => BodyContext): T {
  // Checked in place when parsing would only copy it: a page of 500 rows is then neither copied nor
  // walked twice. Anything refused is parsed again below, for the issues.
  if (passesValuesThrough(schema) && schema.validate(data)) return data as T;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const listed = issues
    .slice(0, LISTED_ISSUES)
    .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
    .join('; ');
  const more = issues.length > LISTED_ISSUES ? `; and ${issues.length - LISTED_ISSUES} more` : '';
  return throwValidation(
    context(),
    `returned a body that does not match the expected schema (${listed}${more}). The provider's API may have changed; update bankkit or report the endpoint.`,
    issues,
  );
}

function invalidBody(context: BodyContext, received: string, issue: string): ResponseValidationError {
  return new ResponseValidationError(
    `${context.provider}: ${context.method} ${context.endpoint} (HTTP ${context.response.status}) returned ${received} where JSON was expected. The provider or a proxy in front of it may be failing: retry later.`,
    {
      provider: context.provider,
      endpoint: context.endpoint,
      status: context.response.status,
      response: context.response,
      issues: [{ path: '', message: issue }],
    },
  );
}

function throwValidation(context: BodyContext, what: string, issues: ValidationIssue[]): never {
  throw new ResponseValidationError(`${context.provider}: ${context.method} ${context.endpoint} ${what}`, {
    provider: context.provider,
    endpoint: context.endpoint,
    status: context.response.status,
    response: context.response,
    issues,
  });
}

/** `text/html` from `text/html; charset=utf-8`. */
function mediaType(contentType: string | null): string {
  return contentType?.split(';', 1)[0]?.trim() || 'an unlabelled body';
}

/** A JSON string value still open at the end of an excerpt, and the field it belongs to. */
const OPEN_STRING_AT_END = /"([\w-]{1,64})"\s*:\s*"(?:[^"\\]|\\.)*$/;

/**
 * "text/html of 5120 characters starting with \"<!DOCTYPE html>...\"": whitespace collapsed,
 * redacted before it is cut, and with a secret field's value dropped when the excerpt (or a
 * truncated body) ends inside it, where the usual patterns cannot see where the value stops.
 */
export function describeBody(text: string, contentType: string | null): string {
  let excerpt = redact(text.slice(0, EXCERPT_LENGTH * 10))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, EXCERPT_LENGTH);
  const open = OPEN_STRING_AT_END.exec(excerpt);
  if (open?.[1] && isSecretField(open[1]))
    excerpt = `${excerpt.slice(0, open.index)}"${open[1]}":"${REDACTED}`;
  const ellipsis = text.length > EXCERPT_LENGTH ? '...' : '';
  return `${mediaType(contentType)} of ${text.length} characters starting with ${JSON.stringify(excerpt + ellipsis)}`;
}
