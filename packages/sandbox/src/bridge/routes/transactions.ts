import type { BridgeApp, BridgeContext, BridgeDeps } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { formatTimestamp, parseInstant } from '../format.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { requireUser } from '../middleware/user-auth.js';
import { lowerBound, renderPage, type SortKey } from '../pagination.js';
import { transactionJson } from '../serialize.js';
import type { TransactionRow } from '../store/types.js';

const byDate = (row: TransactionRow): SortKey => [row.day, row.id];
const byUpdate = (row: TransactionRow): SortKey => [row.updatedAtMs, row.id];

function instantParam(query: URLSearchParams, name: string): { ms: number; day: number } | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const parsed = parseInstant(raw);
  if (parsed === undefined) throw badRequest(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 timestamp`);
  return parsed;
}

/**
 * Transactions (every list with a top-level `generated_at`): the snapshot lists (never deleted rows; `since`/`until` on `date`, both inclusive),
 * the `/updated` lists (created, updated or deleted after `since`, deleted ones with
 * `is_deleted: true`), per account or for all accounts, and one transaction.
 */
export function registerTransactionRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const user = requireUser(deps);
  // Bridge's recorded transaction lists (July 2023) carry a top-level `generated_at`.
  const generatedAt = () => `"generated_at":"${formatTimestamp(deps.runtime.clock.nowMs())}"`;

  const ownAccountId = (c: BridgeContext): number => {
    const account = deps.store.account(idParam(c, 'id', 'Account'));
    if (account === undefined || account.userUuid !== c.get('user').uuid) throw notFound('Account');
    return account.id;
  };

  const snapshot = (c: BridgeContext, accountId?: number) => {
    const query = queryOf(c);
    const since = instantParam(query, 'since');
    const until = instantParam(query, 'until');
    const rows = deps.store.dataOf(c.get('user').uuid).ledger.live(accountId);
    // Newest first: rows after `until` come first, rows before `since` last; cut both by binary search.
    const lo = until === undefined ? 0 : lowerBound(rows, 0, rows.length, (row) => row.day <= until.day);
    const hi =
      since === undefined ? rows.length : lowerBound(rows, lo, rows.length, (row) => row.day < since.day);
    return sendJson(
      c,
      renderPage({
        list: { items: rows, keyOf: byDate, direction: 'desc', lo, hi },
        scope: 'transactions',
        pathname: pathOf(c),
        query,
        cursors: deps.cursors,
        toJson: transactionJson,
        extra: generatedAt(),
      }),
    );
  };

  const updated = (c: BridgeContext, accountId?: number) => {
    const query = queryOf(c);
    const since = instantParam(query, 'since');
    const rows = deps.store.dataOf(c.get('user').uuid).ledger.updated(accountId);
    const hi =
      since === undefined
        ? rows.length
        : lowerBound(rows, 0, rows.length, (row) => row.updatedAtMs <= since.ms);
    return sendJson(
      c,
      renderPage({
        list: { items: rows, keyOf: byUpdate, direction: 'desc', hi },
        scope: 'transactions/updated',
        pathname: pathOf(c),
        query,
        cursors: deps.cursors,
        toJson: transactionJson,
        extra: generatedAt(),
      }),
    );
  };

  app.get('/v2/transactions', user, (c) => snapshot(c));
  app.get('/v2/transactions/updated', user, (c) => updated(c));
  app.get('/v2/transactions/:id', user, (c) => {
    const row = deps.store.dataOf(c.get('user').uuid).ledger.get(idParam(c, 'id', 'Transaction'));
    if (row === undefined || row.isDeleted) throw notFound('Transaction');
    return sendJson(c, transactionJson(row));
  });
  app.get('/v2/accounts/:id/transactions', user, (c) => snapshot(c, ownAccountId(c)));
  app.get('/v2/accounts/:id/transactions/updated', user, (c) => updated(c, ownAccountId(c)));
}
