/** A value returned by a Bridge call, carrying the raw HTTP response it came from. */
export type WithResponse<T> = T & {
  /** The raw HTTP response (non-enumerable: not in `JSON.stringify` or spreads); its body is still readable. */
  readonly response: Response;
};

/** Where a response comes from: core's results build their readable copy on first access only. */
export interface ResponseSource {
  readonly response: Response;
}

/**
 * Attaches `response` as a non-enumerable property, so the value still serializes as the API's
 * JSON. It is read from `source` on first access: copying a response costs time, and most callers
 * never look at it.
 */
export function withResponse<T extends object>(value: T, source: ResponseSource): WithResponse<T> {
  Object.defineProperty(value, 'response', {
    get: () => source.response,
    enumerable: false,
    configurable: true,
  });
  return value as WithResponse<T>;
}
