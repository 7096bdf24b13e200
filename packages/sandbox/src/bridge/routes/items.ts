import type { BridgeApp, BridgeContext, BridgeDeps } from '../context.js';
import { languageOf } from '../data/categories.js';
import { notFound } from '../errors.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { requireUser } from '../middleware/user-auth.js';
import { renderPage } from '../pagination.js';
import { itemJson, refreshStatusJson } from '../serialize.js';
import type { ItemRecord } from '../store/types.js';

/** Items: list, get, refresh (202, no body), refresh status, delete (204). */
export function registerItemRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const user = requireUser(deps);

  const ownItem = (c: BridgeContext): ItemRecord => {
    const item = deps.store.item(idParam(c, 'id', 'Item'));
    if (item === undefined || item.userUuid !== c.get('user').uuid) throw notFound('Item');
    return item;
  };

  app.get('/v2/items', user, (c) => {
    const language = languageOf(c.req.header('accept-language'));
    const items = [...deps.store.dataOf(c.get('user').uuid).items].sort((a, b) => b.id - a.id);
    return sendJson(
      c,
      renderPage({
        list: { items, keyOf: (item) => [item.id, 0], direction: 'desc' },
        scope: 'items',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.cursors,
        toJson: (item) => itemJson(item, language, deps.options.realisticNulls),
      }),
    );
  });

  app.get('/v2/items/:id', user, (c) =>
    sendJson(
      c,
      itemJson(ownItem(c), languageOf(c.req.header('accept-language')), deps.options.realisticNulls),
    ),
  );

  app.post('/v2/items/:id/refresh', user, (c) => {
    ownItem(c).refreshStep = 0;
    return c.body(null, 202);
  });

  // Each poll moves a running refresh one step; the last step ends it.
  app.get('/v2/items/:id/refresh/status', user, (c) => {
    const item = ownItem(c);
    const steps = deps.options.refreshSteps;
    const accounts = deps.store
      .dataOf(item.userUuid)
      .accounts.filter((account) => account.itemId === item.id);
    const last = steps.length - 1;
    if (item.refreshStep === undefined) {
      return sendJson(c, refreshStatusJson(item, steps[last] as string, accounts.length, accounts.length));
    }
    const step = item.refreshStep;
    if (step >= last) {
      item.refreshStep = undefined;
      item.refreshedAtMs = deps.runtime.clock.nowMs();
      for (const account of accounts) account.updatedAtMs = item.refreshedAtMs;
      return sendJson(c, refreshStatusJson(item, steps[last] as string, accounts.length, accounts.length));
    }
    item.refreshStep = step + 1;
    const done = step === 0 ? null : Math.floor((accounts.length * step) / last);
    return sendJson(c, refreshStatusJson(item, steps[step] as string, done, accounts.length));
  });

  app.delete('/v2/items/:id', user, (c) => {
    deps.store.deleteItem(ownItem(c).id);
    return c.body(null, 204);
  });
}
