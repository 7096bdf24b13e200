import {
  AuthenticationError,
  type BankkitError,
  type FailedExchange,
  type ProviderErrorInfo,
} from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { parseJsonObject } from '../../http/json-object.js';
import type { ErrorDialect } from '../../http/transport.js';

/** One error as Bridge 2025-01-15 reports it. */
interface V3ErrorBody {
  code?: unknown;
  property?: unknown;
  message?: unknown;
}

/**
 * Reads Bridge 2025-01-15's error envelope `{ code, property?, message }` into bankkit's terms:
 * `providerCode` = `code`, `providerMessage` = `message`, with the offending `property` named after
 * it. An `errors` array (one third-party client reads one; Bridge documents none) is read too, its
 * first entry, and so is v2's `type` when `code` is missing. Never throws: an HTML page from a
 * proxy, an empty body or JSON of another shape simply gives fewer fields.
 */
export function parseBridgeV3Error(body: string, response: Response): ProviderErrorInfo {
  const info: ProviderErrorInfo = {};
  const requestId = response.headers.get('x-request-id');
  if (requestId) info.requestId = requestId;
  const parsed = parseJsonObject(body);
  if (!parsed) return info;
  const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
  const error: V3ErrorBody & { type?: unknown } =
    typeof parsed.code !== 'string' && isObject(first) ? first : parsed;
  const code = nonEmpty(error.code) ?? nonEmpty(error.type);
  if (code) info.providerCode = code;
  const message = nonEmpty(error.message);
  const property = nonEmpty(error.property);
  if (message || property) {
    info.providerMessage = [message, property ? `(property: ${property})` : undefined]
      .filter(Boolean)
      .join(' ');
  }
  return info;
}

/**
 * The v3 error codes that mean the application's own credentials were refused: fixing them is a
 * configuration change, not a retry.
 */
const APP_CREDENTIALS_REFUSED = new Set(['invalid_client_credentials']);

/**
 * A refused client id / secret (`invalid_client_credentials`, documented with a 401) becomes core's
 * {@link AuthenticationError}; everything else keeps core's mapping (`HttpError`, `RateLimitError`
 * for 429), `providerCode` set in every case.
 */
export function mapBridgeV3Error(exchange: FailedExchange): BankkitError | undefined {
  const { info, status } = exchange;
  if (!info.providerCode || !APP_CREDENTIALS_REFUSED.has(info.providerCode)) return undefined;
  return new AuthenticationError(
    `Bridge refused the application's credentials (${status} ${info.providerCode}${
      info.providerMessage ? `: ${info.providerMessage}` : ''
    }) on ${exchange.method} ${exchange.endpoint}. Check the client id and client secret.`,
    {
      provider: BRIDGE_PROVIDER_ID,
      status,
      providerCode: info.providerCode,
      providerMessage: info.providerMessage,
      requestId: info.requestId,
      response: exchange.response,
    },
  );
}

/** How Bridge 2025-01-15 reports errors, for the shared transport. */
export const V3_ERRORS: ErrorDialect = { parseError: parseBridgeV3Error, mapError: mapBridgeV3Error };

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
