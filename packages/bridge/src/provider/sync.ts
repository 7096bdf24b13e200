import { hash } from 'node:crypto';
import {
  decodeSyncCursor,
  encodeSyncCursor,
  InvalidInputError,
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

/**
 * Bridge's largest page (v2 and v3). With 60 requests per user per minute, the default of 50 would
 * turn a long history into hundreds of requests and 429s.
 */
export const PAGE_LIMIT = 500;

/** The page size a sync reads with: `syncPageSize` checked, or {@link PAGE_LIMIT}, the fewest requests. */
export function checkSyncPageSize(syncPageSize: number | undefined): number {
  const size = syncPageSize ?? PAGE_LIMIT;
  if (!Number.isInteger(size) || size < 1 || size > PAGE_LIMIT) {
    throw new InvalidInputError(`syncPageSize must be a whole number from 1 to ${PAGE_LIMIT}.`, {
      field: 'syncPageSize',
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return size;
}

/** What the sync reads of one row of a Bridge change feed (v2 `/transactions/updated`, v3 `since`). */
export interface FeedRowView {
  id: string;
  accountId: string;
  /** `updated_at` in epoch ms. */
  updatedAtMs: number;
  deleted: boolean;
  pending: boolean;
  amount: number;
  description: string;
}

/** One Bridge API version's change feed, newest update first. */
export interface UpdatedFeed<R> {
  /** Names the cursors of this feed, so a cursor of one API version is refused by the other. */
  cursorProvider: string;
  /** One page: rows updated after `since` (all rows without it), continuing after `after`. */
  read(request: {
    since?: Date;
    after?: string;
    limit: number;
    accountId?: string;
    signal?: AbortSignal;
  }): Promise<BridgePage<R>>;
  view(row: R): FeedRowView;
  toTransaction(row: R): Transaction;
}

const STATE_VERSION = 1;
/** Ids of rows updated exactly at the mark that a cursor remembers (see {@link BridgeSyncState.atMark}). */
const MAX_AT_MARK = 100;
/** Catch-up passes in a row after which a sync stops even though rows keep changing. */
const MAX_CATCH_UPS = 3;

/** What a Bridge sync cursor carries (JSON). */
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
  /**
   * A first pass started again after a refused page cursor: the ledger may already hold rows of it,
   * so its deleted rows are reported (`removed`) instead of skipped.
   */
  reportDeleted?: boolean;
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
function versionOf(id: string, row: unknown): string {
  return `${id}:${hash('sha256', JSON.stringify(row), 'hex').slice(0, 12)}`;
}

function biggerId(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return a.length !== b.length ? (a.length > b.length ? a : b) : a > b ? a : b;
}

function isNewer(id: string, maxId: string | undefined): boolean {
  return maxId === undefined || (biggerId(maxId, id) === id && id !== maxId);
}

function decodeState(
  cursor: string,
  provider: string,
  accountIds: readonly string[] | undefined,
): BridgeSyncState {
  const data = decodeSyncCursor(cursor, { provider, accountIds });
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    state = undefined;
  }
  const candidate = state as BridgeSyncState | undefined;
  if (typeof candidate !== 'object' || candidate === null || candidate.v !== STATE_VERSION) {
    throw new SyncCursorError(
      'The sync cursor was refused: its Bridge state does not decode. Sync again without a cursor, into an emptied store.',
      { provider: BRIDGE_PROVIDER_ID, problem: 'malformed' },
    );
  }
  return candidate;
}

function encodeState(
  state: BridgeSyncState,
  provider: string,
  accountIds: readonly string[] | undefined,
): string {
  return encodeSyncCursor({
    provider,
    accountIds,
    data: Buffer.from(JSON.stringify(state), 'utf8'),
  });
}

/**
 * A Bridge change feed (v2 `/transactions/updated?since=`, v3 `/aggregation/transactions?since=`):
 * every row created, updated or deleted after the mark, most recently updated first, `pageSize` at a
 * time. One page is one batch. The pass's mark is the newest `updated_at` of its first page, so a row
 * changed while later pages are read (or while a crashed sync waited to be resumed) moves above the
 * mark; a pass of several pages therefore ends with `hasMore` and one more pass from its mark, which
 * is usually a single page. An incremental sync of k <= pageSize changes is one request; of more,
 * ceil(k / pageSize) + 1. Deleted rows are `removed` (the first pass skips them: there is nothing to
 * remove yet). A booked row that Bridge recreated from a pending one in the same batch (same account,
 * amount and description) is linked to it.
 */
export async function syncUpdatedFeed<R>(
  feed: UpdatedFeed<R>,
  pageSize: number,
  options: SyncOptions,
): Promise<SyncBatch> {
  const { accountIds, signal } = options;
  const provider = feed.cursorProvider;
  const state: BridgeSyncState =
    options.cursor === undefined ? { v: STATE_VERSION } : decodeState(options.cursor, provider, accountIds);
  const wanted = accountIds === undefined ? undefined : new Set(accountIds);
  const pass = state.pass;
  const only = accountIds !== undefined && wanted?.size === 1 ? accountIds[0] : undefined;
  let page: BridgePage<R>;
  try {
    page = await feed.read({
      limit: pageSize,
      // From 1 ms before the mark, so rows changed within the mark's millisecond are not missed; the
      // ones already applied are recognised by `atMark`. Past MAX_AT_MARK such rows, from the mark itself.
      ...(state.mark !== undefined ? { since: new Date(state.overflow ? state.mark : state.mark - 1) } : {}),
      ...(pass ? { after: pass.after } : {}),
      ...(only !== undefined ? { accountId: only } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    // Bridge says its page cursors may change over time: a refused one means start the pass again.
    if (pass && isHttpError(error) && error.status === 400) {
      const { pass: _interrupted, ...rest } = state;
      const passStart: BridgeSyncState = rest.mark === undefined ? { ...rest, reportDeleted: true } : rest;
      throw new SyncRestartRequiredError(
        'Bridge refused the page cursor of a sync under way; restart the pass from its first page.',
        {
          provider: BRIDGE_PROVIDER_ID,
          cause: error,
          restartCursor: encodeState(passStart, provider, accountIds),
        },
      );
    }
    throw error;
  }

  const rows = page.resources.map((raw) => ({ raw, view: feed.view(raw) }));
  let passMark = pass?.mark;
  if (!pass) {
    for (const { view } of rows) {
      if (passMark === undefined || view.updatedAtMs > passMark) passMark = view.updatedAtMs;
    }
  }
  // Rows at the pass's mark come first (newest first), possibly over several pages.
  let passAtMark = pass?.atMark ?? [];
  let overflow = pass?.overflow === true;
  for (const { raw, view } of rows) {
    if (overflow || view.updatedAtMs !== passMark) continue;
    passAtMark = [...passAtMark, versionOf(view.id, raw)];
    if (passAtMark.length > MAX_AT_MARK) {
      overflow = true;
      passAtMark = [];
    }
  }
  const firstPass = state.mark === undefined;
  // A first pass from no cursor has nothing to remove yet; one restarted after some of its pages were
  // applied has.
  const skipDeleted = firstPass && state.reportDeleted !== true;
  const alreadyApplied = new Set(state.atMark ?? []);
  const added: Transaction[] = [];
  const modified: Transaction[] = [];
  const removed: RemovedTransaction[] = [];
  const deletedPending: FeedRowView[] = [];
  let maxId = pass?.maxId ?? state.maxId;
  let changed = pass?.changed === true;
  for (const { raw, view } of rows) {
    maxId = biggerId(maxId, view.id);
    if (wanted && !wanted.has(view.accountId)) continue;
    if (
      state.mark !== undefined &&
      view.updatedAtMs <= state.mark &&
      alreadyApplied.has(versionOf(view.id, raw))
    ) {
      continue;
    }
    changed = true;
    if (view.deleted) {
      if (skipDeleted) continue;
      removed.push({ id: view.id, accountId: view.accountId });
      if (view.pending) deletedPending.push(view);
      continue;
    }
    const transaction = feed.toTransaction(raw);
    if (firstPass || isNewer(view.id, state.maxId)) added.push(transaction);
    else modified.push(transaction);
  }
  linkRecreatedRows(added, deletedPending, feed);

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
  return { added, modified, removed, cursor: encodeState(next, provider, accountIds), hasMore };
}

/** Links booked rows to the pending rows Bridge deleted for them in the same batch (one to one). */
function linkRecreatedRows<R>(
  added: Transaction[],
  deletedPending: readonly FeedRowView[],
  feed: UpdatedFeed<R>,
): void {
  if (deletedPending.length === 0) return;
  const pool = [...deletedPending];
  for (const transaction of added) {
    if (transaction.status !== 'booked') continue;
    const view = feed.view(transaction.raw as R);
    const index = pool.findIndex(
      (candidate) =>
        candidate.accountId === view.accountId &&
        candidate.amount === view.amount &&
        candidate.description === view.description,
    );
    if (index === -1) continue;
    const [pending] = pool.splice(index, 1);
    if (pending) transaction.pendingTransactionId = pending.id;
  }
}
