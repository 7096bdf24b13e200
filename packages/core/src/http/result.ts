import type { HttpResult, JsonResult } from './http-client.js';

/** Statuses whose responses cannot have a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * A copy of a response whose body was read into `text`, with a body that can be read again and the
 * original URL kept.
 */
export function readableResponse(original: Response, text: string): Response {
  const { status } = original;
  // fetch passes on any three-digit status (600, 999), but the Response constructor refuses one
  // outside 200-599: such a copy is built as a 5xx and then carries the status the server sent.
  const outOfRange = status < 200 || status > 599;
  const copy = new Response(NULL_BODY_STATUSES.has(status) ? null : text, {
    status: outOfRange ? 599 : status,
    statusText: original.statusText,
    headers: original.headers,
  });
  if (outOfRange) {
    Object.defineProperty(copy, 'status', { value: status, enumerable: true });
    Object.defineProperty(copy, 'ok', { value: false, enumerable: true });
  }
  if (original.url) Object.defineProperty(copy, 'url', { value: original.url, enumerable: true });
  return copy;
}

/**
 * The result of a request. The readable copy of the response is made on first access only: most
 * callers never look at it, and copying headers and body would cost time on every request.
 *
 * A class rather than an object literal with a getter: a getter closure per object gives V8 a new
 * hidden class per result, kept in old space, which holds every body until a full collection.
 */
export class LazyHttpResult implements HttpResult {
  /** The body as text. */
  readonly text: string;
  readonly #original: Response;
  #response: Response | undefined;

  constructor(original: Response, text: string) {
    this.text = text;
    this.#original = original;
  }

  /** The response, with a body that can be read (again). */
  get response(): Response {
    this.#response ??= readableResponse(this.#original, this.text);
    return this.#response;
  }
}

/** {@link LazyHttpResult} with the parsed data. */
export class LazyJsonResult<T> extends LazyHttpResult implements JsonResult<T> {
  /** The parsed body, validated when a schema was given. */
  readonly data: T;

  constructor(original: Response, text: string, data: T) {
    super(original, text);
    this.data = data;
  }
}
