import { PaginationError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import type { BridgeTransaction } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const env = useSandbox({ bridge: { transactionsPerUser: 730 } });

const pageRequests = (path: string) => env.sandbox.requests.count({ method: 'GET', path });

describe('Bridge pagination against the sandbox', () => {
  it('fetchAll returns exactly the seeded transactions, newest first', async () => {
    const user = env.user();
    const page = await user.listTransactions({ limit: 100 });
    const all = await page.fetchAll();

    expect(all).toHaveLength(env.sandbox.bridge.control.transactionCount(env.demo.email));
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    const dates = all.map((t) => t.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(pageRequests('/v2/transactions')).toBe(Math.ceil(all.length / 100));
    expect(page.resources).toHaveLength(100);
  });

  it('fetchAll on the second page rejects; the last page has no next page', async () => {
    const user = env.user();
    const first = await user.listTransactions({ limit: 500 });
    const second = await first.nextPage();
    await expect(second.fetchAll()).rejects.toBeInstanceOf(PaginationError);
    expect(second.hasMore()).toBe(false);
    await expect(second.nextPage()).rejects.toBeInstanceOf(PaginationError);
  });

  it('for await streams every item, one page at a time, in the order fetchAll gives', async () => {
    const user = env.user();
    const expected = (await (await user.listTransactions({ limit: 500 })).fetchAll()).map((t) => t.id);
    env.sandbox.requests.clear();

    const page = await user.listTransactions({ limit: 200 });
    const seen: number[] = [];
    let maxRequestsAhead = 0;
    for await (const transaction of page) {
      seen.push(transaction.id);
      const fetched = pageRequests('/v2/transactions') * 200;
      maxRequestsAhead = Math.max(maxRequestsAhead, fetched - seen.length);
    }
    expect(seen).toEqual(expected);
    expect(maxRequestsAhead).toBeLessThan(200);
  });

  it('next_uri carries the filters: since/until hold across pages', async () => {
    const user = env.user();
    const all = await (await user.listTransactions({ limit: 500 })).fetchAll();
    const until = all[10]?.date;
    const since = all[60]?.date;
    if (!until || !since) throw new Error('not enough transactions');
    const expected = all.filter((t) => t.date >= since && t.date <= until).map((t) => t.id);

    const filtered = await (await user.listTransactions({ since, until, limit: 7 })).fetchAll();

    expect(filtered.map((t) => t.id)).toEqual(expected);
    expect(env.sandbox.requests.list({ path: '/v2/transactions' }).slice(-2)[0]?.query).toContain(
      `since=${since}`,
    );
  });

  it('updated transactions after churn mark deleted rows, and the provider leaves them out', async () => {
    const user = env.user();
    const before = new Date(env.sandbox.clock.nowMs() - 1000);
    const churn = env.sandbox.bridge.control.churnTransactions(env.demo.email, {
      delete: 3,
      update: 2,
      add: 1,
    });
    const updated: BridgeTransaction[] = await (
      await user.listUpdatedTransactions({ since: before })
    ).fetchAll();
    const deleted = updated.filter((t) => t.is_deleted).map((t) => t.id);
    expect(deleted.sort()).toEqual([...churn.deleted].sort());
    const snapshot = await (await user.listTransactions({ limit: 500 })).fetchAll();
    const snapshotIds = new Set(snapshot.map((t) => t.id));
    for (const id of churn.deleted) expect(snapshotIds.has(id)).toBe(false);
  });

  it('lists accounts per item, stocks, items and users across pages', async () => {
    const user = env.user();
    const [item] = (await user.listItems({ limit: 1 })).resources;
    if (!item) throw new Error('no item');
    const accounts = await (await user.listAccounts({ itemId: item.id, limit: 2 })).fetchAll();
    expect(accounts.map((a) => a.id).sort()).toEqual(
      env.sandbox.bridge.control
        .accounts(env.demo.email)
        .filter((a) => a.itemId === item.id)
        .map((a) => a.id)
        .sort(),
    );
    const stocks = await (await user.listStocks({ limit: 1 })).fetchAll();
    expect(stocks.length).toBeGreaterThan(1);
    const users = await (await env.app().listUsers({ limit: 1 })).fetchAll();
    expect(users.map((u) => u.uuid)).toContain(env.demo.uuid);
  });
});
