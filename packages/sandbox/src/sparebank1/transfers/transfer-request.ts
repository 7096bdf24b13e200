import { isValidAccountNumber } from '../data/account-numbers.js';
import type { IsoDate, TransferKind } from '../data/model.js';
import { parseDecimalAmount } from '../data/money.js';
import { parseIsoDate } from '../data/oslo-dates.js';
import type { TransferRefusal } from './error-codes.js';

/** A transfer body that passed the format rules of its endpoint. */
export interface TransferRequest {
  kind: TransferKind;
  amountMinor: number;
  fromAccount: string;
  /** Debit transfers. */
  toAccount?: string;
  /** Credit-card transfers. */
  creditCardAccountId?: string;
  /** Pension transfers. */
  policyNumber?: string;
  dueDate?: IsoDate;
  message?: string;
  currencyCode?: string;
}

/** Amount range of each endpoint, in minor units (spec: 0.01 to 1e9 / 999 999 999 / 2e6). */
const MAX_AMOUNT_MINOR: Record<TransferKind, number> = {
  debit: 100_000_000_000,
  creditcard: 99_999_999_900,
  pension: 200_000_000,
};

const MESSAGE_MAX_LENGTH = 40;

function refuse(code: TransferRefusal['code'], resource: string, message?: string): TransferRefusal {
  return message === undefined ? { code, resource } : { code, resource, message };
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined | TransferRefusal {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : refuse('BAD_REQUEST', name, `${name} must be a string`);
}

/**
 * Checks a transfer body against its endpoint's schema: `amount` a decimal string with a dot within
 * the range, account numbers 11 digits with a valid MOD11 check digit, `message` at most 40 characters,
 * `currencyCode` three capitals, `dueDate` a real `yyyy-MM-dd`.
 */
export function parseTransferRequest(
  kind: TransferKind,
  body: unknown,
  strictAmountType: boolean,
): TransferRequest | TransferRefusal {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse('BAD_REQUEST', 'body', 'The request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;

  const rawAmount = fields.amount;
  const amountText =
    typeof rawAmount === 'string'
      ? rawAmount
      : typeof rawAmount === 'number' && !strictAmountType && Number.isFinite(rawAmount)
        ? String(rawAmount)
        : undefined;
  const amountMinor = amountText === undefined ? undefined : parseDecimalAmount(amountText);
  if (amountMinor === undefined || amountMinor < 1 || amountMinor > MAX_AMOUNT_MINOR[kind]) {
    return refuse('amount.invalid', 'amount');
  }

  const fromAccount = fields.fromAccount;
  if (typeof fromAccount !== 'string' || !isValidAccountNumber(fromAccount)) {
    return refuse('from.account.number.invalid.format', 'fromAccount');
  }
  const request: TransferRequest = { kind, amountMinor, fromAccount };

  if (kind === 'debit') {
    const toAccount = fields.toAccount;
    if (typeof toAccount !== 'string' || !isValidAccountNumber(toAccount)) {
      return refuse('to.account.number.invalid.format', 'toAccount');
    }
    if (toAccount === fromAccount) return refuse('accounts.not.different', 'toAccount');
    request.toAccount = toAccount;

    const message = optionalString(fields, 'message');
    if (typeof message === 'object') return message;
    if (message !== undefined && message.length > MESSAGE_MAX_LENGTH) {
      return refuse('message.length.invalid', 'message');
    }
    if (message !== undefined && message !== '') request.message = message;

    const currencyCode = optionalString(fields, 'currencyCode');
    if (typeof currencyCode === 'object') return currencyCode;
    if (currencyCode !== undefined) {
      if (!/^[A-Z]{3}$/.test(currencyCode)) {
        return refuse('BAD_REQUEST', 'currencyCode', 'currencyCode must match ^[A-Z]{3}$');
      }
      request.currencyCode = currencyCode;
    }
  }

  if (kind === 'creditcard') {
    const id = optionalString(fields, 'creditCardAccountId');
    if (typeof id === 'object') return id;
    if (!id) return refuse('BAD_REQUEST', 'creditCardAccountId', 'creditCardAccountId is required');
    request.creditCardAccountId = id;
  }

  if (kind === 'pension') {
    const policyNumber = optionalString(fields, 'policyNumber');
    if (typeof policyNumber === 'object') return policyNumber;
    if (!policyNumber) return refuse('BAD_REQUEST', 'policyNumber', 'policyNumber is required');
    request.policyNumber = policyNumber;
  }

  const dueDate = optionalString(fields, 'dueDate');
  if (typeof dueDate === 'object') return refuse('due.date.invalid', 'dueDate');
  if (dueDate !== undefined) {
    const parsed = parseIsoDate(dueDate);
    if (!parsed) return refuse('due.date.invalid', 'dueDate');
    request.dueDate = parsed;
  }
  return request;
}
