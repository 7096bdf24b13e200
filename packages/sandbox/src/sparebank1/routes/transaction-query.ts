import type { Context } from 'hono';
import type { BankAccount, BankTransaction, IsoDate } from '../data/model.js';
import { parseIsoDate } from '../data/oslo-dates.js';
import { recentSince, sourceFrom, type TransactionSource } from '../serialize/transactions.js';
import { type PartialFailure, type SpareBank1Env, type SpareBank1State, sandboxToday } from '../state.js';

/** A validated transactions query. */
export interface TransactionQuery {
  accounts: BankAccount[];
  fromDate?: IsoDate;
  toDate?: IsoDate;
  rowLimit?: number;
  source: TransactionSource | 'ALL';
}

/** One selected row with the source it has today. */
export interface SelectedRow {
  row: BankTransaction;
  source: TransactionSource;
}

/** The spec's display name of the source parameter, which some clients send literally. */
const SOURCE_PARAMETERS = ['source', 'transactionSource', 'Transaction source'];
const SOURCES = new Set(['RECENT', 'HISTORIC', 'ALL']);

function badRequest(state: SpareBank1State, message: string, resource: string): Response {
  return state.errors.response(400, { code: 'BAD_REQUEST', message, resource });
}

/** The message the bank gives for a comma-joined (or unknown) account key. */
export function invalidAccountKey(state: SpareBank1State): Response {
  return state.errors.response(400, {
    code: 'BAD_REQUEST',
    message: 'The account key is invalid',
    resource: 'accountKey',
  });
}

/** Parses an optional `yyyy-MM-dd` query parameter. */
export function dateParameter(
  c: Context<SpareBank1Env>,
  state: SpareBank1State,
  name: string,
): IsoDate | undefined | Response {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  return parseIsoDate(value) ?? badRequest(state, `${name} must be a date formatted as yyyy-MM-dd`, name);
}

/**
 * Reads the query of `GET /transactions` and `/transactions/classified`: repeated `accountKey` (the
 * classified spec's display name `Account keys` is accepted too), `fromDate`/`toDate`, `rowLimit` and
 * the source under any of its three names.
 */
export function parseTransactionQuery(
  c: Context<SpareBank1Env>,
  state: SpareBank1State,
  keyParameters: readonly string[],
): TransactionQuery | Response {
  const keys = keyParameters.flatMap((name) => c.req.queries(name) ?? []);
  if (keys.length === 0) return badRequest(state, 'Required parameter accountKey is missing', 'accountKey');
  const accounts: BankAccount[] = [];
  for (const key of keys) {
    const account = key.includes(',') ? undefined : state.bank.accountByKey(key);
    if (!account) return invalidAccountKey(state);
    if (!accounts.includes(account)) accounts.push(account);
  }

  const fromDate = dateParameter(c, state, 'fromDate');
  if (fromDate instanceof Response) return fromDate;
  const toDate = dateParameter(c, state, 'toDate');
  if (toDate instanceof Response) return toDate;

  const query: TransactionQuery = { accounts, source: 'ALL' };
  if (fromDate) query.fromDate = fromDate;
  if (toDate) query.toDate = toDate;

  const rowLimit = c.req.query('rowLimit');
  if (rowLimit !== undefined && rowLimit !== '') {
    if (!/^\d{1,18}$/.test(rowLimit) || Number(rowLimit) < 1) {
      return badRequest(state, 'rowLimit must be a positive integer', 'rowLimit');
    }
    query.rowLimit = Number(rowLimit);
  }

  for (const name of SOURCE_PARAMETERS) {
    const value = c.req.query(name);
    if (value === undefined || value === '') continue;
    const upper = value.toUpperCase();
    if (!SOURCES.has(upper)) return badRequest(state, `${name} must be RECENT, HISTORIC or ALL`, name);
    query.source = upper as TransactionQuery['source'];
    break;
  }
  return query;
}

/**
 * The rows a query selects, newest first, with the partial failures armed by a test applied: the
 * affected rows are left out and the failure is named in `errors`, still with HTTP 200.
 */
export function selectRows(
  state: SpareBank1State,
  query: TransactionQuery,
): { rows: SelectedRow[]; errors: PartialFailure[] } {
  const today = sandboxToday(state);
  const failures = state.scenarios.partialFailures;
  const creditFailed = failures.includes('CREDIT_ACCOUNTS_FAILED');
  const recentFailed = failures.includes('RECENT_TRANSACTIONS_FAILED') && query.source !== 'HISTORIC';
  const errors: PartialFailure[] = [];
  if (creditFailed && query.accounts.some((account) => account.creditCard))
    errors.push('CREDIT_ACCOUNTS_FAILED');
  if (recentFailed) errors.push('RECENT_TRANSACTIONS_FAILED');

  const recentFrom = recentSince(today, state.options.recentDays);
  const perAccount: SelectedRow[][] = [];
  for (const account of query.accounts) {
    if (creditFailed && account.creditCard) continue;
    const filter: { fromDate?: IsoDate; toDate?: IsoDate } = {};
    if (query.fromDate) filter.fromDate = query.fromDate;
    if (query.toDate) filter.toDate = query.toDate;
    const selected: SelectedRow[] = [];
    for (const row of state.bank.rows(account.key, filter)) {
      const source = sourceFrom(row, recentFrom);
      if (query.source !== 'ALL' && source !== query.source) continue;
      if (recentFailed && source === 'RECENT') continue;
      selected.push({ row, source });
    }
    perAccount.push(selected);
  }
  const rows = mergeNewestFirst(perAccount);
  if (query.rowLimit !== undefined && rows.length > query.rowLimit) rows.length = query.rowLimit;
  return { rows, errors };
}

function isNewer(a: BankTransaction, b: BankTransaction): boolean {
  return a.date === b.date ? a.serial > b.serial : a.date > b.date;
}

/** Merges per-account lists that are each newest first into one newest-first list. */
function mergeNewestFirst(lists: SelectedRow[][]): SelectedRow[] {
  if (lists.length === 1) return lists[0] ?? [];
  const merged: SelectedRow[] = [];
  const positions = lists.map(() => 0);
  for (;;) {
    let best = -1;
    let bestRow: SelectedRow | undefined;
    lists.forEach((list, index) => {
      const candidate = list[positions[index] ?? 0];
      if (candidate && (!bestRow || isNewer(candidate.row, bestRow.row))) {
        best = index;
        bestRow = candidate;
      }
    });
    if (!bestRow) return merged;
    merged.push(bestRow);
    positions[best] = (positions[best] ?? 0) + 1;
  }
}
