import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, startBridge } from './helpers.js';

type Row = { id: number; date: string; is_deleted: boolean };

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 100_000 } });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

describe('Bridge pagination at volume', () => {
  // How fast it serves them is measured by `pnpm bench` (docs/performance.md), not asserted here.
  it('serves 100,000 transactions at limit 500: every one exactly once, newest first', async () => {
    const { resources, pages } = await h.pageAll<Row>('/v2/transactions?limit=500', token);
    expect(resources).toHaveLength(100_000);
    expect(pages).toBe(200);
    expect(new Set(resources.map((row) => row.id)).size).toBe(100_000);
    expect(resources.every((row) => row.is_deleted === false)).toBe(true);
    for (let i = 1; i < resources.length; i++) {
      const previous = resources[i - 1] as Row;
      const row = resources[i] as Row;
      const ordered = previous.date > row.date || (previous.date === row.date && previous.id > row.id);
      if (!ordered) throw new Error(`order broken at ${i}: ${JSON.stringify([previous, row])}`);
    }
    // Nothing is missing either: the ids served are exactly the user's live transactions.
    expect(h.sandbox.bridge.control.transactionCount('demo@bankkit.dev')).toBe(100_000);
    expect(h.sandbox.requests.count({ path: '/v2/transactions' })).toBe(200);
  });
});
