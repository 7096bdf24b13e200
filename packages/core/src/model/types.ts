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

/** One bank, behind the unified model. Every adapter ships one (`BridgeProvider`, `SpareBank1Provider`). */
export interface BankingProvider {
  /** Stable provider id, e.g. `sparebank1`. */
  readonly id: string;
  /** Every account the user can see. */
  listAccounts(options?: AccountQuery): Promise<Account[]>;
  /** Transactions, newest first, as pages. */
  listTransactions(query?: TransactionQuery): Promise<Page<Transaction>>;
}
