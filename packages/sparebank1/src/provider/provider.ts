import {
  type Account,
  type AccountQuery,
  type BankingProvider,
  InvalidInputError,
  Page,
  type SyncBatch,
  type SyncOptions,
  type Transaction,
  type TransactionQuery,
  toLocalDate,
} from '@bankkit/core';
import type { ListAccountsOptions } from '../accounts.js';
import type { SpareBank1Client } from '../client.js';
import { BANK_TIME_ZONE, PROVIDER_ID } from '../constants.js';
import { addDays, osloDateArgument } from '../dates.js';
import type { SpareBank1Transaction } from '../schemas/transaction.js';
import { type TransactionListPage, withListErrors } from '../transactions.js';
import { toUnifiedAccount } from './account-mapping.js';
import { syncSpareBank1 } from './sync.js';
import { toUnifiedTransactions } from './transaction-mapping.js';

/** Options of {@link SpareBank1Provider}. */
export interface SpareBank1ProviderOptions {
  /** Days back from today (Oslo) that `listTransactions` covers when `from` is not given. Default 90. */
  defaultWindowDays?: number;
  /**
   * How long the account keys of the last `listAccounts` are reused when `listTransactions` is
   * called without `accountIds`, saving a call under the bank's tight rate limit. Default
   * 15 minutes; 0 always asks the bank.
   */
  accountKeysTtlMs?: number;
  /** Clock in epoch ms, for "today". Default `Date.now`. */
  now?: () => number;
  /**
   * Days of history the first `syncTransactions` (no cursor) reads, and that a newly seen account
   * starts with. Default 365.
   */
  syncHistoryDays?: number;
  /**
   * Days back from today that every later sync re-reads and compares with the cursor's snapshot.
   * Changes the bank makes to older rows are not seen. Default 14.
   */
  syncOverlapDays?: number;
}

function positiveDays(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`${field} must be a whole number of days, at least 1.`, {
      field,
      provider: PROVIDER_ID,
    });
  }
  return value;
}

/** Every kind of account: the unified `listAccounts` means "every account the user can see". */
const ALL_ACCOUNTS: Omit<ListAccountsOptions, 'signal'> = {
  includeNokAccounts: true,
  includeCurrencyAccounts: true,
  includeBsuAccounts: true,
  includeCreditCardAccounts: true,
  includeAskAccounts: true,
  includePensionAccounts: true,
};

function newestFirst(transactions: Transaction[]): Transaction[] {
  return [...transactions].sort((a, b) =>
    a.bookingDate < b.bookingDate ? 1 : a.bookingDate > b.bookingDate ? -1 : 0,
  );
}

/**
 * SpareBank 1 behind the unified `BankingProvider` interface. Transactions of all accounts come
 * from one request (the keys are sent as a repeated `accountKey`), newest first, with ids that stay
 * the same on every fetch.
 */
export class SpareBank1Provider implements BankingProvider {
  /** `sparebank1`. */
  readonly id = PROVIDER_ID;
  readonly #client: SpareBank1Client;
  readonly #windowDays: number;
  readonly #keysTtlMs: number;
  readonly #now: () => number;
  readonly #historyDays: number;
  readonly #overlapDays: number;
  #knownKeys: { keys: string[]; at: number } | undefined;

  constructor(client: SpareBank1Client, options: SpareBank1ProviderOptions = {}) {
    this.#client = client;
    this.#windowDays = options.defaultWindowDays ?? 90;
    this.#keysTtlMs = options.accountKeysTtlMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
    this.#historyDays = positiveDays(options.syncHistoryDays, 365, 'syncHistoryDays');
    this.#overlapDays = positiveDays(options.syncOverlapDays, 14, 'syncOverlapDays');
  }

  /** Every account, credit cards, BSU, ASK, pension and currency accounts included. */
  async listAccounts(options: AccountQuery = {}): Promise<Account[]> {
    const accounts = await this.#client.listAccounts({
      ...ALL_ACCOUNTS,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.#knownKeys = { keys: accounts.map((account) => account.key), at: this.#now() };
    return accounts.map(toUnifiedAccount);
  }

  /**
   * Transactions of the given accounts (all accounts when omitted), booked from `from` to `to`
   * inclusive (Oslo calendar days; default: the last 90 days up to today). One page, newest
   * first; `page.errors` carries the bank's partial-failure codes. Rows the bank returns outside
   * the window are left out, as its date filtering is not documented as reliable.
   */
  async listTransactions(query: TransactionQuery = {}): Promise<TransactionListPage<Transaction>> {
    const today = toLocalDate(this.#now(), BANK_TIME_ZONE);
    const toDate = query.to === undefined ? today : osloDateArgument(query.to, 'to');
    const fromDate =
      query.from === undefined ? addDays(toDate, -this.#windowDays) : osloDateArgument(query.from, 'from');
    const signal = query.signal;
    const accountKeys = query.accountIds ?? (await this.#accountKeys(signal));
    if (accountKeys.length === 0) {
      return withListErrors(
        Page.single<Transaction>([], Response.json({ transactions: [], errors: [] })),
        [],
      );
    }
    const page = await this.#client.listTransactions({
      accountKeys,
      fromDate,
      toDate,
      ...(signal ? { signal } : {}),
    });
    const inWindow = (transaction: Transaction) =>
      transaction.bookingDate >= fromDate && transaction.bookingDate <= toDate;
    const mapped = page.map((rows: readonly SpareBank1Transaction[]) =>
      newestFirst(toUnifiedTransactions(rows).filter(inWindow)),
    );
    return withListErrors(mapped, page.errors);
  }

  /**
   * What changed since `cursor`, in one request (SpareBank 1 has no change feed and no pagination,
   * so `hasMore` is always false). The cursor carries a snapshot of the last `syncOverlapDays` days
   * (a stable id and a content digest per row, at most 2,000 rows); each sync re-reads from the
   * snapshot's first day and compares. Rows the bank no longer returns are `removed`; a booked row
   * replacing a pending one under another id carries `pendingTransactionId`. See `docs/sync.md`.
   * @throws SyncCursorError for a cursor of another provider or account set, or a damaged one.
   * @throws IncompleteDataError when the bank answers with `CREDIT_ACCOUNTS_FAILED` or
   * `RECENT_TRANSACTIONS_FAILED`: nothing is reported, as missing rows would look removed.
   */
  async syncTransactions(options: SyncOptions = {}): Promise<SyncBatch> {
    return syncSpareBank1(
      {
        today: toLocalDate(this.#now(), BANK_TIME_ZONE),
        historyDays: this.#historyDays,
        overlapDays: this.#overlapDays,
        allAccountKeys: (signal) => this.#accountKeys(signal),
        read: async (accountKeys, fromDate, toDate, signal) => {
          const page = await this.#client.listTransactions({
            accountKeys,
            fromDate,
            toDate,
            ...(signal ? { signal } : {}),
          });
          return { rows: toUnifiedTransactions(page.resources), errors: page.errors };
        },
      },
      options,
    );
  }

  async #accountKeys(signal: AbortSignal | undefined): Promise<string[]> {
    const known = this.#knownKeys;
    if (known && this.#keysTtlMs > 0 && this.#now() - known.at < this.#keysTtlMs) return known.keys;
    const accounts = await this.listAccounts(signal ? { signal } : {});
    return accounts.map((account) => account.id);
  }
}
