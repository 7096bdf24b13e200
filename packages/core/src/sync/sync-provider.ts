import { ConfigurationError } from '../errors/local-errors.js';
import { SyncRestartRequiredError } from '../errors/sync-errors.js';
import type { BankingProvider } from '../model/types.js';
import type { TransactionLedger } from './ledger.js';

/** Changes counted for one account. */
export interface SyncCounts {
  added: number;
  modified: number;
  removed: number;
}

/** What one call of {@link syncProvider} did. */
export interface SyncSummary extends SyncCounts {
  /** The ledger source the rows and cursor were stored under. */
  source: string;
  /** Batches fetched and committed. */
  batches: number;
  /** Times the sync started over because the data changed mid-way (see `SyncRestartRequiredError`). */
  restarts: number;
  /** Counts per account id. */
  accounts: Record<string, SyncCounts>;
}

/** Reported after each committed batch. */
export interface SyncProgress extends SyncSummary {
  /** Whether more batches follow. */
  hasMore: boolean;
}

/** Options of {@link syncProvider}. */
export interface SyncProviderOptions {
  /** Name of this login in the ledger. Default `provider.id`; set one per login when a ledger holds two of one bank. */
  source?: string;
  /** Only these accounts (the stored cursor is bound to this set). */
  accountIds?: string[];
  /** Stops between requests and aborts the one in flight. */
  signal?: AbortSignal;
  /** Called after each committed batch. */
  onProgress?: (progress: SyncProgress) => void;
  /** How many times a sync may start over after `SyncRestartRequiredError` before giving up. Default 3. */
  maxRestarts?: number;
}

function countInto(summary: SyncSummary, accountId: string, field: keyof SyncCounts): void {
  summary[field]++;
  let counts = summary.accounts[accountId];
  if (counts === undefined) {
    counts = { added: 0, modified: 0, removed: 0 };
    summary.accounts[accountId] = counts;
  }
  counts[field]++;
}

/**
 * Brings `ledger` up to date with `provider`: fetches a batch from the stored cursor, applies it
 * and its cursor in one ledger transaction, and repeats until the provider says it is up to date.
 * A crash between fetching and committing loses nothing: the next call starts from the last
 * committed cursor, and applying a batch again is harmless. When the provider reports that its
 * data changed mid-way (`SyncRestartRequiredError`), the sync starts over from the cursor it began
 * with (or the one the provider names), as Plaid documents for its own feed.
 * @throws SyncRestartRequiredError after `maxRestarts` restarts; any error of the provider or ledger.
 */
export async function syncProvider(
  provider: BankingProvider,
  ledger: TransactionLedger,
  options: SyncProviderOptions = {},
): Promise<SyncSummary> {
  if (typeof provider?.syncTransactions !== 'function') {
    throw new ConfigurationError(
      `The provider ${String(provider?.id)} cannot sync: it has no syncTransactions().`,
    );
  }
  const source = options.source ?? provider.id;
  const maxRestarts = options.maxRestarts ?? 3;
  const summary: SyncSummary = {
    source,
    added: 0,
    modified: 0,
    removed: 0,
    batches: 0,
    restarts: 0,
    accounts: {},
  };
  const began = await ledger.getCursor(source);
  let cursor = began;
  for (;;) {
    options.signal?.throwIfAborted();
    let batch: Awaited<ReturnType<BankingProvider['syncTransactions']>>;
    try {
      batch = await provider.syncTransactions({
        ...(cursor !== undefined ? { cursor } : {}),
        ...(options.accountIds ? { accountIds: options.accountIds } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof SyncRestartRequiredError) || summary.restarts >= maxRestarts) throw error;
      summary.restarts++;
      cursor = error.restartCursor ?? began;
      continue;
    }
    await ledger.applyBatch(source, batch);
    summary.batches++;
    for (const row of batch.added) countInto(summary, row.accountId, 'added');
    for (const row of batch.modified) countInto(summary, row.accountId, 'modified');
    for (const row of batch.removed) countInto(summary, row.accountId, 'removed');
    options.onProgress?.({ ...summary, accounts: { ...summary.accounts }, hasMore: batch.hasMore });
    cursor = batch.cursor;
    if (!batch.hasMore) return summary;
  }
}
