import type { BankkitError } from '../errors/bankkit-error.js';
import { HttpError, RateLimitError } from '../errors/http-errors.js';
import { NetworkError, TimeoutError } from '../errors/local-errors.js';
import { redact } from '../redaction/redact.js';
import type { FailedExchange, ProviderErrorInfo } from './http-client.js';

/** Where a failure happened, for messages: everything here is already redacted. */
export interface FailureContext {
  provider: string;
  method: string;
  /** The redacted URL. */
  endpoint: string;
  /** How many attempts were made, the failing one included. */
  attempts: number;
  /** Whether the request was safe to repeat (and so was retried). */
  idempotent: boolean;
}

/** Headers that commonly carry an id to quote to a provider's support, most specific first. */
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-correlation-id',
  'x-trace-id',
  'request-id',
  'x-amzn-requestid',
];

/** A request or trace id from the response headers, for when the error body has none. */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  // W3C trace context: version-traceid-parentid-flags; the trace id is what support can search.
  const traceparent = headers.get('traceparent');
  return traceparent?.split('-')[1] || undefined;
}

/** What to do about a status, in a few words. */
function advice(status: number, retryAfterMs: number | undefined): string {
  if (status < 200 || status > 599) {
    return 'The provider answered with a status HTTP does not define: it may be misconfigured or not the provider at all. If the request changed anything, check whether it took effect before sending it again.';
  }
  if (status >= 300 && status < 400) {
    return 'The provider redirected the request. bankkit never follows redirects, so credentials cannot reach another host: check the configured base URL.';
  }
  if (status === 429) {
    return retryAfterMs === undefined
      ? 'Too many requests: slow down and retry later.'
      : `Too many requests: retry in ${Math.ceil(retryAfterMs / 1000)} s.`;
  }
  if (status === 401)
    return 'The credentials or access token were refused: check the credentials, or log in again.';
  if (status === 403) return 'Access was refused: check the granted scopes, consent or account permissions.';
  if (status === 404) return 'Nothing was found there: check the identifiers in the request.';
  if (status === 409) return 'The request conflicts with the current state of the resource.';
  if (status === 408 || status >= 500) return 'The provider failed or is unavailable: retry later.';
  if (status >= 400) return 'The provider rejected the request: check its parameters.';
  return 'The provider gave an unexpected answer.';
}

function attemptsNote(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * The error for a non-2xx response: the adapter's `mapError` when it has a more specific one, else
 * {@link RateLimitError} for 429 and {@link HttpError} for the rest. The body is never quoted: an
 * HTML error page says nothing useful and a JSON one may echo what was sent.
 */
export function mapFailedResponse(
  exchange: FailedExchange,
  context: FailureContext,
  retryAfterMs: number | undefined,
  mapError: ((exchange: FailedExchange) => BankkitError | undefined) | undefined,
): BankkitError {
  const specific = mapError?.(exchange);
  if (specific) return specific;
  const { status, info, response } = exchange;
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  const provided = [
    info.providerCode ? `provider code ${info.providerCode}` : undefined,
    info.providerMessage ? `"${info.providerMessage}"` : undefined,
    info.requestId ? `request id ${info.requestId}` : undefined,
  ].filter(Boolean);
  const message =
    `${context.provider}: ${context.method} ${context.endpoint} failed with HTTP ${status}${statusText}` +
    `${attemptsNote(context.attempts)}${provided.length > 0 ? ` (${provided.join(', ')})` : ''}. ` +
    advice(status, retryAfterMs);
  const details = {
    provider: context.provider,
    status,
    providerCode: info.providerCode,
    providerMessage: info.providerMessage,
    requestId: info.requestId,
    response,
    method: context.method,
    endpoint: context.endpoint,
  };
  return status === 429
    ? new RateLimitError(message, { ...details, retryAfterMs })
    : new HttpError(message, details);
}

/** A {@link TimeoutError} for an attempt that ran out of time (headers or body). */
export function timeoutFailure(context: FailureContext, timeoutMs: number, cause: unknown): TimeoutError {
  return new TimeoutError(
    `${context.provider}: ${context.method} ${context.endpoint} did not complete within ${timeoutMs} ms` +
      `${attemptsNote(context.attempts)} (headers and body). The provider is slow or unreachable: retry later, or raise timeoutMs.` +
      notRetriedNote(context),
    { provider: context.provider, method: context.method, endpoint: context.endpoint, timeoutMs, cause },
  );
}

/** A {@link NetworkError} for an attempt the network broke (refused, reset, body cut short). */
export function networkFailure(context: FailureContext, cause: unknown): NetworkError {
  const requestSent = !connectionNeverOpened(cause);
  return new NetworkError(
    `${context.provider}: ${context.method} ${context.endpoint} failed at the network level${attemptsNote(context.attempts)}` +
      ` (${describeCause(cause)}). Check the connection and retry.` +
      (requestSent ? notRetriedNote(context) : ''),
    { provider: context.provider, method: context.method, endpoint: context.endpoint, cause, requestSent },
  );
}

/** System error codes raised before a connection exists: the server cannot have seen the request. */
const BEFORE_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function connectionNeverOpened(cause: unknown): boolean {
  for (
    let current = cause, depth = 0;
    current !== null && typeof current === 'object' && depth < 5;
    depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && BEFORE_CONNECTION.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function notRetriedNote(context: FailureContext): string {
  return context.idempotent
    ? ''
    : ' It was not repeated automatically: it may have reached the provider, so check its outcome before sending it again.';
}

/** "fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)": the chain of causes, redacted. */
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const text =
      typeof code === 'string' && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message;
    if (text && !parts.includes(text)) parts.push(text);
    current = current.cause;
  }
  return redact(parts.join(': ') || 'unknown network error');
}

/** A provider error envelope read without letting a broken reader hide the real failure. */
export function readProviderInfo(
  parseError: ((body: string, response: Response) => ProviderErrorInfo) | undefined,
  body: string,
  response: Response,
): ProviderErrorInfo {
  let info: ProviderErrorInfo = {};
  if (parseError) {
    try {
      info = parseError(body, response) ?? {};
    } catch {
      info = {};
    }
  }
  if (info.requestId) return info;
  const requestId = requestIdFromHeaders(response.headers);
  return requestId ? { ...info, requestId } : info;
}
