import type { BridgeApp, BridgeDeps } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { parseInstant } from '../format.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { requireUser } from '../middleware/user-auth.js';
import { renderPage } from '../pagination.js';
import { stockJson } from '../serialize.js';

/** Stocks: list (live holdings), `/updated` (incl. deleted ones) and get. */
export function registerStockRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const user = requireUser(deps);

  app.get('/v2/stocks', user, (c) => {
    const stocks = deps.store
      .dataOf(c.get('user').uuid)
      .stocks.filter((stock) => !stock.isDeleted)
      .sort((a, b) => b.id - a.id);
    return sendJson(
      c,
      renderPage({
        list: { items: stocks, keyOf: (stock) => [stock.id, 0], direction: 'desc' },
        scope: 'stocks',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.cursors,
        toJson: stockJson,
      }),
    );
  });

  app.get('/v2/stocks/updated', user, (c) => {
    const query = queryOf(c);
    const raw = query.get('since');
    const since = raw === null || raw === '' ? undefined : parseInstant(raw);
    if (raw !== null && raw !== '' && since === undefined) {
      throw badRequest('since must be a date (YYYY-MM-DD) or an ISO 8601 timestamp');
    }
    const stocks = deps.store
      .dataOf(c.get('user').uuid)
      .stocks.filter((stock) => since === undefined || stock.updatedAtMs > since.ms)
      .sort((a, b) => b.updatedAtMs - a.updatedAtMs || b.id - a.id);
    return sendJson(
      c,
      renderPage({
        list: { items: stocks, keyOf: (stock) => [stock.updatedAtMs, stock.id], direction: 'desc' },
        scope: 'stocks/updated',
        pathname: pathOf(c),
        query,
        cursors: deps.cursors,
        toJson: stockJson,
      }),
    );
  });

  app.get('/v2/stocks/:id', user, (c) => {
    const id = idParam(c, 'id', 'Stock');
    const stock = deps.store.dataOf(c.get('user').uuid).stocks.find((candidate) => candidate.id === id);
    if (stock === undefined || stock.isDeleted) throw notFound('Stock');
    return sendJson(c, stockJson(stock));
  });
}
