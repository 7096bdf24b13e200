import type { TokenSet } from '@bankkit/core';

const DATE_TAG = '$date';

/**
 * The set as JSON, every `Date` (at any depth) as `{ "$date": "<ISO>" }`, so that it comes back
 * a `Date`, and every other field exactly as JSON keeps it.
 */
export function encodeTokenSet(tokens: TokenSet): string {
  return JSON.stringify(tokens, function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : value;
  });
}

/** The inverse of {@link encodeTokenSet}. @throws SyntaxError for text that is not JSON. */
export function decodeTokenSet(text: string): TokenSet {
  return JSON.parse(text, (_key, value) => {
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof value[DATE_TAG] === 'string' &&
      Object.keys(value).length === 1
    ) {
      return new Date(value[DATE_TAG]);
    }
    return value;
  }) as TokenSet;
}
