import { type Account, type AccountType, type Transaction, toMoney } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';
import type { BridgeAccount } from '../schemas/account.js';
import type { BridgeTransaction } from '../schemas/transaction.js';

const ACCOUNT_TYPES: Readonly<Record<string, AccountType>> = {
  checking: 'checking',
  savings: 'savings',
  shared_saving_plan: 'savings',
  card: 'card',
  loan: 'loan',
  brokerage: 'investment',
  life_insurance: 'investment',
};

/** The unified account type of a Bridge account type (`pending`, `special`, `unknown`... are `other`). */
export function toAccountType(type: string): AccountType {
  return Object.hasOwn(ACCOUNT_TYPES, type) ? (ACCOUNT_TYPES[type] as AccountType) : 'other';
}

/** A Bridge account in the unified model: exact money from the JSON number, the payload in `raw`. */
export function toAccount(account: BridgeAccount): Account {
  const unified: Account = {
    provider: BRIDGE_PROVIDER_ID,
    id: String(account.id),
    name: account.name,
    type: toAccountType(account.type),
    currency: account.currency_code,
    balance: toMoney(account.balance, account.currency_code),
    raw: account,
  };
  if (account.iban) unified.iban = account.iban;
  return unified;
}

/**
 * A Bridge transaction in the unified model: `bookingDate` from `date`, `pending` while
 * `is_future`, the cleaned description (the bank's label when Bridge has none).
 * Deleted rows (`is_deleted`, only on the `updated` lists) have no unified form: callers drop them.
 */
export function toTransaction(transaction: BridgeTransaction): Transaction {
  const unified: Transaction = {
    provider: BRIDGE_PROVIDER_ID,
    id: String(transaction.id),
    accountId: String(transaction.account_id),
    amount: toMoney(transaction.amount, transaction.currency_code),
    bookingDate: transaction.date,
    status: transaction.is_future ? 'pending' : 'booked',
    description: transaction.clean_description || transaction.bank_description,
    category: String(transaction.category_id),
    raw: transaction,
  };
  if (transaction.value_date) unified.valueDate = transaction.value_date;
  return unified;
}

/** The unified transactions of a page of Bridge transactions, deleted rows left out. */
export function toTransactions(transactions: readonly BridgeTransaction[]): Transaction[] {
  const unified: Transaction[] = [];
  for (const transaction of transactions) {
    if (!transaction.is_deleted) unified.push(toTransaction(transaction));
  }
  return unified;
}
