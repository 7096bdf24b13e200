import type { ProviderErrorInfo } from '@bankkit/core';
import { errorsSchema, oauthErrorSchema } from '../schemas/errors.js';
import { isJsonContentType } from './media-types.js';

/** Long enough for any message a gateway writes as plain text, short enough to keep logs tidy. */
const MAX_TEXT_MESSAGE = 200;

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Reads SpareBank 1's error bodies: `ErrorsDTO` (`{ errors: [{ code, message, traceId }] }`) from
 * the APIs, `{ error, error_description }` from the token endpoint, and the gateway's plain-text
 * answers (`Unauthorized`) as a message. Several `ErrorsDTO` entries keep the first code and join
 * the messages, so none is lost.
 */
export function parseErrorBody(body: string, response: Response): ProviderErrorInfo {
  const trimmed = body.trim();
  const looksJson = isJsonContentType(response.headers.get('content-type')) || trimmed.startsWith('{');
  const json = looksJson ? parseJson(trimmed) : undefined;

  const envelope = errorsSchema.safeParse(json);
  if (envelope.success && envelope.data.errors.length > 0) {
    const [first] = envelope.data.errors;
    const messages = envelope.data.errors.map((entry) => entry.message).filter(Boolean);
    return {
      providerCode: first?.code,
      providerMessage: messages.length > 0 ? messages.join('; ') : undefined,
      requestId: first?.traceId,
    };
  }

  const oauth = oauthErrorSchema.safeParse(json);
  if (oauth.success) {
    return { providerCode: oauth.data.error, providerMessage: oauth.data.error_description };
  }

  if (json === undefined && trimmed.length > 0 && !trimmed.startsWith('<')) {
    return { providerMessage: trimmed.slice(0, MAX_TEXT_MESSAGE) };
  }
  return {};
}
