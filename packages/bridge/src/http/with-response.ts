/** A value returned by a Bridge call, carrying the raw HTTP response it came from. */
export type WithResponse<T> = T & {
  /** The raw HTTP response (non-enumerable: not in `JSON.stringify` or spreads); its body is still readable. */
  readonly response: Response;
};

/** Where a response comes from: core's results build their readable copy on first access only. */
export interface ResponseSource {
  readonly response: Response;
}

/** Where each value's response comes from, for the one getter they all share. */
const sources = new WeakMap<object, ResponseSource>();

function readResponse(this: object): Response | undefined {
  return sources.get(this)?.response;
}

/**
 * Attaches `response` as a non-enumerable property, so the value still serializes as the API's
 * JSON. It is read from `source` on first access: copying a response costs time, and most callers
 * never look at it.
 *
 * Every value gets the same getter function, with its source found in a WeakMap: a closure per value
 * would give each value its own hidden class, which V8 keeps reachable from old space, holding
 * each response body (and everything else the closure sees) until the next full collection.
 */
export function withResponse<T extends object>(value: T, source: ResponseSource): WithResponse<T> {
  sources.set(value, source);
  Object.defineProperty(value, 'response', { get: readResponse, enumerable: false, configurable: true });
  return value as WithResponse<T>;
}
