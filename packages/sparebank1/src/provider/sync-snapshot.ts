import { hash } from 'node:crypto';
import {
  decodeSyncCursor,
  encodeSyncCursor,
  InvalidInputError,
  SyncCursorError,
  type SyncCursorExpectation,
  type Transaction,
} from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import type { SpareBank1Transaction } from '../schemas/transaction.js';
import { normaliseNonUniqueId, STABLE_ID_PREFIX } from './stable-id.js';

/**
 * The most rows a cursor's snapshot holds. At 28 bytes a row that is about 75,000 cursor characters,
 * within core's `MAX_SYNC_CURSOR_LENGTH`. When the overlap window holds more, it is shortened to
 * the newest whole days that fit.
 */
export const MAX_SNAPSHOT_ROWS = 2_000;

const DATA_VERSION = 1;
const ID_BYTES = 16;
const DIGEST_BYTES = 6;
const LINK_BYTES = 4;
/** id, content digest, account index, flags, pending-link key. */
const ROW_BYTES = ID_BYTES + DIGEST_BYTES + 1 + 1 + LINK_BYTES;
const PENDING_FLAG = 1;
const STABLE_ID = new RegExp(`^${STABLE_ID_PREFIX}([0-9a-f]{32})$`);
const DAY_MS = 86_400_000;

/** One row as the snapshot remembers it. */
export interface SnapshotRow {
  id: string;
  accountKey: string;
  /** Digest of every field a caller sees (not `raw`): a change here is a modification. */
  digest: string;
  pending: boolean;
  /** Links a pending row to the row it is booked as (hex; empty when the bank gave nothing to link by). */
  link: string;
}

/** What the cursor of a SpareBank 1 sync carries. */
export interface Sb1SyncState {
  /** First Oslo day of the snapshot window: the next sync reads from here. */
  windowStart: string;
  /** Accounts read so far; any others are new and read from the start of the history. */
  accountKeys: string[];
  /** The rows of `[windowStart, today]` as last seen. */
  rows: SnapshotRow[];
}

function short(text: string, bytes: number): string {
  return hash('sha256', text, 'hex').slice(0, bytes * 2);
}

/** Digest of what a caller sees of a transaction: a change of any of it is a modification. */
export function contentDigest(transaction: Transaction): string {
  return short(
    JSON.stringify([
      transaction.amount.amount,
      transaction.amount.currency,
      transaction.bookingDate,
      transaction.valueDate ?? '',
      transaction.status,
      transaction.description,
      transaction.counterparty?.name ?? '',
      transaction.counterparty?.account ?? '',
      transaction.category ?? '',
    ]),
    DIGEST_BYTES,
  );
}

/**
 * The key a pending row and its booked form share: account and the bank's `nonUniqueId` (its
 * RECENT/HISTORIC prefix removed). Empty when the row has no usable `nonUniqueId`.
 */
export function pendingLinkOf(transaction: Transaction): string {
  const row = transaction.raw as SpareBank1Transaction;
  const nonUniqueId = normaliseNonUniqueId(row.nonUniqueId, row.creditCardIdentifiers?.partitionKey);
  return nonUniqueId === '' ? '' : short(`${transaction.accountId}\n${nonUniqueId}`, LINK_BYTES);
}

