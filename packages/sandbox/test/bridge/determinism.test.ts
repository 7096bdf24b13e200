import { describe, expect, it } from 'vitest';
import { type BridgeHarness, startBridge } from './helpers.js';

const NOW = '2024-09-01T08:00:00.000Z';

async function snapshot(h: BridgeHarness): Promise<string> {
  const token = await h.login();
  const transactions = await h.pageAll<Record<string, unknown>>('/v2/transactions?limit=500', token);
  const accounts = await h.pageAll<Record<string, unknown>>('/v2/accounts', token);
  const stocks = await h.pageAll<Record<string, unknown>>('/v2/stocks', token);
  return JSON.stringify({
    users: h.sandbox.bridge.users,
    transactions: transactions.resources,
    accounts: accounts.resources,
    stocks: stocks.resources,
  });
}

describe('Bridge determinism', () => {
  it('gives the same data for the same seed and start time, and other data for another seed', async () => {
    const runs: string[] = [];
    for (const seed of [42, 42, 43]) {
      const h = await startBridge({ seed, now: NOW, bridge: { transactionsPerUser: 700 } });
      try {
        runs.push(await snapshot(h));
      } finally {
        await h.sandbox.close();
      }
    }
    expect(runs[0]).toBe(runs[1]);
    expect(runs[0]).not.toBe(runs[2]);
  });

  it('restores the seeded data with control.reset()', async () => {
    const h = await startBridge({ now: NOW });
    try {
      const before = await snapshot(h);
      const token = await h.login();
      h.sandbox.bridge.control.churnTransactions('demo@bankkit.dev', { delete: 5, add: 5 });
      const items = (await (await h.call('/v2/items', { token })).json()) as { resources: { id: number }[] };
      await h.call(`/v2/items/${items.resources[0]?.id}`, { method: 'DELETE', token });
      expect(await snapshot(h)).not.toBe(before);
      h.sandbox.bridge.control.reset();
      expect((await h.call('/v2/items', { token })).status).toBe(401);
      expect(await snapshot(h)).toBe(before);
    } finally {
      await h.sandbox.close();
    }
  });
});
