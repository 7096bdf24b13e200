import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Json, startV3, type V3Harness } from './helpers.js';

type Row = {
  id: number;
  account_id: number;
  amount: number;
  date: string;
  updated_at: string;
  deleted: boolean;
  future: boolean;
  clean_description: string;
};

let h: V3Harness;
let token: string;
let accountId: number;

beforeEach(async () => {
  h = await startV3({ now: '2026-05-04T08:00:00.000Z', bridge: { transactionsPerUser: 200 } });
  token = await h.token();
  accountId = h.sandbox.bridge.control
    .accounts('demo@bankkit.dev')
    .find((account) => account.type === 'checking')?.id as number;
});
afterEach(() => h.sandbox.close());

/** The newest updated_at of every row the client holds: its `since` stamp. */
function highWater(rows: readonly Row[]): string {
  return rows
    .map((row) => row.updated_at)
    .sort()
    .at(-1) as string;
}

async function since(stamp: string, extra = ''): Promise<Row[]> {
  return (
    await h.pageAll<Row>(
      `/v3/aggregation/transactions?since=${encodeURIComponent(stamp)}&limit=3${extra}`,
      token,
    )
  ).resources;
}

describe('Bridge v3 incremental sync (since)', () => {
  it('returns exactly the rows the bank added, changed or deleted since the stamp, deleted ones included', async () => {
    const first = (await h.pageAll<Row>('/v3/aggregation/transactions?limit=500', token)).resources;
    const stamp = highWater(first);
    h.sandbox.clock.advance(60_000);
    const v3 = h.sandbox.bridge.v3;
    const added = v3.addTransaction({
      accountId,
      amount: '-12.34',
      description: 'Boulangerie',
      date: '2026-05-04',
    });
    const [victim, changed] = first.filter((row) => !row.future && row.account_id === accountId);
    const modified = v3.modifyTransaction(changed?.id as number, {
      amount: '-99.90',
      description: 'Corrected',
    });
    v3.deleteTransaction(victim?.id as number);

    const delta = await since(new Date(Date.parse(stamp) + 1).toISOString());
    expect(delta.map((row) => row.id).sort()).toEqual([added.id, modified.id, victim?.id].sort());
    const byId = new Map(delta.map((row) => [row.id, row]));
    expect(byId.get(added.id)).toMatchObject({
      amount: -12.34,
      clean_description: 'Boulangerie',
      deleted: false,
      date: '2026-05-04',
    });
    expect(byId.get(modified.id)).toMatchObject({
      amount: -99.9,
      clean_description: 'Corrected',
      deleted: false,
    });
    expect(byId.get(victim?.id as number)).toMatchObject({ deleted: true });
    for (const row of delta) expect(Date.parse(row.updated_at)).toBeGreaterThan(Date.parse(stamp));
    // Most recently updated first.
    const stamps = delta.map((row) => row.updated_at);
    expect(stamps).toEqual([...stamps].sort().reverse());
    // The snapshot list no longer shows the deleted row.
    const snapshot = (await h.pageAll<Row>('/v3/aggregation/transactions?limit=500', token)).resources;
    expect(snapshot.some((row) => row.id === victim?.id)).toBe(false);
  });

  it('books a pending row as Bridge documents: the pending row is deleted and the booked one created under a new id', async () => {
    const pending = h.sandbox.bridge.v3.addTransaction({
      accountId,
      amount: '-25',
      future: true,
      description: 'Carte',
    });
    const listed = (await h.pageAll<Row>('/v3/aggregation/transactions?limit=500', token)).resources;
    expect(listed.find((row) => row.id === pending.id)).toMatchObject({ future: true, deleted: false });
    const stamp = highWater(listed);
    const balanceBefore = (
      await h.get<{ accounting_balance: number }>(`/v3/aggregation/accounts/${accountId}`, token)
    ).accounting_balance;
    h.sandbox.clock.advance(3_600_000);
    token = await h.token();
    const { deletedId, bookedId } = h.sandbox.bridge.v3.bookTransaction(pending.id, { amount: '-27.5' });
    expect(deletedId).toBe(pending.id);
    expect(bookedId).not.toBe(pending.id);

    const delta = await since(stamp);
    const pendingRow = delta.find((row) => row.id === pending.id);
    const bookedRow = delta.find((row) => row.id === bookedId);
    expect(pendingRow).toMatchObject({ deleted: true, future: true });
    expect(bookedRow).toMatchObject({
      deleted: false,
      future: false,
      amount: -27.5,
      clean_description: 'Carte',
      account_id: accountId,
    });
    const snapshot = (await h.pageAll<Row>('/v3/aggregation/transactions?limit=500', token)).resources;
    expect(snapshot.some((row) => row.id === pending.id)).toBe(false);
    expect(snapshot.some((row) => row.id === bookedId)).toBe(true);
    const balanceAfter = (
      await h.get<{ accounting_balance: number }>(`/v3/aggregation/accounts/${accountId}`, token)
    ).accounting_balance;
    expect(Math.round((balanceAfter - balanceBefore) * 100)).toBe(-2750);
    expect(() => h.sandbox.bridge.v3.bookTransaction(bookedId)).toThrow(/already booked/);
    expect(() => h.sandbox.bridge.v3.bookTransaction(pending.id)).toThrow(/deleted/);
  });

  it('keeps rows updated exactly at the stamp (inclusive); the exclusive option leaves them out', async () => {
    const row = h.sandbox.bridge.v3.addTransaction({ accountId, amount: 10 });
    expect((await since(row.updatedAt)).map((r) => r.id)).toContain(row.id);
    const exclusive = await startV3({ bridge: { v3: { since: 'exclusive' } } });
    try {
      const otherToken = await exclusive.token();
      const otherAccount = exclusive.sandbox.bridge.control.accounts('demo@bankkit.dev')[0]?.id as number;
      const other = exclusive.sandbox.bridge.v3.addTransaction({ accountId: otherAccount, amount: 10 });
      const rows = (
        await exclusive.pageAll<Row>(`/v3/aggregation/transactions?since=${other.updatedAt}`, otherToken)
      ).resources;
      expect(rows.map((r) => r.id)).not.toContain(other.id);
    } finally {
      await exclusive.sandbox.close();
    }
  });

  it('bounds since with until (updated_at), accepts a date as since, and pages a since query with a stable cursor', async () => {
    const a = h.sandbox.bridge.v3.addTransaction({ accountId, amount: 1 });
    h.sandbox.clock.advance(10_000);
    const b = h.sandbox.bridge.v3.addTransaction({ accountId, amount: 2 });
    h.sandbox.clock.advance(10_000);
    const c = h.sandbox.bridge.v3.addTransaction({ accountId, amount: 3 });
    token = await h.token();
    const window = await since(a.updatedAt, `&until=${encodeURIComponent(b.updatedAt)}`);
    expect(window.map((row) => row.id)).toEqual([b.id, a.id]);
    const fromDay = await since('2026-05-04');
    expect(fromDay.map((row) => row.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect((await h.call('/v3/aggregation/transactions?since=last-tuesday', { token })).status).toBe(400);
    // since + account_id
    const otherAccount = h.sandbox.bridge.control
      .accounts('demo@bankkit.dev')
      .find((account) => account.id !== accountId)?.id;
    expect(await since(a.updatedAt, `&account_id=${otherAccount}`)).toEqual([]);
  });

  it('plays the other reading when asked: since/until bound the transaction date, deleted rows left out', async () => {
    const dated = await startV3({
      now: '2026-05-04T08:00:00.000Z',
      bridge: { v3: { sinceFilters: 'date' } },
    });
    try {
      const otherToken = await dated.token();
      const account = dated.sandbox.bridge.control.accounts('demo@bankkit.dev')[0]?.id as number;
      const kept = dated.sandbox.bridge.v3.addTransaction({
        accountId: account,
        amount: 1,
        date: '2026-05-04',
      });
      const gone = dated.sandbox.bridge.v3.addTransaction({
        accountId: account,
        amount: 2,
        date: '2026-05-04',
      });
      dated.sandbox.bridge.v3.deleteTransaction(gone.id);
      const rows = (
        await dated.pageAll<Json>(
          '/v3/aggregation/transactions?since=2026-05-04&until=2026-05-04',
          otherToken,
        )
      ).resources;
      expect(rows.every((row) => row.date === '2026-05-04' && row.deleted === false)).toBe(true);
      expect(rows.map((row) => row.id)).toContain(kept.id);
      expect(rows.map((row) => row.id)).not.toContain(gone.id);
    } finally {
      await dated.sandbox.close();
    }
  });

  it("picks up a newly connected item's whole history with since (its rows are stamped at connect time)", async () => {
    const stamp = highWater(
      (await h.pageAll<Row>('/v3/aggregation/transactions?limit=500', token)).resources,
    );
    h.sandbox.clock.advance(1000);
    const session = (await (
      await h.call('/v3/aggregation/connect-sessions', {
        method: 'POST',
        token,
        body: { user_email: 'demo@bankkit.dev' },
      })
    ).json()) as { url: string };
    const done = h.sandbox.bridge.v3.completeConnectSession(session.url, { accounts: 2, transactions: 30 });
    const delta = await since(new Date(Date.parse(stamp) + 1).toISOString());
    const fromItem = delta.filter((row) => done.accountIds.includes(row.account_id));
    expect(fromItem.length).toBeGreaterThanOrEqual(30);
    expect(delta.length).toBe(fromItem.length);
  });

  it('shows the bank activity through v2 as well (same data)', async () => {
    const row = h.sandbox.bridge.v3.addTransaction({ accountId, amount: '-1.5' });
    const v2 = await fetch(`${h.base}/v2/transactions/${row.id}`, {
      headers: { ...h.app, 'Bridge-Version': '2021-06-01', Authorization: `Bearer ${token}` },
    });
    expect(v2.status).toBe(200);
    expect(await v2.json()).toMatchObject({ id: row.id, amount: -1.5, is_deleted: false });
  });
});
