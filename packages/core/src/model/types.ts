import type { Page } from '../pagination/page.js';
import type { Money } from './money.js';

/** The kind of an account, across providers. */
export type AccountType = 'checking' | 'savings' | 'card' | 'loan' | 'investment' | 'other';

/** An account at any provider, in one shape. */
export interface Account {
  /** The provider id, e.g. `bridge` or `sparebank1`. */
  provider: string;
  /** The provider's stable id for the account (SpareBank 1: the account key; Bridge: the numeric id as a string). */
  id: string;
  /** Display name. */
  name: string;
  type: AccountType;
  /** ISO 4217 code. */
  currency: string;
  balance: Money;
  availableBalance?: Money;
  iban?: string;
  accountNumber?: string;
  /** The provider's own payload, unchanged. */
  raw: unknown;
}

/** A transaction at any provider, in one shape. */
export interface Transaction {
  provider: string;
  /** Stable across fetches, even where the provider's own id is not (SpareBank 1). */
  id: string;
  /** {@link Account.id} of the account it belongs to. */
  accountId: string;
  /** Negative for money out. */
  amount: Money;
  /** `YYYY-MM-DD` in the bank's own time zone. */
  bookingDate: string;
  /** `YYYY-MM-DD`, when the provider gives one. */
  valueDate?: string;
  status: 'booked' | 'pending';
  description: string;
  counterparty?: { name?: string; account?: string };
  category?: string;
  /**
   * On a booked row: the {@link Transaction.id} of the pending row it replaced, when the bank books a
   * pending row under a new id and the two can be linked (see `docs/sync.md` for each bank's rule).
   * Absent when the row was booked in place (same id) or no link is known.
   */
  pendingTransactionId?: string;
  /** The provider's own payload, unchanged. */
  raw: unknown;
}

/** Filters for {@link BankingProvider.listTransactions}. */
export interface TransactionQuery {
  /** Only these accounts ({@link Account.id}); all accounts when omitted. */
  accountIds?: string[];
  /** First booking date included, `YYYY-MM-DD` or a Date (read in the bank's time zone). */
  from?: string | Date;
  /** Last booking date included. */
  to?: string | Date;
  signal?: AbortSignal;
}

/** Options for {@link BankingProvider.listAccounts}. */
export interface AccountQuery {
  signal?: AbortSignal;
}

/** Options of {@link BankingProvider.syncTransactions}. */
export interface SyncOptions {
  /**
   * The `cursor` of the last batch applied. Omitted: from the beginning (every transaction the
   * provider can reach). A cursor from another provider, another account set, or a corrupted one is
   * refused with `SyncCursorError`.
   */
  cursor?: string;
  /** Only these accounts ({@link Account.id}); all accounts when omitted. A cursor is bound to this set. */
  accountIds?: string[];
  signal?: AbortSignal;
}

/** A transaction that no longer exists at the bank. */
export interface RemovedTransaction {
  /** {@link Transaction.id} of the row to delete. */
  id: string;
  /** {@link Transaction.accountId} of that row. */
  accountId: string;
}

/**
 * What changed since a cursor: apply `added` and `modified` as upserts by id and `removed` as deletes,
 * then store `cursor` in the same transaction. Applying a batch twice is harmless.
 */
export interface SyncBatch {
  /** Rows new since the cursor (an upsert by id, should a retried sync deliver one again). */
  added: Transaction[];
  /** Rows that changed since the cursor, in their current form. */
  modified: Transaction[];
  /** Rows that are gone. */
  removed: RemovedTransaction[];
  /**
   * Opaque; pass it to the next call. Versioned and checksummed, at most `MAX_SYNC_CURSOR_LENGTH`
   * characters.
   */
  cursor: string;
  /** True: call again with `cursor` now, there is more. False: up to date. */
  hasMore: boolean;
}

/** One bank, behind the unified model. Every adapter ships one (`BridgeProvider`, `SpareBank1Provider`). */
export interface BankingProvider {
  /** Stable provider id, e.g. `sparebank1`. */
  readonly id: string;
  /** Every account the user can see. */
  listAccounts(options?: AccountQuery): Promise<Account[]>;
  /** Transactions, newest first, as pages. */
  listTransactions(query?: TransactionQuery): Promise<Page<Transaction>>;
  /**
   * What changed since `cursor`, one batch at a time (`hasMore` says whether to call again). Each
   * bank's feed and its pending -> booked rule are described in `docs/sync.md`.
   * @throws SyncCursorError for a cursor of another provider or account set, or a corrupted one.
   */
  syncTransactions(options?: SyncOptions): Promise<SyncBatch>;
}
