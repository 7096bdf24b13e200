import { isJsonContentType } from './media-types.js';

/**
 * True for the API gateway's refusal of an access token: HTTP 401 with a non-JSON body (in
 * practice `text/plain` `Unauthorized`). Decided by status and media type, never by comparing the
 * body text, so a reworded or empty body is still recognised.
 */
export function isGatewayUnauthorized(response: Response): boolean {
  return response.status === 401 && !isJsonContentType(response.headers.get('content-type'));
}
