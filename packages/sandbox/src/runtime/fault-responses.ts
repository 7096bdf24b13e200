import type { ProviderName } from './faults.js';

/** A provider's error body: what `errorBody(status, code, message)` of each provider app returns. */
export interface ErrorBody {
  body: string;
  contentType: string;
}

/** Builds a provider's own error body; `pathname` lets one origin serve several API versions. */
export type ErrorBodyFactory = (
  status: number,
  code: string,
  message: string,
  pathname?: string,
) => ErrorBody;

const BRIDGE_TYPES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

const MESSAGES: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** The provider error code a fault uses for `status` when the rule does not name one. */
export function faultErrorCode(provider: ProviderName, status: number): string {
  if (provider === 'bridge')
    return BRIDGE_TYPES[status] ?? (status >= 500 ? 'internal_server_error' : 'error');
  // SpareBank 1: `general.error` is the documented 500 code; other general errors name the status.
  if (status === 500) return 'general.error';
  return (MESSAGES[status] ?? `HTTP ${status}`).toUpperCase().replaceAll(' ', '_');
}

/** The message a fault uses for `status`. */
export function faultMessage(status: number): string {
  return MESSAGES[status] ?? `HTTP ${status}`;
}

/** A proxy-style HTML error page. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${faultMessage(status).replace(/^./, (c) => c.toUpperCase())}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A body that starts like a JSON answer but is cut and garbled: `JSON.parse` throws on it. */
export const INVALID_JSON_BODY = '{"data":[{"id":4711,"amount":-12.5,"date":"20';
