/** Bridge account types (all of them are seeded for users with enough accounts). */
export type BridgeAccountType =
  | 'checking'
  | 'savings'
  | 'brokerage'
  | 'card'
  | 'loan'
  | 'shared_saving_plan'
  | 'pending'
  | 'life_insurance'
  | 'special'
  | 'unknown';

/** A Bridge user of the sandbox app. */
export interface UserRecord {
  uuid: string;
  /** Legacy users have an email and password; new-style users may have only an external id. */
  email: string | null;
  password: string | null;
  externalUserId: string | null;
  emailConfirmed: boolean;
  /** Creation order, the key users are listed by (newest first). */
  seq: number;
}

/** A connected bank (item). */
export interface ItemRecord {
  id: number;
  userUuid: string;
  bankId: number;
  /** 0 = OK, 1010 = SCA needed (see `control.setItemStatus`). */
  status: number;
  refreshedAtMs: number;
  /** Refresh progress: index into the refresh steps while refreshing, `undefined` when idle. */
  refreshStep: number | undefined;
}

/** Loan details as stored (amounts in hundredths, rate in hundredths of a percent). */
export interface LoanDetailsRecord {
  nextPaymentDay: number;
  nextPaymentAmount: number;
  maturityDay: number;
  openingDay: number;
  interestRateBp: number;
  type: string;
  borrowed: number;
  repaid: number;
}

/** Savings details as stored. */
export interface SavingsDetailsRecord {
  openingDay: number;
  interestRateBp: number;
  ceiling: number;
}

/** A bank account inside an item. */
export interface AccountRecord {
  id: number;
  itemId: number;
  userUuid: string;
  bankId: number;
  name: string;
  type: BridgeAccountType;
  /** Hundredths. */
  balance: number;
  currencyCode: string;
  iban: string | null;
  isPro: boolean;
  updatedAtMs: number;
  loan: LoanDetailsRecord | null;
  savings: SavingsDetailsRecord | null;
}

/** One transaction row, compact; its JSON text is built once and cached in `json`. */
export interface TransactionRow {
  id: number;
  accountId: number;
  itemId: number;
  /** Booking day, days since 1970-01-01. */
  day: number;
  /** Hundredths, signed (positive = credit). */
  amount: number;
  clean: string;
  bank: string;
  categoryId: number;
  currencyCode: string;
  updatedAtMs: number;
  isDeleted: boolean;
  isFuture: boolean;
  /** Card rows carry the optional `transaction_date`/`booking_date`/`value_date` fields. */
  card: boolean;
  /** Cached serialization, cleared on every change. */
  json: string | undefined;
}

/** A holding in a brokerage account. */
export interface StockRecord {
  id: number;
  accountId: number;
  itemId: number;
  ticker: string;
  isin: string;
  label: string;
  marketplace: string | null;
  currencyCode: string;
  /** Hundredths. */
  price: number;
  averagePurchasePrice: number;
  /** Thousandths of a unit. */
  quantity: number;
  valueDay: number;
  createdAtMs: number;
  updatedAtMs: number;
  isDeleted: boolean;
}

/** What a Bridge Connect session was opened for. */
export type ConnectSessionKind = 'add' | 'edit' | 'sync' | 'pro-confirmation' | 'manage-iban';

/** An opened Bridge Connect session (completed through the sandbox control hooks). */
export interface ConnectSessionRecord {
  id: string;
  kind: ConnectSessionKind;
  userUuid: string;
  itemId: number | null;
  bankId: number | null;
  country: string | null;
  prefillEmail: string | null;
  redirectUrl: string | null;
  context: string | null;
  createdAtMs: number;
  completed: boolean;
}
