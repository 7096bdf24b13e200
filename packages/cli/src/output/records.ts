import type { Account, Money, Transaction } from '@bankkit/core';

/**
 * The unified models as the CLI prints them: every field but `raw` (the provider payload is for
 * programs using the library, not for exports). Amounts stay the exact decimal strings.
 */
export type PrintedAccount = Omit<Account, 'raw'>;
/** A transaction as printed (JSON, NDJSON). */
export type PrintedTransaction = Omit<Transaction, 'raw'>;

/** An account without its provider payload. */
export function printableAccount(account: Account): PrintedAccount {
  const { raw: _raw, ...rest } = account;
  return rest;
}

/** A transaction without its provider payload. */
export function printableTransaction(transaction: Transaction): PrintedTransaction {
  const { raw: _raw, ...rest } = transaction;
  return rest;
}

/** CSV columns of `bankkit accounts --format csv`, in order. */
export const ACCOUNT_COLUMNS = [
  'provider',
  'id',
  'name',
  'type',
  'currency',
  'balance',
  'available_balance',
  'iban',
  'account_number',
] as const;

/** CSV columns of `bankkit transactions --format csv`, in order. */
export const TRANSACTION_COLUMNS = [
  'provider',
  'account_id',
  'id',
  'booking_date',
  'value_date',
  'status',
  'amount',
  'currency',
  'description',
  'counterparty_name',
  'counterparty_account',
  'category',
] as const;

/** One CSV row of an account; amounts are the exact decimal strings, without the currency. */
export function accountRow(account: Account): Record<(typeof ACCOUNT_COLUMNS)[number], string> {
  return {
    provider: account.provider,
    id: account.id,
    name: account.name,
    type: account.type,
    currency: account.currency,
    balance: account.balance.amount,
    available_balance: account.availableBalance?.amount ?? '',
    iban: account.iban ?? '',
    account_number: account.accountNumber ?? '',
  };
}

/** One CSV row of a transaction. */
export function transactionRow(
  transaction: Transaction,
): Record<(typeof TRANSACTION_COLUMNS)[number], string> {
  return {
    provider: transaction.provider,
    account_id: transaction.accountId,
    id: transaction.id,
    booking_date: transaction.bookingDate,
    value_date: transaction.valueDate ?? '',
    status: transaction.status,
    amount: transaction.amount.amount,
    currency: transaction.amount.currency,
    description: transaction.description,
    counterparty_name: transaction.counterparty?.name ?? '',
    counterparty_account: transaction.counterparty?.account ?? '',
    category: transaction.category ?? '',
  };
}

/** `-130.50 NOK`: the decimal string exactly as the model holds it. */
export function formatMoney(money: Money): string {
  return `${money.amount} ${money.currency}`;
}
