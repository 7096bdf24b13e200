import { InvalidInputError } from '@bankkit/core';
import { PROVIDER_ID } from './constants.js';
import { osloDateArgument } from './dates.js';

/** A transfer between two of the user's own accounts (`POST /transfer/debit`). */
export interface TransferInput {
  /** Decimal string with a dot and at most two decimals, e.g. `"250.00"`; 0.01 to 1 000 000 000. */
  amount: string;
  /** Account number (11 digits) to take the money from. */
  fromAccount: string;
  /** Account number (11 digits) to put the money in; must differ from `fromAccount`. */
  toAccount: string;
  /** `YYYY-MM-DD` or a Date (read in Europe/Oslo); the bank's default is today. */
  dueDate?: string | Date;
  /** At most 40 characters. */
  message?: string;
  /** ISO 4217, e.g. `NOK`; the bank's default is the debit account's currency. */
  currencyCode?: string;
}

/** A payment to one of the user's credit cards (`POST /transfer/creditcard/transferTo`). */
export interface CreditCardTransferInput {
  /** Decimal string, 0.01 to 999 999 999. */
  amount: string;
  fromAccount: string;
  /** The card account's `creditCardAccountID` from `listAccounts` (e.g. `"1034222"`), not its number. */
  creditCardAccountId: string;
  dueDate?: string | Date;
}

/** A payment into the user's pension agreement (`POST /transfer/pension`). */
export interface PensionTransferInput {
  /** Decimal string, 0.01 to 2 000 000. */
  amount: string;
  fromAccount: string;
  /** The policy (agreement) number to credit. */
  policyNumber: string;
  dueDate?: string | Date;
}

/** The three transfer endpoints and their documented amount limits, in øre (hundredths). */
export const TRANSFER_LIMITS = {
  debit: { label: '1000000000.00', maxCents: 100_000_000_000n },
  creditCard: { label: '999999999.00', maxCents: 99_999_999_900n },
  pension: { label: '2000000.00', maxCents: 200_000_000n },
} as const;

/** Which endpoint a transfer goes to. */
export type TransferKind = keyof typeof TRANSFER_LIMITS;

const AMOUNT = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;
const ACCOUNT_NUMBER = /^\d{11}$/;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_MESSAGE_LENGTH = 40;

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError(message, { provider: PROVIDER_ID, field });
}

/** Validates an amount and writes it with exactly two decimals, as the bank's clients do. */
export function normaliseAmount(amount: unknown, kind: TransferKind): string {
  if (typeof amount !== 'string') {
    throw invalid('amount', 'amount must be a decimal string such as "250.00" (never a float).');
  }
  const match = AMOUNT.exec(amount);
  if (!match) {
    const hint = amount.includes(',') ? ' Use a dot, not a comma, as the decimal separator.' : '';
    throw invalid(
      'amount',
      `amount must be a positive decimal string with a dot and at most two decimals, e.g. "250.50".${hint}`,
    );
  }
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const cents = BigInt(whole) * 100n + BigInt(fraction);
  const limit = TRANSFER_LIMITS[kind];
  if (cents < 1n) throw invalid('amount', 'amount must be at least 0.01.');
  if (cents > limit.maxCents)
    throw invalid('amount', `amount must be at most ${limit.label} for this transfer.`);
  return `${whole}.${fraction}`;
}

/** Validates an account number; spaces and dots (`3209 68 94308`) are removed first. */
export function normaliseAccountNumber(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be an 11-digit account number string.`);
  const digits = value.replace(/[\s.]/g, '');
  if (!ACCOUNT_NUMBER.test(digits)) throw invalid(field, `${field} must be an 11-digit account number.`);
  return digits;
}

function requireIdentifier(value: unknown, field: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '' || /\s/.test(trimmed) || trimmed === '.' || trimmed === '..') {
    throw invalid(field, `${field} must be a non-empty identifier without spaces (not "." or "..").`);
  }
  return trimmed;
}

function dueDateOf(value: string | Date | undefined): string | undefined {
  return value === undefined ? undefined : osloDateArgument(value, 'dueDate');
}

/** The body of `POST /transfer/debit`, after local validation. @throws InvalidInputError */
export function debitTransferBody(input: TransferInput): Record<string, string> {
  const amount = normaliseAmount(input?.amount, 'debit');
  const fromAccount = normaliseAccountNumber(input.fromAccount, 'fromAccount');
  const toAccount = normaliseAccountNumber(input.toAccount, 'toAccount');
  if (fromAccount === toAccount) throw invalid('toAccount', 'fromAccount and toAccount must be different.');
  const body: Record<string, string> = { amount, fromAccount, toAccount };
  const dueDate = dueDateOf(input.dueDate);
  if (dueDate) body.dueDate = dueDate;
  if (input.message !== undefined) {
    if (typeof input.message !== 'string') throw invalid('message', 'message must be a string.');
    if (input.message.length > MAX_MESSAGE_LENGTH) {
      throw invalid('message', `message must be at most ${MAX_MESSAGE_LENGTH} characters.`);
    }
    if (input.message !== '') body.message = input.message;
  }
  if (input.currencyCode !== undefined) {
    if (typeof input.currencyCode !== 'string' || !CURRENCY.test(input.currencyCode)) {
      throw invalid('currencyCode', 'currencyCode must be three capital letters (ISO 4217), e.g. NOK.');
    }
    body.currencyCode = input.currencyCode;
  }
  return body;
}

/** The body of `POST /transfer/creditcard/transferTo`, after local validation. @throws InvalidInputError */
export function creditCardTransferBody(input: CreditCardTransferInput): Record<string, string> {
  const body: Record<string, string> = {
    amount: normaliseAmount(input?.amount, 'creditCard'),
    fromAccount: normaliseAccountNumber(input.fromAccount, 'fromAccount'),
    creditCardAccountId: requireIdentifier(input.creditCardAccountId, 'creditCardAccountId'),
  };
  const dueDate = dueDateOf(input.dueDate);
  if (dueDate) body.dueDate = dueDate;
  return body;
}

/** The body of `POST /transfer/pension`, after local validation. @throws InvalidInputError */
export function pensionTransferBody(input: PensionTransferInput): Record<string, string> {
  const body: Record<string, string> = {
    amount: normaliseAmount(input?.amount, 'pension'),
    fromAccount: normaliseAccountNumber(input.fromAccount, 'fromAccount'),
    policyNumber: requireIdentifier(input.policyNumber, 'policyNumber'),
  };
  const dueDate = dueDateOf(input.dueDate);
  if (dueDate) body.dueDate = dueDate;
  return body;
}
