/** A value returned by a Bridge call, carrying the raw HTTP response it came from. */
export type WithResponse<T> = T & {
  /** The raw HTTP response (non-enumerable: not in `JSON.stringify` or spreads); its body is still readable. */
  readonly response: Response;
};

/** Attaches `response` as a non-enumerable property, so the value still serializes as the API's JSON. */
export function withResponse<T extends object>(value: T, response: Response): WithResponse<T> {
  Object.defineProperty(value, 'response', { value: response, enumerable: false, configurable: true });
  return value as WithResponse<T>;
}
