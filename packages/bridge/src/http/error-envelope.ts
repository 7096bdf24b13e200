import type { ProviderErrorInfo } from '@bankkit/core';
import { parseJsonObject } from './json-object.js';

/**
 * Reads Bridge's error envelope `{ type, message, documentation_url }` into bankkit's terms
 * (`providerCode` = `type`, `providerMessage` = `message`). Never throws: an HTML page from a proxy,
 * an empty body or JSON of another shape simply gives fewer fields.
 */
export function parseBridgeError(body: string, response: Response): ProviderErrorInfo {
  const info: ProviderErrorInfo = {};
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (requestId) info.requestId = requestId;
  const parsed = parseJsonObject(body);
  if (!parsed) return info;
  if (typeof parsed.type === 'string' && parsed.type !== '') info.providerCode = parsed.type;
  if (typeof parsed.message === 'string' && parsed.message !== '') info.providerMessage = parsed.message;
  return info;
}
