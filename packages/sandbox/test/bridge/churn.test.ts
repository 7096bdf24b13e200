import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, startBridge } from './helpers.js';

type Row = { id: number; amount: number; is_deleted: boolean; updated_at: string; date: string };

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 500 } });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

describe('Bridge transaction churn', () => {
  it('updates, deletes and recreates rows; /updated reports each change, /transactions the new state', async () => {
    const before = (await h.pageAll<Row>('/v2/transactions?limit=500', token)).resources;
    const byId = new Map(before.map((row) => [row.id, row]));
    h.sandbox.clock.advance(60_000);
    const since = h.sandbox.clock.now().toISOString();
    h.sandbox.clock.advance(1_000);
    const churn = h.sandbox.bridge.control.churnTransactions('demo@bankkit.dev', {
      update: 3,
      delete: 2,
      recreate: 2,
      add: 1,
    });
    expect(churn.updated).toHaveLength(3);
    expect(churn.deleted).toHaveLength(2);
    expect(churn.recreated).toHaveLength(2);
    expect(churn.added).toHaveLength(1);

    const updated = (await h.pageAll<Row>(`/v2/transactions/updated?since=${since}`, token)).resources;
    const changed = new Map(updated.map((row) => [row.id, row]));
    expect(changed.size).toBe(3 + 2 + 2 * 2 + 1);
    for (const id of churn.updated) {
      expect(changed.get(id)?.is_deleted).toBe(false);
      expect(changed.get(id)?.amount).not.toBe(byId.get(id)?.amount);
    }
    for (const id of churn.deleted) expect(changed.get(id)?.is_deleted).toBe(true);
    for (const { from, to } of churn.recreated) {
      expect(changed.get(from)?.is_deleted).toBe(true);
      expect(changed.get(to)?.is_deleted).toBe(false);
      expect(to).toBeGreaterThan(from);
      expect(changed.get(to)?.date).toBe(byId.get(from)?.date);
    }

    const after = (await h.pageAll<Row>('/v2/transactions?limit=500', token)).resources;
    const liveIds = new Set(after.map((row) => row.id));
    expect(after).toHaveLength(before.length - 2 + 1);
    for (const id of [...churn.deleted, ...churn.recreated.map((pair) => pair.from)])
      expect(liveIds.has(id)).toBe(false);
    for (const id of [...churn.added, ...churn.recreated.map((pair) => pair.to)])
      expect(liveIds.has(id)).toBe(true);
  });
});
