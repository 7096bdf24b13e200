import type { TransactionRow } from './types.js';

const byDayDesc = (a: TransactionRow, b: TransactionRow) => b.day - a.day || b.id - a.id;
const byUpdateDesc = (a: TransactionRow, b: TransactionRow) => b.updatedAtMs - a.updatedAtMs || b.id - a.id;

/**
 * One user's transactions. Rows are kept compact; the sorted views the list endpoints page through
 * (live rows by date, every row by update time, each optionally per account) are built on first use
 * and dropped on any change, so paging costs a binary search plus the page, never a scan.
 */
export class TransactionLedger {
  #rows: TransactionRow[] = [];
  readonly #byId = new Map<number, TransactionRow>();
  readonly #views = new Map<string, TransactionRow[]>();

  /** Number of rows, deleted ones included. */
  get size(): number {
    return this.#rows.length;
  }

  /** Adds rows (any order). */
  add(rows: readonly TransactionRow[]): void {
    for (const row of rows) {
      this.#rows.push(row);
      this.#byId.set(row.id, row);
    }
    this.changed();
  }

  /** A row by id, deleted or not. */
  get(id: number): TransactionRow | undefined {
    return this.#byId.get(id);
  }

  /** Every row, in insertion order (read-only use). */
  rows(): readonly TransactionRow[] {
    return this.#rows;
  }

  /** Must be called after mutating rows in place: drops the cached views (and row JSON is the caller's). */
  changed(): void {
    this.#views.clear();
  }

  /** Removes the rows matching `predicate`. */
  remove(predicate: (row: TransactionRow) => boolean): number {
    const kept: TransactionRow[] = [];
    let removed = 0;
    for (const row of this.#rows) {
      if (predicate(row)) {
        this.#byId.delete(row.id);
        removed++;
      } else {
        kept.push(row);
      }
    }
    this.#rows = kept;
    if (removed > 0) this.changed();
    return removed;
  }

  /** Rows not deleted, newest first (date desc, then id desc); optionally of one account. */
  live(accountId?: number): readonly TransactionRow[] {
    const key = accountId === undefined ? 'live' : `live:${accountId}`;
    let view = this.#views.get(key);
    if (view === undefined) {
      if (accountId === undefined) {
        view = [];
        // Rows are mostly appended oldest first: walking backwards yields an almost sorted list,
        // which the sort then only verifies.
        for (let i = this.#rows.length - 1; i >= 0; i--) {
          const row = this.#rows[i] as TransactionRow;
          if (!row.isDeleted) view.push(row);
        }
        view.sort(byDayDesc);
      } else {
        view = this.live().filter((row) => row.accountId === accountId);
      }
      this.#views.set(key, view);
    }
    return view;
  }

  /** Every row, deleted ones included, most recently updated first; optionally of one account. */
  updated(accountId?: number): readonly TransactionRow[] {
    const key = accountId === undefined ? 'updated' : `updated:${accountId}`;
    let view = this.#views.get(key);
    if (view === undefined) {
      if (accountId === undefined) {
        view = [];
        for (let i = this.#rows.length - 1; i >= 0; i--) view.push(this.#rows[i] as TransactionRow);
        view.sort(byUpdateDesc);
      } else {
        view = this.updated().filter((row) => row.accountId === accountId);
      }
      this.#views.set(key, view);
    }
    return view;
  }
}
