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

function bookingDateOf(row: SpareBank1Transaction, index: number): string {
  const day = osloDayOf(row.date);
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
  const prepared = rows.map((row, index) => {
    const currency = row.accountCurrency || row.currencyCode || 'NOK';
    return { row, bookingDate: bookingDateOf(row, index), amount: toMoney(row.amount, currency) };
  });
  const ids = deriveStableIds(
    prepared.map(({ row, bookingDate, amount }) => ({
      accountKey: row.accountKey,
      bookingDate,
      amount: amount.amount,
      nonUniqueId: normaliseNonUniqueId(row.nonUniqueId, row.creditCardIdentifiers?.partitionKey),
      description: normaliseDescription(row.description ?? row.cleanedDescription),
      tiebreak: JSON.stringify([
        row.typeCode ?? '',
        row.kidOrMessage ?? '',
        row.remoteAccountNumber ?? '',
        row.remoteAccountName ?? '',
        row.paymentReference ?? '',
      ]),
    })),
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
      row.interestDate === undefined || row.interestDate === null ? undefined : osloDayOf(row.interestDate);
    if (valueDate) transaction.valueDate = valueDate;
    const counterparty = counterpartyOf(row);
    if (counterparty) transaction.counterparty = counterparty;
    return transaction;
  });
}