function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Packs the state into a cursor bound to SpareBank 1 and the account set. */
export function encodeSb1Cursor(state: Sb1SyncState, accountIds: readonly string[] | undefined): string {
  if (state.accountKeys.length > 256) {
    throw new InvalidInputError(
      'A SpareBank 1 sync covers at most 256 accounts; sync them in groups (accountIds).',
      {
        field: 'accountIds',
        provider: PROVIDER_ID,
      },
    );
  }
  const keyBytes = state.accountKeys.map((key) => Buffer.from(key, 'utf8'));
  const header = Buffer.alloc(1 + 4 + 2);
  header.writeUInt8(DATA_VERSION, 0);
  header.writeUInt32BE(dayNumber(state.windowStart), 1);
  header.writeUInt16BE(keyBytes.length, 5);
  const keys = Buffer.concat(keyBytes.flatMap((key) => [Uint8Array.of(key.length), key]));
  const rows = Buffer.alloc(4 + state.rows.length * ROW_BYTES);
  rows.writeUInt32BE(state.rows.length, 0);
  const accountIndex = new Map(state.accountKeys.map((key, index) => [key, index]));
  state.rows.forEach((row, index) => {
    const offset = 4 + index * ROW_BYTES;
    const id = STABLE_ID.exec(row.id)?.[1];
    if (id === undefined) throw new Error(`not a SpareBank 1 stable id: ${row.id}`);
    rows.write(id, offset, 'hex');
    rows.write(row.digest, offset + ID_BYTES, 'hex');
    rows.writeUInt8(accountIndex.get(row.accountKey) ?? 0, offset + ID_BYTES + DIGEST_BYTES);
    rows.writeUInt8(row.pending ? PENDING_FLAG : 0, offset + ID_BYTES + DIGEST_BYTES + 1);
    if (row.link !== '') rows.write(row.link, offset + ID_BYTES + DIGEST_BYTES + 2, 'hex');
  });
  return encodeSyncCursor({ provider: PROVIDER_ID, accountIds, data: Buffer.concat([header, keys, rows]) });
}

/**
 * Reads a cursor back.
 * @throws SyncCursorError when it is not a SpareBank 1 cursor for these accounts, or is damaged.
 */
export function decodeSb1Cursor(cursor: string, accountIds: readonly string[] | undefined): Sb1SyncState {
  const expected: SyncCursorExpectation = { provider: PROVIDER_ID, accountIds };
  const data = Buffer.from(decodeSyncCursor(cursor, expected));
  const malformed = () =>
    new SyncCursorError(
      'The sync cursor was refused: its SpareBank 1 state does not decode. Sync again without a cursor, into an emptied store.',
      { provider: PROVIDER_ID, problem: 'malformed' },
    );
  if (data.length < 7) throw malformed();
  if (data.readUInt8(0) !== DATA_VERSION) {
    throw new SyncCursorError(
      'The sync cursor was refused: its SpareBank 1 state is of an unknown version. Sync again without a cursor, into an emptied store.',
      { provider: PROVIDER_ID, problem: 'version' },
    );
  }
  const windowStart = dayText(data.readUInt32BE(1));
  const keyCount = data.readUInt16BE(5);
  let offset = 7;
  const accountKeys: string[] = [];
  for (let index = 0; index < keyCount; index++) {
    const length = data[offset];
    if (length === undefined || offset + 1 + length > data.length) throw malformed();
    accountKeys.push(data.toString('utf8', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  if (offset + 4 > data.length) throw malformed();
  const rowCount = data.readUInt32BE(offset);
  offset += 4;
  if (data.length !== offset + rowCount * ROW_BYTES) throw malformed();
  const rows: SnapshotRow[] = [];
  for (let index = 0; index < rowCount; index++) {
    const start = offset + index * ROW_BYTES;
    const accountKey = accountKeys[data.readUInt8(start + ID_BYTES + DIGEST_BYTES)];
    if (accountKey === undefined) throw malformed();
    const link = data.toString('hex', start + ID_BYTES + DIGEST_BYTES + 2, start + ROW_BYTES);
    rows.push({
      id: `${STABLE_ID_PREFIX}${data.toString('hex', start, start + ID_BYTES)}`,
      digest: data.toString('hex', start + ID_BYTES, start + ID_BYTES + DIGEST_BYTES),
      accountKey,
      pending: (data.readUInt8(start + ID_BYTES + DIGEST_BYTES + 1) & PENDING_FLAG) !== 0,
      link: /^0+$/.test(link) ? '' : link,
    });
  }
  return { windowStart, accountKeys, rows };
}
