import { type Transaction, toLocalDate, toMoney } from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import type { SpareBank1Transaction } from '@bankkit/sparebank1';

const OSLO = 'Europe/Oslo';

/**
 * A bank row's identity across fetches, without the per-request `id`: account, bare `nonUniqueId`
 * (card rows gain a `{partitionKey}-` prefix once historic), Oslo booking day, amount, description
 * and booking status. Rows may share it (the bank has no unique key), so lists compare as multisets.
 */
export function rowKey(row: SpareBank1Transaction): string {
  const prefix = row.creditCardIdentifiers?.partitionKey;
  const nonUniqueId =
    prefix && row.nonUniqueId?.startsWith(`${prefix}-`)
      ? row.nonUniqueId.slice(prefix.length + 1)
      : (row.nonUniqueId ?? '');
  const day = typeof row.date === 'number' ? toLocalDate(row.date, OSLO) : row.date.slice(0, 10);
  return [row.accountKey, nonUniqueId, day, String(row.amount), row.description, row.bookingStatus].join('|');
}

/** Everything a row says except its per-request `id`: two fetches of the same row give the same text. */
export function rowContent(row: SpareBank1Transaction): string {
  const { id: _id, ...rest } = row;
  return JSON.stringify(rest);
}

/** The rows the SpareBank 1 sandbox holds, keyed as {@link rowKey} keys a row from the API. */
export function seededRowKeys(sandbox: Sandbox): string[] {
  const { control } = sandbox.sparebank1;
  return control
    .accounts()
    .flatMap((account) =>
      control
        .transactions(account.key)
        .map((row) =>
          [
            row.accountKey,
            row.nonUniqueId,
            row.date,
            String(Number(row.amount)),
            row.description,
            row.bookingStatus,
          ].join('|'),
        ),
    );
}

/**
 * The seeded rows booked from `from` to `to` (inclusive Oslo days) as the unified model must show
 * them: account, Oslo booking day and exact money.
 */
export function seededUnifiedKeys(sandbox: Sandbox, from: string, to: string): string[] {
  const { control } = sandbox.sparebank1;
  return control.accounts().flatMap((account) =>
    control
      .transactions(account.key)
      .filter((row) => row.date >= from && row.date <= to)
      .map((row) => unifiedKeyOf(account.key, row.date, toMoney(row.amount, account.currencyCode).amount)),
  );
}

/** The same key of a unified transaction. */
export function unifiedKey(transaction: Transaction): string {
  return unifiedKeyOf(transaction.accountId, transaction.bookingDate, transaction.amount.amount);
}

function unifiedKeyOf(accountId: string, day: string, amount: string): string {
  return `${accountId}|${day}|${amount}`;
}
