import { ResponseValidationError, type Transaction, toMoney } from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import { osloDayOf } from '../dates.js';
import type { SpareBank1Transaction } from '../schemas/transaction.js';
import { deriveStableIds, normaliseDescription, normaliseNonUniqueId } from './stable-id.js';

/** What card purchases carry instead of a counterparty account. */
const NO_ACCOUNT = '-1';

function counterpartyOf(row: SpareBank1Transaction): Transaction['counterparty'] {
  const name = row.remoteAccountName?.trim() || undefined;
  const accountNumber = row.remoteAccountNumber?.trim();
  const account = accountNumber && accountNumber !== NO_ACCOUNT ? accountNumber : undefined;
  if (!name && !account) return undefined;
  return { ...(name ? { name } : {}), ...(account ? { account } : {}) };
}

/**
 * Oslo days already read during one mapping, by the value the bank sent. A list of 10,000 rows
 * falls on a few hundred days at most, and reading a day through `Intl.DateTimeFormat` costs far
 * more than a lookup. Made per call, so it holds no more than one list's distinct dates.
 */
type OsloDays = Map<number | string, string | undefined>;

function cachedOsloDay(days: OsloDays, value: number | string): string | undefined {
  if (days.has(value)) return days.get(value);
  const day = osloDayOf(value);
  days.set(value, day);
  return day;
}

/** The fields that order rows identical in every stable field. */
function tiebreakOf(row: SpareBank1Transaction | undefined): string {
  return JSON.stringify([
    row?.typeCode ?? '',
    row?.kidOrMessage ?? '',
    row?.remoteAccountNumber ?? '',
    row?.remoteAccountName ?? '',
    row?.paymentReference ?? '',
  ]);
}

function bookingDateOf(row: SpareBank1Transaction, index: number, days: OsloDays): string {
  const day = cachedOsloDay(days, row.date);
  if (day) return day;
  throw new ResponseValidationError(
    `SpareBank 1 sent a transaction date that cannot be read: ${String(row.date)}`,
    {
      provider: PROVIDER_ID,
      endpoint: 'personal/banking/transactions',
      issues: [{ path: `transactions.${index}.date`, message: 'not epoch milliseconds or an ISO date' }],
    },
  );
}

/**
 * Maps rows to the unified model: the booking date is the epoch-ms `date` read in Europe/Oslo
 * (never UTC), the amount is exact in the account's currency, and `id` is derived from stable
 * fields (see `deriveStableIds`), because the bank's own `id` changes on every fetch. The whole
 * list is needed at once so that identical rows get distinct ids.
 */
export function toUnifiedTransactions(rows: readonly SpareBank1Transaction[]): Transaction[] {
  const days: OsloDays = new Map();
  const prepared = rows.map((row, index) => {
    const currency = row.accountCurrency || row.currencyCode || 'NOK';
    return { row, bookingDate: bookingDateOf(row, index, days), amount: toMoney(row.amount, currency) };
  });
  const ids = deriveStableIds(
    prepared.map(({ row, bookingDate, amount }) => ({
      accountKey: row.accountKey,
      bookingDate,
      amount: amount.amount,
      nonUniqueId: normaliseNonUniqueId(row.nonUniqueId, row.creditCardIdentifiers?.partitionKey),
      description: normaliseDescription(row.description ?? row.cleanedDescription),
    })),
    (index) => tiebreakOf(rows[index]),
  );

  return prepared.map(({ row, bookingDate, amount }, index) => {
    const transaction: Transaction = {
      provider: PROVIDER_ID,
      id: ids[index] ?? '',
      accountId: row.accountKey,
      amount,
      bookingDate,
      status: row.bookingStatus === 'PENDING' ? 'pending' : 'booked',
      description: row.cleanedDescription?.trim() || row.description?.trim() || row.typeText || '',
      raw: row,
    };
    const valueDate =
      row.interestDate === undefined || row.interestDate === null
        ? undefined
        : cachedOsloDay(days, row.interestDate);
    if (valueDate) transaction.valueDate = valueDate;
    const counterparty = counterpartyOf(row);
    if (counterparty) transaction.counterparty = counterparty;
    return transaction;
  });
}
