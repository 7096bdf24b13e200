import { type Account, type Transaction, toMoney } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { toAccountType } from '../../provider/mapping.js';
import type { BridgeV3Account, BridgeV3Transaction } from '../schemas/aggregation.js';

/**
 * A v3 account in the unified model. Balances follow Bridge's documented fallback: `balance` is
 * `accounting_balance` (booked) when present, `availableBalance` is `instant_balance` (pending and
 * future rows included) when present, and either falls back to `balance`, which Bridge always sends.
 */
export function toAccountV3(account: BridgeV3Account): Account {
  const currency = account.currency_code;
  const unified: Account = {
    provider: BRIDGE_PROVIDER_ID,
    id: String(account.id),
    name: account.name,
    type: toAccountType(account.type ?? ''),
    currency,
    balance: toMoney(account.accounting_balance ?? account.balance, currency),
    availableBalance: toMoney(account.instant_balance ?? account.balance, currency),
    raw: account,
  };
  if (account.iban) unified.iban = account.iban;
  return unified;
}

/** Whether Bridge deleted the row: `deleted` (v2's `is_deleted`, read too, in case a row still carries it). */
export function isDeletedV3(transaction: BridgeV3Transaction): boolean {
  return transaction.deleted === true || transaction.is_deleted === true;
}

/**
 * The booking date of a v3 transaction: `booking_date`, else `transaction_date`, else `date` (which
 * Bridge always sends and sets to one of the three, depending on the bank).
 */
export function bookingDateV3(transaction: BridgeV3Transaction): string {
  return transaction.booking_date ?? transaction.transaction_date ?? transaction.date;
}

/**
 * A v3 transaction in the unified model: exact money, the booking date as {@link bookingDateV3}
 * reads it, `value_date` when sent, `pending` while `future`, the cleaned description (the bank's
 * label when Bridge has none). Deleted rows have no unified form: {@link toTransactionsV3} drops them.
 */
export function toTransactionV3(transaction: BridgeV3Transaction): Transaction {
  const unified: Transaction = {
    provider: BRIDGE_PROVIDER_ID,
    id: String(transaction.id),
    accountId: String(transaction.account_id),
    amount: toMoney(transaction.amount, transaction.currency_code),
    bookingDate: bookingDateV3(transaction),
    status: transaction.future === true || transaction.is_future === true ? 'pending' : 'booked',
    description: transaction.clean_description || transaction.provider_description || '',
    raw: transaction,
  };
  if (transaction.value_date) unified.valueDate = transaction.value_date;
  if (transaction.category_id !== undefined && transaction.category_id !== null) {
    unified.category = String(transaction.category_id);
  }
  return unified;
}

/** The unified transactions of a page of v3 rows, deleted rows left out. */
export function toTransactionsV3(transactions: readonly BridgeV3Transaction[]): Transaction[] {
  const unified: Transaction[] = [];
  for (const transaction of transactions) {
    if (!isDeletedV3(transaction)) unified.push(toTransactionV3(transaction));
  }
  return unified;
}
