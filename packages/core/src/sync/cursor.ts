import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors/index.js';
import { SyncCursorError, type SyncCursorProblem } from '../errors/sync-errors.js';

/**
 * The longest cursor bankkit issues or accepts, in characters (96 KiB). Providers keep their cursor
 * data well under it; a longer text is refused unread.
 */
export const MAX_SYNC_CURSOR_LENGTH = 98_304;

/** The format written by this version: the text starts with `bk1.`. */
const FORMAT_VERSION = 1;
const PREFIX = /^bk(\d{1,3})\.([A-Za-z0-9_-]*)$/;
const SCOPE_BYTES = 8;
const CHECKSUM_BYTES = 8;
const CHECKSUM_DOMAIN = 'bankkit/sync-cursor/v1';

/** What a provider puts in a cursor and gets back from it. */
export interface SyncCursorInput {
  /** The provider's id (`BankingProvider.id`). */
  provider: string;
  /** The accounts the sync covers, as given to `syncTransactions` (undefined: all accounts). */
  accountIds?: readonly string[] | undefined;
  /** The provider's own state; opaque to core. */
  data: Uint8Array;
}

/** What a cursor must have been issued for. */
export interface SyncCursorExpectation {
  provider: string;
  accountIds?: readonly string[] | undefined;
}

function sha256(...parts: (string | Uint8Array)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * The account set as one canonical text: `*` for every account, otherwise the ids sorted and
 * de-duplicated. The order the ids are given in does not matter.
 */
export function accountScopeOf(accountIds: readonly string[] | undefined): string {
  if (accountIds === undefined) return '*';
  if (!Array.isArray(accountIds) || accountIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new InvalidInputError('accountIds must be a list of account ids (non-empty strings).', {
      field: 'accountIds',
    });
  }
  return JSON.stringify([...new Set(accountIds)].sort());
}

function scopeDigest(accountIds: readonly string[] | undefined): Buffer {
  return sha256('scope\n', accountScopeOf(accountIds)).subarray(0, SCOPE_BYTES);
}

/**
 * Wraps a provider's state in a cursor: `bk1.` then base64url of the format version, the provider
 * id, a digest of the account set, the data and a checksum over all of it.
 * @throws InvalidInputError when the result would exceed {@link MAX_SYNC_CURSOR_LENGTH}.
 */
export function encodeSyncCursor(input: SyncCursorInput): string {
  const provider = Buffer.from(input.provider, 'utf8');
  if (provider.length === 0 || provider.length > 255) {
    throw new InvalidInputError('A provider id of 1 to 255 bytes is needed for a sync cursor.', {
      field: 'provider',
    });
  }
  const body = Buffer.concat([
    Uint8Array.of(FORMAT_VERSION, provider.length),
    provider,
    scopeDigest(input.accountIds),
    input.data,
  ]);
  const checksum = sha256(CHECKSUM_DOMAIN, body).subarray(0, CHECKSUM_BYTES);
  const text = `bk${FORMAT_VERSION}.${Buffer.concat([body, checksum]).toString('base64url')}`;
  if (text.length > MAX_SYNC_CURSOR_LENGTH) {
    throw new InvalidInputError(
      `A sync cursor of ${text.length} characters would exceed the bound of ${MAX_SYNC_CURSOR_LENGTH}.`,
      { field: 'cursor', provider: input.provider },
    );
  }
  return text;
}

/**
 * Checks a cursor and returns the provider's data from it.
 * @throws SyncCursorError when the cursor is malformed, corrupted, of another format version,
 * another provider or another account set. It is never partly read.
 */
export function decodeSyncCursor(cursor: string, expected: SyncCursorExpectation): Uint8Array {
  const refuse = (problem: SyncCursorProblem, detail: string): never => {
    throw new SyncCursorError(
      `The sync cursor was refused: ${detail} Sync again without a cursor (from the beginning) into an emptied store, or pass the cursor stored for this provider and these accounts.`,
      { provider: expected.provider, problem },
    );
  };
  if (typeof cursor !== 'string') return refuse('malformed', `it is a ${typeof cursor}, not a string.`);
  if (cursor.length > MAX_SYNC_CURSOR_LENGTH) {
    return refuse('too_large', `it is longer than ${MAX_SYNC_CURSOR_LENGTH} characters.`);
  }
  const match = PREFIX.exec(cursor);
  if (!match) return refuse('malformed', 'it is not a bankkit sync cursor.');
  if (Number(match[1]) !== FORMAT_VERSION) {
    return refuse(
      'version',
      `it is of cursor format ${match[1]}; this bankkit reads format ${FORMAT_VERSION}.`,
    );
  }
  const bytes = Buffer.from(match[2] ?? '', 'base64url');
  // Node skips characters it cannot decode; a cursor must round-trip exactly.
  if (bytes.toString('base64url') !== match[2]) return refuse('malformed', 'its text does not decode.');
  if (bytes.length < 2 + SCOPE_BYTES + CHECKSUM_BYTES) return refuse('malformed', 'it is cut short.');
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  const checksum = bytes.subarray(bytes.length - CHECKSUM_BYTES);
  if (!sha256(CHECKSUM_DOMAIN, body).subarray(0, CHECKSUM_BYTES).equals(checksum)) {
    return refuse('checksum', 'its checksum does not match (it was changed or corrupted).');
  }
  if (body[0] !== FORMAT_VERSION) return refuse('version', 'its inner format version is unknown.');
  const providerLength = body[1] ?? 0;
  const dataStart = 2 + providerLength + SCOPE_BYTES;
  if (body.length < dataStart) return refuse('malformed', 'it is cut short.');
  const provider = body.subarray(2, 2 + providerLength).toString('utf8');
  if (provider !== expected.provider) {
    return refuse(
      'provider',
      `it was issued by ${JSON.stringify(provider)}, not ${JSON.stringify(expected.provider)}.`,
    );
  }
  if (!body.subarray(2 + providerLength, dataStart).equals(scopeDigest(expected.accountIds))) {
    return refuse('accounts', 'it was issued for another set of accounts.');
  }
  return new Uint8Array(body.subarray(dataStart));
}
