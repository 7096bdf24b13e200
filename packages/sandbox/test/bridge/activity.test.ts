import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, startBridge } from './helpers.js';

type Row = {
  id: number;
  amount: number;
  is_deleted: boolean;
  is_future: boolean;
  clean_description: string;
  date: string;
};

let h: BridgeHarness;
let token: string;
const user = 'demo@bankkit.dev';

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 50 } });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

describe('Bridge v2 activity controls', () => {
  it('add, update, delete and book: /updated reports each change, /transactions the new state', async () => {
    const control = h.sandbox.bridge.control;
    h.sandbox.clock.advance(60_000);
    const since = h.sandbox.clock.now().toISOString();
    h.sandbox.clock.advance(1_000);
    const [account] = control.accounts(user);
    const added = control.addTransaction(user, {
      accountId: account?.id ?? 0,
      date: '2020-01-02',
      amount: '-12.30',
      description: 'Back-dated',
    });
    expect(added).toMatchObject({ date: '2020-01-02', amount: '-12.30', isFuture: false, isDeleted: false });
    const [first, second] = control.transactions(user).filter((row) => row.id !== added.id);
    control.updateTransaction(user, first?.id ?? 0, { amount: '-1.05', description: 'Changé' });
    control.deleteTransaction(user, second?.id ?? 0);
    const pending = control.addTransaction(user, { amount: '-40.00', future: true });
    const booked = control.bookTransaction(user, pending.id, { amount: '-41.00' });
    expect(booked.id).toBeGreaterThan(pending.id);
    expect(booked).toMatchObject({ amount: '-41.00', isFuture: false });

    const changes = new Map(
      (await h.pageAll<Row>(`/v2/transactions/updated?since=${since}`, token)).resources.map((row) => [
        row.id,
        row,
      ]),
    );
    expect(changes.get(added.id)).toMatchObject({ amount: -12.3, is_deleted: false, date: '2020-01-02' });
    expect(changes.get(first?.id ?? 0)).toMatchObject({ amount: -1.05, clean_description: 'Changé' });
    expect(changes.get(second?.id ?? 0)?.is_deleted).toBe(true);
    expect(changes.get(pending.id)).toMatchObject({ is_deleted: true, is_future: true });
    expect(changes.get(booked.id)).toMatchObject({ is_deleted: false, is_future: false, amount: -41 });

    const live = new Set(
      (await h.pageAll<Row>('/v2/transactions?limit=500', token)).resources.map((row) => row.id),
    );
    expect(live.has(second?.id ?? 0)).toBe(false);
    expect(live.has(pending.id)).toBe(false);
    expect(live.has(booked.id)).toBe(true);
    expect(
      control.transactions(user, { includeDeleted: true }).find((row) => row.id === pending.id)?.isDeleted,
    ).toBe(true);
    expect(() => control.deleteTransaction(user, second?.id ?? 0)).toThrow(/no live transaction/);
  });
});
