import type { NewRow } from './data/bank.js';
import { CARD_PURCHASES } from './data/merchants.js';
import type { AccountKind, BankTransaction, TransferKind, TransferRecord } from './data/model.js';
import { formatMinor, parseDecimalAmount } from './data/money.js';
import { randomDigits } from './data/random-text.js';
import type { ConsentMode } from './options.js';
import { type PartialFailure, type SpareBank1State, sandboxToday } from './state.js';
import { isTransferErrorCode, type TransferErrorCode } from './transfers/error-codes.js';

/** An account as the bank holds it right now. Amounts are decimal strings (`"-1234.50"`). */
export interface SpareBank1AccountSnapshot {
  key: string;
  accountNumber: string;
  kind: AccountKind;
  type: string;
  name: string;
  currencyCode: string;
  balance: string;
  availableBalance: string;
  /** Credit cards: the id `/transfer/creditcard/transferTo` takes. */
  creditCardAccountId?: string;
  /** Pension accounts: the policy number `/transfer/pension` takes. */
  policyNumber?: string;
}

/** A transaction row as the bank holds it. */
export interface SpareBank1TransactionSnapshot {
  /** The sandbox's own handle of the row (never on the wire), for the activity hooks. */
  ref: number;
  accountKey: string;
  /** The bare (`RECENT`) form. */
  nonUniqueId: string;
  date: string;
  amount: string;
  description: string;
  bookingStatus: 'BOOKED' | 'PENDING';
  typeCode: string;
}

/** Which pending row {@link SpareBank1Control.bookPending} books, and for how much. */
export interface BookPendingOptions {
  /** The row to book ({@link SpareBank1TransactionSnapshot.ref}). */
  ref?: number;
  accountKey?: string;
  nonUniqueId?: string;
  /** Signed booked amount (`"-143.00"`). Default: the reserved amount plus 10 %, as with a tip. */
  amount?: string;
}

/** Test hooks of the SpareBank 1 sandbox. */
export interface SpareBank1Control {
  /** Every account with its current balances. */
  accounts(): SpareBank1AccountSnapshot[];
  /** Every transfer the bank holds, oldest first (one per accepted request, duplicates included). */
  transfers(): TransferRecord[];
  /** Rows of one account, newest first. */
  transactions(accountKey: string): SpareBank1TransactionSnapshot[];
  /** Books a pending card row, by default with a different amount than was reserved (SB-47). */
  bookPending(options?: BookPendingOptions): SpareBank1TransactionSnapshot & { previousAmount: string };
  /**
   * Adds a row (activity control): booked unless `pending`, on `accountKey` (default the default
   * payment account), dated `date` (default today; an earlier date is a row appearing out of date
   * order), for `amount` (signed decimal, default a random purchase) with `description`.
   */
  addTransaction(options?: {
    accountKey?: string;
    date?: string;
    amount?: string;
    description?: string;
    pending?: boolean;
  }): SpareBank1TransactionSnapshot;
  /** Changes a row's amount and/or description in place (its `ref` stays). */
  updateTransaction(
    ref: number,
    change: { amount?: string; description?: string },
  ): SpareBank1TransactionSnapshot;
  /** Removes a row: the bank no longer returns it. */
  deleteTransaction(ref: number): void;
  /** Adds a pending purchase on the first credit card (or `accountKey`) dated today. */
  addPendingPurchase(options?: { accountKey?: string; amount?: string }): SpareBank1TransactionSnapshot;
  /**
   * Makes the transaction endpoints answer 200 with these `errors` and leave the affected rows out
   * (credit-card rows, or `RECENT` rows) until called again with `[]` (SB-49).
   */
  setPartialFailure(errors: readonly PartialFailure[]): void;
  /**
   * Fails the next transfer request (of `kind`, when given) with this documented code and its status.
   * With `afterBooking`, the transfer is booked first: the `general.error` outcome-unknown case (SB-66).
   */
  failNextTransfer(code: TransferErrorCode, options?: { afterBooking?: boolean; kind?: TransferKind }): void;
  /** `page` shows the consent page; `approve` / `deny` decide at once. */
  setConsentMode(mode: ConsentMode): void;
  /** Kills every refresh token (the user withdrew the consent). */
  revokeRefreshTokens(): void;
  /** Kills every access token. */
  revokeAccessTokens(): void;
  /** The client secret runs out: the token endpoint answers 401 `invalid_client`. */
  expireClientSecret(): void;
  /** Undoes {@link expireClientSecret}. */
  renewClientSecret(): void;
  /** Forgets the rate limiter's counts. */
  resetRateLimits(): void;
  /** Back to the seeded state: data, tokens, scenarios and counters. */
  reset(): void;
}

