import type { HttpResult, JsonResult } from './http-client.js';

/** Statuses whose responses cannot have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * A copy of a response whose body was read into `text`, with a body that can be read again and the
 * original URL kept.
 */
export function readableResponse(original: Response, text: string): Response {
  const copy = new Response(NULL_BODY_STATUSES.has(original.status) ? null : text, {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
  });
  if (original.url) Object.defineProperty(copy, 'url', { value: original.url, enumerable: true });
  return copy;
}

/**
 * The result of a request. The readable copy of the response is made on first access only: most
 * callers never look at it, and copying headers and body costs time on every request otherwise.
 */
export function httpResult(original: Response, text: string): HttpResult {
  let response: Response | undefined;
  return {
    text,
    get response() {
      response ??= readableResponse(original, text);
      return response;
    },
  };
}

/** {@link httpResult} with the parsed data. */
export function jsonResult<T>(original: Response, text: string, data: T): JsonResult<T> {
  let response: Response | undefined;
  return {
    data,
    text,
    get response() {
      response ??= readableResponse(original, text);
      return response;
    },
  };
}
