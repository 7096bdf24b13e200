import type { BridgeApp, BridgeContext } from '../../context.js';
import { parseInstant } from '../../format.js';
import { pathOf, queryOf, sendJson } from '../../http.js';
import { lowerBound, type SortKey } from '../../pagination.js';
import type { TransactionRow } from '../../store/types.js';
import type { BridgeV3Deps } from '../context.js';
import { invalidParameter, v3NotFound } from '../errors.js';
import { v3IdParam, v3IdQuery } from '../http.js';
import { v3User } from '../middleware.js';
import { renderV3Page } from '../pagination.js';
import { transactionV3Json } from '../serialize.js';

const byDate = (row: TransactionRow): SortKey => [row.day, row.id];
const byUpdate = (row: TransactionRow): SortKey => [row.updatedAtMs, row.id];

function instant(query: URLSearchParams, name: string): { ms: number; day: number } | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const parsed = parseInstant(raw);
  if (parsed === undefined)
    throw invalidParameter(name, `${name} must be an ISO 8601 timestamp or a date (YYYY-MM-DD)`);
  return parsed;
}

function day(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseInstant(raw) : undefined;
  if (parsed === undefined) throw invalidParameter(name, `${name} must be a date (YYYY-MM-DD)`);
  return parsed.day;
}

const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const minOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/**
 * Transactions (user routes). Without `since`: rows not deleted, newest `date` first, bounded by
 * `min_date`/`max_date`. With `since`: every row whose `updated_at` is at (or after) the stamp,
 * deleted ones included, most recently updated first, `until` bounding `updated_at`. The option
 * `sinceFilters: 'date'` plays the other reading, where `since`/`until` bound the date.
 */
export function registerV3TransactionRoutes(app: BridgeApp, deps: BridgeV3Deps): void {
  const user = v3User(deps);

  const list = (c: BridgeContext) => {
    const query = queryOf(c);
    const uuid = c.get('user').uuid;
    const accountId = v3IdQuery(query, 'account_id');
    if (accountId !== undefined) {
      const account = deps.bridge.store.account(accountId);
      if (account === undefined || account.userUuid !== uuid) throw v3NotFound('Account');
    }
    const since = instant(query, 'since');
    const until = instant(query, 'until');
    let minDay = day(query, 'min_date');
    let maxDay = day(query, 'max_date');
    const ledger = deps.bridge.store.dataOf(uuid).ledger;
    const render = (
      items: readonly TransactionRow[],
      keyOf: (row: TransactionRow) => SortKey,
      scope: string,
      lo?: number,
      hi?: number,
    ) =>
      sendJson(
        c,
        renderV3Page({
          list: {
            items,
            keyOf,
            direction: 'desc',
            ...(lo === undefined ? {} : { lo }),
            ...(hi === undefined ? {} : { hi }),
          },
          scope,
          pathname: pathOf(c),
          query,
          cursors: deps.bridge.cursors,
          toJson: transactionV3Json,
          lastPage: deps.options.lastPageNextUri,
        }),
      );

    if (since !== undefined && deps.options.sinceFilters === 'updated_at') {
      let rows = ledger.updated(accountId);
      if (minDay !== undefined || maxDay !== undefined) {
        rows = rows.filter(
          (row) => (minDay === undefined || row.day >= minDay) && (maxDay === undefined || row.day <= maxDay),
        );
      }
      // Most recently updated first: rows after `until` come first, rows before `since` last.
      const lo =
        until === undefined ? 0 : lowerBound(rows, 0, rows.length, (row) => row.updatedAtMs <= until.ms);
      const inclusive = deps.options.since === 'inclusive';
      const hi = lowerBound(rows, lo, rows.length, (row) =>
        inclusive ? row.updatedAtMs < since.ms : row.updatedAtMs <= since.ms,
      );
      return render(rows, byUpdate, 'transactions:since', lo, hi);
    }
    if (deps.options.sinceFilters === 'date') {
      minDay = maxOf(minDay, since?.day);
      maxDay = minOf(maxDay, until?.day);
    }
    const rows = ledger.live(accountId);
    const lo = maxDay === undefined ? 0 : lowerBound(rows, 0, rows.length, (row) => row.day <= maxDay);
    const hi =
      minDay === undefined ? rows.length : lowerBound(rows, lo, rows.length, (row) => row.day < minDay);
    return render(rows, byDate, 'transactions', lo, hi);
  };

  app.get('/v3/aggregation/transactions', user, list);

  app.get('/v3/aggregation/transactions/:id', user, (c) => {
    const row = deps.bridge.store.dataOf(c.get('user').uuid).ledger.get(v3IdParam(c, 'id', 'Transaction'));
    if (row === undefined) throw v3NotFound('Transaction');
    return sendJson(c, transactionV3Json(row));
  });
}