function transactionSnapshot(row: BankTransaction): SpareBank1TransactionSnapshot {
  return {
    ref: row.serial,
    accountKey: row.accountKey,
    nonUniqueId: row.nonUniqueId,
    date: row.date,
    amount: formatMinor(row.amountMinor),
    description: row.description,
    bookingStatus: row.bookingStatus,
    typeCode: row.typeCode,
  };
}

function signedAmount(value: string): number {
  const negative = value.startsWith('-');
  const minor = parseDecimalAmount(negative ? value.slice(1) : value);
  if (minor === undefined) throw new RangeError(`not a decimal amount: ${value}`);
  return negative ? -minor : minor;
}

/** Builds the control hooks over the shared state. */
export function createControl(state: SpareBank1State, defaultConsentMode: ConsentMode): SpareBank1Control {
  const { bank } = state;
  const card = (accountKey?: string) => {
    const account = accountKey
      ? bank.accountByKey(accountKey)
      : bank.accounts().find((candidate) => candidate.creditCard);
    if (!account) throw new Error('the sandbox has no such credit card account');
    return account;
  };

  // Snapshots first let the bank catch up with the sandbox clock, as every API request does.
  const settled = () => {
    bank.settle(sandboxToday(state));
    return bank;
  };

  return {
    accounts: () =>
      settled()
        .accounts()
        .map((account) => {
          const snapshot: SpareBank1AccountSnapshot = {
            key: account.key,
            accountNumber: account.accountNumber,
            kind: account.kind,
            type: account.type,
            name: account.name,
            currencyCode: account.currencyCode,
            balance: formatMinor(account.balanceMinor),
            availableBalance: formatMinor(bank.availableMinor(account)),
          };
          if (account.creditCard) snapshot.creditCardAccountId = account.creditCard.accountId;
          if (account.policyNumber) snapshot.policyNumber = account.policyNumber;
          return snapshot;
        }),

    transfers: () =>
      settled()
        .transfers()
        .map((transfer) => ({ ...transfer, warnings: [...transfer.warnings] })),

    transactions: (accountKey) => settled().rows(accountKey).map(transactionSnapshot),

    bookPending: (options = {}) => {
      const candidates = options.accountKey
        ? bank.rows(options.accountKey)
        : bank.accounts().flatMap((account) => bank.rows(account.key));
      const row = candidates.find(
        (candidate) =>
          candidate.bookingStatus === 'PENDING' &&
          (options.ref === undefined || candidate.serial === options.ref) &&
          (options.nonUniqueId === undefined || candidate.nonUniqueId === options.nonUniqueId),
      );
      if (!row) throw new Error('no pending row matches');
      const previousAmount = formatMinor(row.amountMinor);
      const amount =
        options.amount !== undefined
          ? signedAmount(options.amount)
          : row.amountMinor + Math.round(row.amountMinor / 10);
      bank.bookPending(row, amount, sandboxToday(state));
      return { ...transactionSnapshot(row), previousAmount };
    },

    addTransaction: (options = {}) => {
      const account = options.accountKey ? bank.accountByKey(options.accountKey) : bank.defaultAccount();
      if (!account) throw new Error('the sandbox has no such account');
      const template = CARD_PURCHASES[options.pending ? 0 : 1] ?? CARD_PURCHASES[0];
      if (!template) throw new Error('no purchase template');
      const random = state.runtime.random;
      const amountMinor =
        options.amount !== undefined ? signedAmount(options.amount) : -random.int(template.min, template.max);
      const description = options.description ?? template.name;
      const today = sandboxToday(state);
      const date = options.date ?? today;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > today)
        throw new RangeError(`not a date up to today: ${date}`);
      const row = purchaseRow(random, template, {
        bookingStatus: options.pending ? 'PENDING' : 'BOOKED',
        amountMinor,
        description,
        cleanedDescription: description,
      });
      const stored = options.pending
        ? bank.addPending(account.key, date, row)
        : bank.post(account.key, date, row);
      return transactionSnapshot(stored);
    },

    updateTransaction: (ref, change) => {
      const row = bank.rowBySerial(ref);
      if (!row) throw new Error(`no row ${ref}`);
      bank.updateRow(row, {
        ...(change.amount !== undefined ? { amountMinor: signedAmount(change.amount) } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
      });
      return transactionSnapshot(row);
    },

    deleteTransaction: (ref) => {
      const row = bank.rowBySerial(ref);
      if (!row) throw new Error(`no row ${ref}`);
      bank.removeRow(row);
    },

    addPendingPurchase: (options = {}) => {
      const account = card(options.accountKey);
      const template = CARD_PURCHASES[0];
      if (!template) throw new Error('no purchase template');
      const random = state.runtime.random;
      const amountMinor =
        options.amount !== undefined ? signedAmount(options.amount) : -random.int(template.min, template.max);
      const row = purchaseRow(random, template, {
        bookingStatus: 'PENDING',
        amountMinor,
        description: `${template.prefix ?? ''}${template.name}`,
        cleanedDescription: template.name,
      });
      return transactionSnapshot(bank.addPending(account.key, sandboxToday(state), row));
    },

    setPartialFailure: (errors) => {
      state.scenarios.partialFailures = [...new Set(errors)];
    },

    failNextTransfer: (code, options = {}) => {
      if (!isTransferErrorCode(code)) throw new RangeError(`not a documented transfer error code: ${code}`);
      state.scenarios.transferFailures.push({
        code,
        afterBooking: options.afterBooking ?? false,
        ...(options.kind ? { kind: options.kind } : {}),
      });
    },

    setConsentMode: (mode) => {
      state.scenarios.consentMode = mode;
    },
    revokeRefreshTokens: () => state.oauth.revokeRefreshTokens(),
    revokeAccessTokens: () => state.oauth.revokeAccessTokens(),
    expireClientSecret: () => state.clients.expireSecret(),
    renewClientSecret: () => state.clients.renewSecret(),
    resetRateLimits: () => state.rateLimiter.reset(),

    reset: () => {
      bank.reset();
      state.oauth.clear();
      state.transactionIds.clear();
      state.rateLimiter.reset();
      state.clients.renewSecret();
      state.scenarios.consentMode = defaultConsentMode;
      state.scenarios.partialFailures = [];
      state.scenarios.transferFailures = [];
    },
  };
}

/**
 * A card purchase row from a merchant template. The references are drawn from the seeded random in
 * one fixed order, so a seeded sandbox gives the same rows run after run.
 */
function purchaseRow(
  random: SpareBank1State['runtime']['random'],
  template: NonNullable<(typeof CARD_PURCHASES)[number]>,
  fields: Pick<NewRow, 'bookingStatus' | 'amountMinor' | 'description' | 'cleanedDescription'>,
): NewRow {
  const row: NewRow = {
    ...fields,
    typeCode: template.typeCode,
    typeText: template.typeText,
    nonUniqueId: randomDigits(random, 9),
    remoteAccountNumber: '-1',
    isConfidential: false,
    category: template.category,
    recurring: false,
    subscription: false,
    archiveReference: randomDigits(random, 10),
    numericalReference: randomDigits(random, 7),
  };
  if (template.mcc) row.mcc = template.mcc;
  return row;
}
