import type { Account, Money, Transaction } from '@bankkit/core';

/**
 * The unified models as the CLI prints them: every field but `raw` (the provider payload is for
 * programs using the library, not for exports), and `sandbox`: true when the data came from the
 * sandbox rather than a bank. Amounts stay the exact decimal strings.
 */
export type PrintedAccount = Omit<Account, 'raw'> & { sandbox: boolean };
/** A transaction as printed (JSON, NDJSON). */
export type PrintedTransaction = Omit<Transaction, 'raw'> & { sandbox: boolean };

/** An account without its provider payload, marked as sandbox data or not. */
export function printableAccount(account: Account, sandbox: boolean): PrintedAccount {
  const { raw: _raw, ...rest } = account;
  return { ...rest, sandbox };
}

/** A transaction without its provider payload, marked as sandbox data or not. */
export function printableTransaction(transaction: Transaction, sandbox: boolean): PrintedTransaction {
  const { raw: _raw, ...rest } = transaction;
  return { ...rest, sandbox };
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
  'sandbox',
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
  'sandbox',
] as const;

/**
 * The CSV columns that hold amounts: exact decimal strings checked by the model, so a leading `-`
 * there is a sign, never the start of a formula.
 */
export const AMOUNT_COLUMNS: readonly string[] = ['balance', 'available_balance', 'amount'];

/** One CSV row of an account; amounts are the exact decimal strings, without the currency. */
export function accountRow(
  account: Account,
  sandbox: boolean,
): Record<(typeof ACCOUNT_COLUMNS)[number], string> {
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
    sandbox: String(sandbox),
  };
}

/** One CSV row of a transaction. */
export function transactionRow(
  transaction: Transaction,
  sandbox: boolean,
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
    sandbox: String(sandbox),
  };
}

/** `-130.50 NOK`: the decimal string exactly as the model holds it. */
export function formatMoney(money: Money): string {
  return `${money.amount} ${money.currency}`;
}
