import type { BridgeApp, BridgeDeps } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { requireUser } from '../middleware/user-auth.js';
import { renderPage } from '../pagination.js';
import { accountJson } from '../serialize.js';

/** Accounts: list (optionally of one item) and get. */
export function registerAccountRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const user = requireUser(deps);

  app.get('/v2/accounts', user, (c) => {
    const query = queryOf(c);
    const itemParam = query.get('item_id');
    if (itemParam !== null && !/^\d{1,16}$/.test(itemParam)) throw badRequest('item_id must be an integer');
    const itemId = itemParam === null ? undefined : Number(itemParam);
    const accounts = deps.store
      .dataOf(c.get('user').uuid)
      .accounts.filter((account) => itemId === undefined || account.itemId === itemId)
      .sort((a, b) => b.id - a.id);
    return sendJson(
      c,
      renderPage({
        list: { items: accounts, keyOf: (account) => [account.id, 0], direction: 'desc' },
        scope: 'accounts',
        pathname: pathOf(c),
        query,
        cursors: deps.cursors,
        toJson: (account) => accountJson(account, deps.options.realisticNulls),
      }),
    );
  });

  app.get('/v2/accounts/:id', user, (c) => {
    const account = deps.store.account(idParam(c, 'id', 'Account'));
    if (account === undefined || account.userUuid !== c.get('user').uuid) throw notFound('Account');
    return sendJson(c, accountJson(account, deps.options.realisticNulls));
  });
}
