import {
  type Account,
  type AccountQuery,
  type BankingProvider,
  Page,
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
  #knownKeys: { keys: string[]; at: number } | undefined;

  constructor(client: SpareBank1Client, options: SpareBank1ProviderOptions = {}) {
    this.#client = client;
    this.#windowDays = options.defaultWindowDays ?? 90;
    this.#keysTtlMs = options.accountKeysTtlMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
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

  async #accountKeys(signal: AbortSignal | undefined): Promise<string[]> {
    const known = this.#knownKeys;
    if (known && this.#keysTtlMs > 0 && this.#now() - known.at < this.#keysTtlMs) return known.keys;
    const accounts = await this.listAccounts(signal ? { signal } : {});
    return accounts.map((account) => account.id);
  }
}
