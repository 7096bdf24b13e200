import type { SyncBatch, Transaction } from '../model/types.js';

/** Filters of {@link TransactionLedger.listTransactions}: the same as a provider's `listTransactions`. */
export interface LedgerQuery {
  /** Only rows synced under this source (see {@link TransactionLedger}); every source when omitted. */
  source?: string;
  /** Only these accounts ({@link Transaction.accountId}). */
  accountIds?: readonly string[];
  /** First booking date included, `YYYY-MM-DD`. */
  from?: string;
  /** Last booking date included, `YYYY-MM-DD`. */
  to?: string;
}

/**
 * Where synced transactions are kept: `@bankkit/ledger`'s `SqliteLedger`, a PostgreSQL ledger, or
 * your own store. A ledger holds rows and one cursor per source (a name for one provider login,
 * `provider.id` by default), and applies a {@link SyncBatch} with its cursor in one transaction:
 * after a crash at any moment it holds either the batch and its cursor, or neither.
 */
export interface TransactionLedger {
  /** The cursor stored for `source`; undefined when it was never synced. */
  getCursor(source: string): Promise<string | undefined>;
  /**
   * Upserts `added` and `modified` by id, deletes `removed`, and stores `batch.cursor` for `source`,
   * all or nothing. Applying the same batch twice leaves the same state.
   */
  applyBatch(source: string, batch: SyncBatch): Promise<void>;
  /** Stored rows, newest first (booking date, then id, both descending), read from the ledger alone. */
  listTransactions(query?: LedgerQuery): Promise<Transaction[]>;
}
