/**
 * The bank's internal state. Amounts are integer minor units (øre, cents); the wire formats convert
 * them at the edge, so no arithmetic ever happens on floats.
 */

/** A calendar date `yyyy-MM-dd` (Europe/Oslo when it stands for a moment). */
export type IsoDate = string;

/** The kinds of account the demo user can hold. */
export type AccountKind = 'checking' | 'savings' | 'bsu' | 'creditCard' | 'ask' | 'pension' | 'currency';

/** The 20 booleans of an account's `accountProperties`. */
export interface AccountProperties {
  isTransferFromEnabled: boolean;
  isTransferToEnabled: boolean;
  isPaymentFromEnabled: boolean;
  isAllowedInAvtaleGiro: boolean;
  hasAccess: boolean;
  isBalancePreferred: boolean;
  isFlexiLoan: boolean;
  isCodebitorLoan: boolean;
  isSecurityBalance: boolean;
  isAksjesparekonto: boolean;
  isSavingsAccount: boolean;
  isBonusAccount: boolean;
  userHasRightOfDisposal: boolean;
  userHasRightOfAccess: boolean;
  isOwned: boolean;
  isWithdrawalsAllowed: boolean;
  isBlocked: boolean;
  isHidden: boolean;
  isBalanceUpdatedImmediatelyOnTransferTo: boolean;
  isDefaultPaymentAccount: boolean;
}

/** The account holder. */
export interface Customer {
  name: string;
  firstName: string;
  lastName: string;
  age: number;
  dateOfBirth: IsoDate;
  email: string;
  mobilePhoneNumber: string;
  customerKey: string;
  ssnKey: string;
}

/** One account of the demo user. */
export interface BankAccount {
  kind: AccountKind;
  key: string;
  accountNumber: string;
  iban: string;
  name: string;
  description: string;
  currencyCode: string;
  balanceMinor: number;
  productType: string;
  type: string;
  productId: string | null;
  descriptionCode: string | null;
  properties: AccountProperties;
  interestRate: number;
  openedOn: IsoDate;
  /** Card accounts only. */
  creditCard?: { accountId: string; partitionKey: string; creditLimitMinor: number };
  /** Pension accounts only: the policy number transfers address. */
  policyNumber?: string;
}

/** Category of a row, as `/transactions/classified` reports it. */
export interface TransactionCategory {
  main: string;
  mainI18n: string;
  sub: string;
  subI18n: string;
}

/** One transaction row. */
export interface BankTransaction {
  /** Internal identity; never on the wire (the wire `id` is an encryption of it). */
  serial: number;
  accountKey: string;
  bookingStatus: 'BOOKED' | 'PENDING';
  /** Booking date (purchase date while pending), Oslo. */
  date: IsoDate;
  interestDate: IsoDate;
  amountMinor: number;
  description: string;
  cleanedDescription: string;
  typeCode: string;
  typeText: string;
  /** Bare (numeric) form; card rows get their partition-key prefix once `HISTORIC`. */
  nonUniqueId: string;
  remoteAccountNumber?: string;
  remoteAccountName?: string;
  kidOrMessage?: string;
  mcc?: string;
  /** Set on rows in another currency than the account's. */
  foreign?: { currencyCode: string; amountMinor: number; exchangeRate: number };
  isConfidential: boolean;
  category: TransactionCategory;
  recurring: boolean;
  subscription: boolean;
  archiveReference: string;
  numericalReference: string;
  /** Bumped on every change, so cached renderings know they are stale. */
  version: number;
}

/** The three transfer endpoints. */
export type TransferKind = 'debit' | 'creditcard' | 'pension';

/** One transfer the bank accepted (what the money tests count). */
export interface TransferRecord {
  paymentId: string;
  kind: TransferKind;
  fromAccount: string;
  /** Account number credited (debit transfers; the card's or policy's account for the others). */
  toAccount: string;
  creditCardAccountId?: string;
  policyNumber?: string;
  /** Decimal string with a dot and two decimals. */
  amount: string;
  currencyCode: string;
  /** The due date after any move (past or bank-closed dates). */
  dueDate: IsoDate;
  requestedDueDate?: IsoDate;
  message?: string;
  warnings: string[];
  /** ISO timestamp of the sandbox clock when the bank accepted it. */
  createdAt: string;
  /** `booked` when every leg is posted, `scheduled` while a leg waits for its date. */
  status: 'booked' | 'scheduled';
}
