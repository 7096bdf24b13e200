import {
  IncompleteDataError,
  type RemovedTransaction,
  type SyncBatch,
  type SyncOptions,
  type Transaction,
} from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import { addDays } from '../dates.js';
import {
  contentDigest,
  decodeSb1Cursor,
  encodeSb1Cursor,
  MAX_SNAPSHOT_ROWS,
  pendingLinkOf,
  type Sb1SyncState,
  type SnapshotRow,
} from './sync-snapshot.js';

/** What the sync needs from the provider. */
export interface Sb1SyncContext {
  /** Today in Oslo, `YYYY-MM-DD`. */
  today: string;
  /** Days of history a sync without a cursor (and a newly seen account) starts with. */
  historyDays: number;
  /** Days back from today every later sync re-reads and compares. */
  overlapDays: number;
  /** Every account key, when the caller gave none. */
  allAccountKeys(signal: AbortSignal | undefined): Promise<string[]>;
  /** One read of the bank: unified rows booked in `[fromDate, toDate]` and the bank's partial-failure codes. */
  read(
    accountKeys: string[],
    fromDate: string,
    toDate: string,
    signal: AbortSignal | undefined,
  ): Promise<{ rows: Transaction[]; errors: readonly string[] }>;
}

function snapshotRowOf(transaction: Transaction): SnapshotRow {
  const pending = transaction.status === 'pending';
  return {
    id: transaction.id,
    accountKey: transaction.accountId,
    digest: contentDigest(transaction),
    pending,
    link: pending ? pendingLinkOf(transaction) : '',
  };
}

/**
 * The first day of the next snapshot window: `today - overlapDays`, never before the current one,
 * moved later by whole days while the window holds more than {@link MAX_SNAPSHOT_ROWS} rows.
 */
function nextWindowStart(
  rows: readonly Transaction[],
  earliest: string,
  today: string,
  overlapDays: number,
): string {
  const overlapStart = addDays(today, -overlapDays);
  let start = overlapStart > earliest ? overlapStart : earliest;
  const perDay = new Map<string, number>();
  for (const row of rows)
    if (row.bookingDate >= start) perDay.set(row.bookingDate, (perDay.get(row.bookingDate) ?? 0) + 1);
  let total = 0;
  for (const count of perDay.values()) total += count;
  const days = [...perDay.keys()].sort();
  for (const day of days) {
    if (total <= MAX_SNAPSHOT_ROWS) break;
    total -= perDay.get(day) ?? 0;
    start = addDays(day, 1);
  }
  return start;
}

/**
 * SpareBank 1 has no change feed. Each sync re-reads the window the last cursor's snapshot covers
 * (from its first day to today) in one request, and compares: a stable id not in the snapshot is
 * added, one whose content digest changed is modified, a snapshot id the bank no longer returns is
 * removed. The first sync (no cursor) reads `historyDays` back. A booked row that replaces a pending
 * one under a new id (its amount or date changed) is linked to it through the bank's `nonUniqueId`.
 */
export async function syncSpareBank1(context: Sb1SyncContext, options: SyncOptions): Promise<SyncBatch> {
  const { accountIds, signal } = options;
  const previous: Sb1SyncState | undefined =
    options.cursor === undefined ? undefined : decodeSb1Cursor(options.cursor, accountIds);
  const accountKeys = accountIds ? [...new Set(accountIds)] : await context.allAccountKeys(signal);
  const historyStart = addDays(context.today, -context.historyDays);
  const known = new Set(previous?.accountKeys ?? []);
  const hasNewAccounts = accountKeys.some((key) => !known.has(key));
  const windowStart = previous?.windowStart ?? historyStart;
  const fromDate = hasNewAccounts && historyStart < windowStart ? historyStart : windowStart;

  const { rows: read, errors } =
    accountKeys.length === 0
      ? { rows: [], errors: [] }
      : await context.read(accountKeys, fromDate, context.today, signal);
  if (errors.length > 0) {
    throw new IncompleteDataError(
      `SpareBank 1 left rows out of its answer (${errors.join(', ')}), so the sync stopped without a batch: a row left out cannot be told from a row removed. Nothing was applied; sync again later.`,
      { provider: PROVIDER_ID, providerErrors: errors },
    );
  }
  const wanted = new Set(accountKeys);
  // Rows of known accounts before the window were frozen by an earlier sync; new accounts start at the history start.
  const current = read.filter(
    (row) =>
      wanted.has(row.accountId) &&
      row.bookingDate >= (known.has(row.accountId) ? windowStart : historyStart) &&
      row.bookingDate <= context.today,
  );

  const before = new Map((previous?.rows ?? []).map((row) => [row.id, row]));
  const added: Transaction[] = [];
  const modified: Transaction[] = [];
  const seen = new Set<string>();
  for (const row of current) {
    seen.add(row.id);
    const old = before.get(row.id);
    if (old === undefined) added.push(row);
    else if (old.digest !== contentDigest(row)) modified.push(row);
  }
  const removedRows = [...before.values()].filter((row) => !seen.has(row.id) && wanted.has(row.accountKey));
  const removed: RemovedTransaction[] = removedRows.map((row) => ({ id: row.id, accountId: row.accountKey }));
  linkBookedToPending(added, removedRows);

  const nextStart = nextWindowStart(current, windowStart, context.today, context.overlapDays);
  const state: Sb1SyncState = {
    windowStart: nextStart,
    accountKeys: [...new Set([...(previous?.accountKeys ?? []), ...accountKeys])].filter((key) =>
      wanted.has(key),
    ),
    rows: current.filter((row) => row.bookingDate >= nextStart).map(snapshotRowOf),
  };
  return { added, modified, removed, cursor: encodeSb1Cursor(state, accountIds), hasMore: false };
}

/** Sets `pendingTransactionId` on added booked rows whose pending row (same account and `nonUniqueId`) was removed. */
function linkBookedToPending(added: Transaction[], removed: readonly SnapshotRow[]): void {
  const pendingByLink = new Map<string, SnapshotRow[]>();
  for (const row of removed) {
    if (!row.pending || row.link === '') continue;
    const list = pendingByLink.get(row.link);
    if (list) list.push(row);
    else pendingByLink.set(row.link, [row]);
  }
  if (pendingByLink.size === 0) return;
  for (const transaction of added) {
    if (transaction.status !== 'booked') continue;
    const link = pendingLinkOf(transaction);
    const candidates = link === '' ? undefined : pendingByLink.get(link);
    const pending = candidates?.shift();
    if (pending) transaction.pendingTransactionId = pending.id;
  }
}
