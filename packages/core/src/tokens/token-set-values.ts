import type { TokenSet } from './token-set.js';

/** The fields of a {@link TokenSet} that hold a `Date`. */
const DATE_FIELDS = ['expiresAt', 'refreshTokenExpiresAt', 'reauthorizationRequiredAt'] as const;

/** A copy whose `Date` fields are new objects, so no caller can change another's (or the store's) dates. */
export function copyTokenSet(tokens: TokenSet): TokenSet {
  const copy: TokenSet = { ...tokens };
  for (const [field, value] of Object.entries(copy)) {
    if (value instanceof Date) copy[field] = new Date(value.getTime());
  }
  return copy;
}

/**
 * A copy of a token set from outside (a store, a renew callback, a caller) with its date fields as
 * `Date`: stores for shared engines (Redis, SQL) often hand back ISO strings or epoch milliseconds.
 */
export function normalizeTokenSet(value: TokenSet): TokenSet {
  const copy = copyTokenSet(value);
  for (const field of DATE_FIELDS) {
    const date = copy[field];
    if (typeof date === 'string' || typeof date === 'number') copy[field] = new Date(date);
  }
  return copy;
}

/**
 * What is wrong with a value that should be a token set, as `{ field, problem }`, or undefined when
 * it is usable. Never quotes a token value.
 */
export function tokenSetProblem(value: unknown): { field: string; problem: string } | undefined {
  if (typeof value !== 'object' || value === null) {
    return { field: 'tokens', problem: 'must be an object with accessToken and expiresAt' };
  }
  const tokens = value as Partial<TokenSet>;
  if (typeof tokens.accessToken !== 'string' || tokens.accessToken === '') {
    return { field: 'accessToken', problem: 'must be a non-empty string' };
  }
  for (const field of DATE_FIELDS) {
    const date = tokens[field];
    if (field !== 'expiresAt' && date === undefined) continue;
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
      return { field, problem: 'must be a valid Date' };
    }
  }
  if (tokens.refreshToken !== undefined && typeof tokens.refreshToken !== 'string') {
    return { field: 'refreshToken', problem: 'must be a string when present' };
  }
  return undefined;
}
