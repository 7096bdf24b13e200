import { ConfigurationError } from '../errors/local-errors.js';
import type { TokenSet } from './token-set.js';
import { tokenSetProblem } from './token-set-values.js';

/** The format version written into every token file. */
export const TOKEN_FILE_VERSION = 1;

/** `Date.prototype.toISOString()` output, the only date form this format writes. */
const ISO_TIMESTAMP = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * Reads a token file: `{ "version": 1, "tokens": { "<key>": { ...token set } } }`.
 *
 * Dates are stored as ISO strings. On reading, a top-level field of a token set whose name ends in
 * `At` (`expiresAt`, `refreshTokenExpiresAt`, a provider's `consentExpiresAt`...) and whose value is
 * an ISO timestamp becomes a `Date` again; every other value comes back as JSON left it (a `Date`
 * nested deeper in an extra field comes back as its ISO string).
 *
 * Whitespace only reads as an empty store: there is nothing in it to lose.
 *
 * @throws ConfigurationError when the file is not JSON or not in this format. The message names the
 *   path and what to do, and never quotes the file's content (it holds tokens).
 */
export function parseTokenFile(text: string, path: string): Map<string, TokenSet> {
  const sets = new Map<string, TokenSet>();
  if (text.trim() === '') return sets;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw corrupt(path, 'it is not valid JSON');
  }
  if (!isRecord(root) || !isRecord(root.tokens)) {
    throw corrupt(path, 'it is not a bankkit token file (no "tokens" object)');
  }
  if (root.version !== TOKEN_FILE_VERSION) {
    throw new ConfigurationError(
      `The token file ${path} has format version ${JSON.stringify(root.version)}, but this bankkit reads version ${TOKEN_FILE_VERSION}. ` +
        'It was probably written by a newer bankkit: upgrade, or point the store at another file.',
    );
  }
  for (const [key, entry] of Object.entries(root.tokens)) {
    if (!isRecord(entry)) throw corrupt(path, `the entry "${key}" is not an object`);
    const tokens = reviveDates(entry);
    const problem = tokenSetProblem(tokens);
    if (problem) throw corrupt(path, `in the entry "${key}", ${problem.field} ${problem.problem}`);
    sets.set(key, tokens);
  }
  return sets;
}

/** Writes token sets in the format {@link parseTokenFile} reads. */
export function serializeTokenFile(sets: ReadonlyMap<string, TokenSet>): string {
  const tokens = Object.fromEntries(
    [...sets].map(([key, set]) => [
      key,
      Object.fromEntries(
        Object.entries(set).map(([field, value]) => [
          field,
          value instanceof Date ? value.toISOString() : value,
        ]),
      ),
    ]),
  );
  return `${JSON.stringify({ version: TOKEN_FILE_VERSION, tokens }, null, 2)}\n`;
}

function reviveDates(entry: Record<string, unknown>): TokenSet {
  return Object.fromEntries(
    Object.entries(entry).map(([field, value]) => {
      if (!field.endsWith('At') || typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) {
        return [field, value];
      }
      const date = new Date(value);
      return [field, Number.isNaN(date.getTime()) ? value : date];
    }),
  ) as TokenSet;
}

function corrupt(path: string, what: string): ConfigurationError {
  return new ConfigurationError(
    `The token file ${path} cannot be read: ${what}. It was left untouched. ` +
      'Repair it, or move it away and log in again to create a new one.',
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
