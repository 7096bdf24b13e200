import { hash } from 'node:crypto';
import {
  decodeSyncCursor,
  encodeSyncCursor,
  isHttpError,
  type RemovedTransaction,
  type SyncBatch,
  SyncCursorError,
  type SyncOptions,
  SyncRestartRequiredError,
  type Transaction,
} from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';
import type { BridgePage } from '../pagination.js';
import type { BridgeTransaction } from '../schemas/transaction.js';
import type { ListUpdatedOptions, UserClient } from '../user-client.js';
import { toTransaction } from './mapping.js';

const STATE_VERSION = 1;
/** Ids of rows updated exactly at the mark that a cursor remembers (see {@link BridgeSyncState.atMark}). */
const MAX_AT_MARK = 100;
/** Catch-up passes in a row after which a sync stops even though rows keep changing. */
const MAX_CATCH_UPS = 3;

/** What a Bridge v2 sync cursor carries (JSON). */
interface BridgeSyncState {
  v: typeof STATE_VERSION;
  /** The newest `updated_at` applied (epoch ms); absent before the first pass completes. */
  mark?: number;
  /**
   * `id:digest` of the rows updated exactly at `mark`. The next pass asks from 1 ms before the mark
   * (whether Bridge reads `since` as "after" or "from" is undocumented, and a row may change again
   * within the mark's millisecond); rows it gets again unchanged are not reported twice.
   */
  atMark?: string[];
  /** More than MAX_AT_MARK rows shared the mark: none is remembered, and the next pass asks from the mark itself. */
  overflow?: boolean;
  /** Consecutive catch-up passes so far (see `MAX_CATCH_UPS`). */
  catchUps?: number;
  /** The largest transaction id seen: higher ids are new rows (`added`), others changes (`modified`). */
  maxId?: string;
  /** Set while a pass is under way (`hasMore`). */
  pass?: {
    /** The `after` of the next page. */
    after: string;
    /** The newest `updated_at` of the pass's first page: the mark once the pass completes. */
    mark?: number;
    atMark: string[];
    overflow?: boolean;
    maxId?: string;
    /** Whether the pass listed any row not already applied (re-deliveries at the mark do not count). */
    changed?: boolean;
  };
}

/** `id:digest` of a row as listed: a changed row differs even within the same millisecond. */
function versionOf(row: BridgeTransaction): string {
  return `${row.id}:${hash('sha256', JSON.stringify(row), 'hex').slice(0, 12)}`;
}

function biggerId(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return a.length !== b.length ? (a.length > b.length ? a : b) : a > b ? a : b;
}

function isNewer(id: string, maxId: string | undefined): boolean {
  return maxId === undefined || (biggerId(maxId, id) === id && id !== maxId);
}

function decodeState(cursor: string, accountIds: readonly string[] | undefined): BridgeSyncState {
  const data = decodeSyncCursor(cursor, { provider: BRIDGE_PROVIDER_ID, accountIds });
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    state = undefined;
  }
  const candidate = state as BridgeSyncState | undefined;
  if (typeof candidate !== 'object' || candidate === null || candidate.v !== STATE_VERSION) {
    throw new SyncCursorError(
      'The sync cursor was refused: its Bridge state does not decode. Sync again without a cursor.',
      { provider: BRIDGE_PROVIDER_ID, problem: 'malformed' },
    );
  }
  return candidate;
}

function encodeState(state: BridgeSyncState, accountIds: readonly string[] | undefined): string {
  return encodeSyncCursor({
    provider: BRIDGE_PROVIDER_ID,
    accountIds,
    data: Buffer.from(JSON.stringify(state), 'utf8'),
  });
}

/**
 * Bridge v2's change feed: `/transactions/updated?since=<mark>` lists every row created, updated
 * or deleted after the mark, most recently updated first, `pageSize` at a time. One page is one
 * batch. The pass's mark is the newest `updated_at` of its first page, so a row changed while later
 * pages are read (or while a crashed sync waited to be resumed) moves above the mark; a pass of
 * several pages therefore ends with `hasMore` and one more pass from its mark, which is usually a
 * single page. An incremental sync of k <= pageSize changes is one request; of more, ceil(k /
 * pageSize) + 1. Deleted rows are `removed` (the first
 * pass skips them: there is nothing to remove yet). A booked row that Bridge recreated from a pending
 * (`is_future`) one in the same batch (same account, amount and description) is linked to it.
 */
