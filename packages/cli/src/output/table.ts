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
const MIN_FLEXIBLE_WIDTH = 6;

/** How a table gives way to a narrow terminal. */
interface FitOptions {
  /** Right-aligned columns (amounts). */
  alignRight: number[];
  /** Columns shortened with `…` (the widest first), down to {@link MIN_FLEXIBLE_WIDTH}. */
  flexible: number[];
  /** Columns left out, in this order, when shortening was not enough. */
  droppable: number[];
  /** The width to fit in; unbounded when omitted. */
  width?: number | undefined;
}

/**
 * A plain table (no colours, so it reads the same in a terminal, a file or a CI log) that fits in
 * `width` when one is given: first the flexible columns are shortened, then the droppable ones are
 * left out. Cells are single lines, so nothing wraps. Dates, amounts and the provider (with its
 * sandbox mark) are never cut.
 */
function renderTable(head: string[], rows: string[][], options: FitOptions): string {
  const widths = head.map((title, column) =>
    Math.max(textWidth(title), ...rows.map((row) => textWidth(row[column] ?? ''))),
  );
  const kept = head.map((_, column) => column);
  const width = options.width;
  if (width !== undefined && width > 0) {
    // Each cell has one space of padding on both sides, and the columns n + 1 borders.
    const total = (widthOf: (column: number) => number) =>
      kept.reduce((sum, column) => sum + widthOf(column) + 3, 1);
    const narrowest = (column: number) =>
      options.flexible.includes(column)
        ? Math.min(widths[column] ?? 0, MIN_FLEXIBLE_WIDTH)
        : (widths[column] ?? 0);
    // Leave out what cannot fit even with every flexible column at its narrowest...
    for (const column of options.droppable) {
      if (total(narrowest) <= width) break;
      kept.splice(kept.indexOf(column), 1);
    }
    // ...then shorten the widest flexible column, one character at a time, until the table fits.
    let excess = total((column) => widths[column] ?? 0) - width;
    while (excess > 0) {
      const widest = kept
        .filter((column) => options.flexible.includes(column) && (widths[column] ?? 0) > MIN_FLEXIBLE_WIDTH)
        .sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0))[0];
      if (widest === undefined) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      excess -= 1;
    }
  }
  const pick = (cells: string[]) => kept.map((column) => shorten(cells[column] ?? '', widths[column] ?? 0));
  const table = new Table({
    head: pick(head),
    style: { head: [], border: [], compact: true },
    colAligns: kept.map((column) => (options.alignRight.includes(column) ? 'right' : 'left')),
  });
  for (const row of rows) table.push(pick(row));
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
  return renderTable(head, rows, { alignRight: [3], flexible, droppable: [2], width: options.width });
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
  return renderTable(head, rows, {
    alignRight: [4],
    flexible: [3, 2],
    droppable: [5, 2],
    width: options.width,
  });
}

/** The key of {@link renderTransactionsTable}'s `accountNames`. */
export function accountKey(provider: string, accountId: string): string {
  return `${provider}\u0000${accountId}`;
}
