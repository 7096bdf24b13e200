import type { Account, Transaction } from '@bankkit/core';
import Table from 'cli-table3';
import { isProviderId, PROVIDER_NAMES } from '../config/settings.js';
import { formatMoney } from './records.js';

/** A plain table: no colours, so it reads the same in a terminal, a file or a CI log. */
function plainTable(head: string[], alignRight: number[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, index) => (alignRight.includes(index) ? 'right' : 'left')),
  });
}

/** A provider id as people know it (`SpareBank 1`, `Bridge`). */
export function providerLabel(provider: string): string {
  return isProviderId(provider) ? PROVIDER_NAMES[provider] : provider;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The accounts table of `bankkit accounts` (`withIds`) and `bankkit demo`. */
export function renderAccountsTable(
  accounts: readonly Account[],
  options: { withIds?: boolean } = {},
): string {
  const head = ['Provider', 'Name', 'Type', 'Balance'];
  if (options.withIds) head.push('Account id');
  const table = plainTable(head, [3]);
  for (const account of accounts) {
    const row = [providerLabel(account.provider), shorten(account.name, 40), account.type];
    row.push(formatMoney(account.balance));
    if (options.withIds) row.push(account.id);
    table.push(row);
  }
  return table.toString();
}

/**
 * The transactions table. `accountNames` maps account ids to names, so people see "Brukskonto"
 * rather than an opaque account key.
 */
export function renderTransactionsTable(
  transactions: readonly Transaction[],
  accountNames: ReadonlyMap<string, string> = new Map(),
): string {
  const table = plainTable(['Date', 'Provider', 'Account', 'Description', 'Amount', 'Status'], [4]);
  for (const transaction of transactions) {
    const account = accountNames.get(accountKey(transaction.provider, transaction.accountId));
    table.push([
      transaction.bookingDate,
      providerLabel(transaction.provider),
      shorten(account ?? transaction.accountId, 24),
      shorten(transaction.description, 40),
      formatMoney(transaction.amount),
      transaction.status,
    ]);
  }
  return table.toString();
}

/** The key of {@link renderTransactionsTable}'s `accountNames`. */
export function accountKey(provider: string, accountId: string): string {
  return `${provider}\u0000${accountId}`;
}