export async function syncBridge(
  client: UserClient,
  pageSize: number,
  options: SyncOptions,
): Promise<SyncBatch> {
  const { accountIds, signal } = options;
  const state: BridgeSyncState =
    options.cursor === undefined ? { v: STATE_VERSION } : decodeState(options.cursor, accountIds);
  const wanted = accountIds === undefined ? undefined : new Set(accountIds);
  const pass = state.pass;
  const request: ListUpdatedOptions = {
    limit: pageSize,
    // From 1 ms before the mark, so rows changed within the mark's millisecond are not missed; the
    // ones already applied are recognised by `atMark`. Past MAX_AT_MARK such rows, from the mark itself.
    ...(state.mark !== undefined ? { since: new Date(state.overflow ? state.mark : state.mark - 1) } : {}),
    ...(pass ? { after: pass.after } : {}),
    ...(signal ? { signal } : {}),
  };
  const only = accountIds !== undefined && wanted?.size === 1 ? accountIds[0] : undefined;
  let page: BridgePage<BridgeTransaction>;
  try {
    page =
      only !== undefined
        ? await client.listAccountUpdatedTransactions(only, request)
        : await client.listUpdatedTransactions(request);
  } catch (error) {
    // Bridge says its page cursors may change over time: a refused one means start the pass again.
    if (pass && isHttpError(error) && error.status === 400) {
      const { pass: _interrupted, ...passStart } = state;
      throw new SyncRestartRequiredError(
        'Bridge refused the page cursor of a sync under way; restart the pass from its first page.',
        { provider: BRIDGE_PROVIDER_ID, cause: error, restartCursor: encodeState(passStart, accountIds) },
      );
    }
    throw error;
  }

  const rows = page.resources;
  let passMark = pass?.mark;
  if (!pass) {
    for (const row of rows) {
      const at = Date.parse(row.updated_at);
      if (passMark === undefined || at > passMark) passMark = at;
    }
  }
  // Rows at the pass's mark come first (newest first), possibly over several pages.
  let passAtMark = pass?.atMark ?? [];
  let overflow = pass?.overflow === true;
  for (const row of rows) {
    if (overflow || Date.parse(row.updated_at) !== passMark) continue;
    passAtMark = [...passAtMark, versionOf(row)];
    if (passAtMark.length > MAX_AT_MARK) {
      overflow = true;
      passAtMark = [];
    }
  }
  const firstPass = state.mark === undefined;
  const alreadyApplied = new Set(state.atMark ?? []);
  const added: Transaction[] = [];
  const modified: Transaction[] = [];
  const removed: RemovedTransaction[] = [];
  const deletedPending: BridgeTransaction[] = [];
  let maxId = pass?.maxId ?? state.maxId;
  let changed = pass?.changed === true;
  for (const row of rows) {
    const id = String(row.id);
    maxId = biggerId(maxId, id);
    if (wanted && !wanted.has(String(row.account_id))) continue;
    const at = Date.parse(row.updated_at);
    if (state.mark !== undefined && at <= state.mark && alreadyApplied.has(versionOf(row))) continue;
    changed = true;
    if (row.is_deleted) {
      if (firstPass) continue;
      removed.push({ id, accountId: String(row.account_id) });
      if (row.is_future) deletedPending.push(row);
      continue;
    }
    const transaction = toTransaction(row);
    if (firstPass || isNewer(id, state.maxId)) added.push(transaction);
    else modified.push(transaction);
  }
  linkRecreatedRows(added, deletedPending);

  const nextUri = page.nextUri;
  const after =
    typeof nextUri === 'string' ? new URL(nextUri, 'http://bridge.invalid').searchParams.get('after') : null;
  let next: BridgeSyncState;
  let hasMore: boolean;
  if (after) {
    next = {
      ...state,
      pass: {
        after,
        atMark: passAtMark,
        ...(overflow ? { overflow } : {}),
        ...(passMark !== undefined ? { mark: passMark } : {}),
        ...(maxId !== undefined ? { maxId } : {}),
        ...(changed ? { changed } : {}),
      },
    };
    hasMore = true;
  } else {
    // A pass of several pages took several requests, maybe across a crash: whatever changed since
    // its first page sits above its mark, so it ends with one more (usually one-page) pass. A pass
    // that listed nothing new ends the sync, and so does the third catch-up pass in a row (Bridge
    // keeps changing faster than it can be read; the next sync goes on from there).
    const catchUps = state.catchUps ?? 0;
    hasMore = pass !== undefined && changed && catchUps < MAX_CATCH_UPS;
    next = { v: STATE_VERSION };
    const mark = passMark ?? state.mark;
    if (mark !== undefined) next.mark = mark;
    if (passMark !== undefined) {
      next.atMark = passAtMark;
      if (overflow) next.overflow = true;
    } else {
      next.atMark = state.atMark ?? [];
      if (state.overflow) next.overflow = true;
    }
    if (maxId !== undefined) next.maxId = maxId;
    if (hasMore) next.catchUps = catchUps + 1;
  }
  return { added, modified, removed, cursor: encodeState(next, accountIds), hasMore };
}

/** Links booked rows to the pending rows Bridge deleted for them in the same batch (one to one). */
function linkRecreatedRows(added: Transaction[], deletedPending: readonly BridgeTransaction[]): void {
  if (deletedPending.length === 0) return;
  const pool = [...deletedPending];
  for (const transaction of added) {
    if (transaction.status !== 'booked') continue;
    const row = transaction.raw as BridgeTransaction;
    const index = pool.findIndex(
      (candidate) =>
        candidate.account_id === row.account_id &&
        candidate.amount === row.amount &&
        candidate.clean_description === row.clean_description,
    );
    if (index === -1) continue;
    const [pending] = pool.splice(index, 1);
    if (pending) transaction.pendingTransactionId = String(pending.id);
  }
}
