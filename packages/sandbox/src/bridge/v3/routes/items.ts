import type { BridgeApp, BridgeContext } from '../../context.js';
import { languageOf } from '../../data/categories.js';
import { pathOf, queryOf, sendJson } from '../../http.js';
import type { AccountRecord, ItemRecord } from '../../store/types.js';
import type { BridgeV3Bank } from '../bank.js';
import type { BridgeV3Deps } from '../context.js';
import { v3NotFound } from '../errors.js';
import { v3IdParam, v3IdQuery } from '../http.js';
import { v3User } from '../middleware.js';
import { renderV3Page } from '../pagination.js';
import { accountV3Json, itemV3Json } from '../serialize.js';

/** Items and accounts (user routes). */
export function registerV3ItemRoutes(app: BridgeApp, deps: BridgeV3Deps, bank: BridgeV3Bank): void {
  const user = v3User(deps);
  const itemJson = (c: BridgeContext) => (item: ItemRecord) =>
    itemV3Json(
      item,
      deps.state.item(item.id, item.refreshedAtMs),
      languageOf(c.req.header('accept-language')),
    );
  const accountJson = (account: AccountRecord) => accountV3Json(account, bank.balances(account));
  const ownItem = (c: BridgeContext): ItemRecord => {
    const item = deps.bridge.store.item(v3IdParam(c, 'id', 'Item'));
    if (item === undefined || item.userUuid !== c.get('user').uuid) throw v3NotFound('Item');
    return item;
  };

  app.get('/v3/aggregation/items', user, (c) => {
    const items = deps.bridge.store.dataOf(c.get('user').uuid).items;
    return sendJson(
      c,
      renderV3Page({
        list: { items: [...items].reverse(), keyOf: (item) => [item.id, 0], direction: 'desc' },
        scope: 'items',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.bridge.cursors,
        toJson: itemJson(c),
        lastPage: deps.options.lastPageNextUri,
      }),
    );
  });

  app.get('/v3/aggregation/items/:id', user, (c) => sendJson(c, itemJson(c)(ownItem(c))));

  app.delete('/v3/aggregation/items/:id', user, (c) => {
    const item = ownItem(c);
    deps.bridge.store.deleteItem(item.id);
    bank.itemDeleted(item.id, item.userUuid);
    return c.body(null, 204);
  });

  app.get('/v3/aggregation/accounts', user, (c) => {
    const query = queryOf(c);
    const itemId = v3IdQuery(query, 'item_id');
    const accounts = deps.bridge.store
      .dataOf(c.get('user').uuid)
      .accounts.filter((account) => itemId === undefined || account.itemId === itemId);
    return sendJson(
      c,
      renderV3Page({
        list: { items: accounts.reverse(), keyOf: (account) => [account.id, 0], direction: 'desc' },
        scope: 'accounts',
        pathname: pathOf(c),
        query,
        cursors: deps.bridge.cursors,
        toJson: accountJson,
        lastPage: deps.options.lastPageNextUri,
      }),
    );
  });

  app.get('/v3/aggregation/accounts/:id', user, (c) => {
    const account = deps.bridge.store.account(v3IdParam(c, 'id', 'Account'));
    if (account === undefined || account.userUuid !== c.get('user').uuid) throw v3NotFound('Account');
    return sendJson(c, accountJson(account));
  });
}
