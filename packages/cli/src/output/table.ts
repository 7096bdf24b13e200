import type { Account, Transaction } from '@bankkit/core';
import Table from 'cli-table3';
import { isProviderId, PROVIDER_NAMES } from '../config/settings.js';
import { formatMoney } from './records.js';

/** How tables are drawn. */
export interface TableOptions {
  /** The rows are sandbox data: each one says so in its provider cell. */
  sandbox?: boolean | undefined;
  /** The width to fit in (a terminal's columns); unbounded when omitted. */
  width?: number | undefined;
}

/** No column is squeezed below this many characters to fit the width. */
const MIN_FLEXIBLE_WIDTH = 8;

/**
 * A plain table (no colours, so it reads the same in a terminal, a file or a CI log) that fits in
 * `width` when one is given: the `flexible` columns, in that order, are shortened with `…` until
 * the table fits or they reach {@link MIN_FLEXIBLE_WIDTH}. Cells are single lines, so nothing wraps.
 */
function renderTable(
  head: string[],
  rows: string[][],
  options: { alignRight: number[]; flexible: number[]; width?: number | undefined },
): string {
  const widths = head.map((title, column) =>
    Math.max(textWidth(title), ...rows.map((row) => textWidth(row[column] ?? ''))),
  );
  if (options.width !== undefined && options.width > 0) {
    // Each cell has one space of padding on both sides, and the columns n + 1 borders.
    let excess = widths.reduce((sum, width) => sum + width + 3, 1) - options.width;
    for (const column of options.flexible) {
      if (excess <= 0) break;
      const current = widths[column] ?? 0;
      const cut = Math.min(excess, Math.max(0, current - MIN_FLEXIBLE_WIDTH));
      widths[column] = current - cut;
      excess -= cut;
    }
  }
  const table = new Table({
    head: head.map((title, column) => shorten(title, widths[column] ?? title.length)),
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, index) => (options.alignRight.includes(index) ? 'right' : 'left')),
  });
  for (const row of rows) table.push(row.map((cell, column) => shorten(cell, widths[column] ?? cell.length)));
  return table.toString();
}

/** A provider id as people know it (`SpareBank 1`, `Bridge`). */
export function providerLabel(provider: string): string {
  return isProviderId(provider) ? PROVIDER_NAMES[provider] : provider;
}

/** The provider cell of a row: `SpareBank 1`, or `SpareBank 1 (sandbox)` for sandbox data. */
function providerCell(provider: string, sandbox: boolean | undefined): string {
  return sandbox ? `${providerLabel(provider)} (sandbox)` : providerLabel(provider);
}

/** Characters as a terminal counts them (code points; the data holds no wide characters). */
function textWidth(text: string): number {
  return [...text].length;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const characters = [...oneLine];
  return characters.length > max ? `${characters.slice(0, Math.max(0, max - 1)).join('')}…` : oneLine;
}

/** The accounts table of `bankkit accounts` (`withIds`) and `bankkit demo`. */
export function renderAccountsTable(
  accounts: readonly Account[],
  options: TableOptions & { withIds?: boolean } = {},
): string {
  const head = ['Provider', 'Name', 'Type', 'Balance'];
  if (options.withIds) head.push('Account id');
  const rows = accounts.map((account) => {
    const row = [
      providerCell(account.provider, options.sandbox),
      shorten(account.name, 40),
      account.type,
      formatMoney(account.balance),
    ];
    if (options.withIds) row.push(account.id);
    return row;
  });
  // Names give way first; ids are what `--account` needs, so they stay whole as long as possible.
  const flexible = options.withIds ? [1, 4] : [1];
  return renderTable(head, rows, { alignRight: [3], flexible, width: options.width });
}

/**
 * The transactions table. `accountNames` maps account ids to names, so people see "Brukskonto"
 * rather than an opaque account key.
 */
export function renderTransactionsTable(
  transactions: readonly Transaction[],
  accountNames: ReadonlyMap<string, string> = new Map(),
  options: TableOptions = {},
): string {
  const head = ['Date', 'Provider', 'Account', 'Description', 'Amount', 'Status'];
  const rows = transactions.map((transaction) => {
    const account = accountNames.get(accountKey(transaction.provider, transaction.accountId));
    return [
      transaction.bookingDate,
      providerCell(transaction.provider, options.sandbox),
      shorten(account ?? transaction.accountId, 24),
      shorten(transaction.description, 40),
      formatMoney(transaction.amount),
      transaction.status,
    ];
  });
  return renderTable(head, rows, { alignRight: [4], flexible: [3, 2, 1], width: options.width });
}

/** The key of {@link renderTransactionsTable}'s `accountNames`. */
export function accountKey(provider: string, accountId: string): string {
  return `${provider}\u0000${accountId}`;
}
