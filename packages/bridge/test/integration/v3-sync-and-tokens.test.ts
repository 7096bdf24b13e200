import { MemoryTokenStore } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { BridgeProvider, type BridgeV3Transaction } from '../../src/v3/index.js';
import { useV3Sandbox } from './v3-sandbox.js';

const h = useV3Sandbox();

const TOKEN_PATH = '/v3/aggregation/authorization/token';

function maxUpdatedAt(rows: readonly BridgeV3Transaction[]): string {
  return (
    rows
      .map((row) => row.updated_at)
      .sort()
      .at(-1) ?? ''
  );
}

describe('v3 incremental sync against the sandbox (since = the largest updated_at stored)', () => {
  it('returns what changed since the cursor, deleted rows included; booking deletes and recreates', async () => {
    const user = h.user();
    const snapshot = await (await user.listTransactions({ limit: 500 })).fetchAll();
    expect(snapshot.some((r) => r.deleted)).toBe(false);
    const cursor = maxUpdatedAt(snapshot);
    const [account] = (await user.listAccounts()).resources;
    if (!account) throw new Error('no account');

    const v3 = h.sandbox.bridge.v3;
    const pending = v3.addTransaction({
      accountId: Number(account.id),
      amount: '-42.10',
      future: true,
      description: 'Hotel',
    });
    const { deletedId, bookedId } = v3.bookTransaction(pending.id);

    const changes = await (await user.listTransactions({ since: cursor, limit: 500 })).fetchAll();
    const byId = new Map(changes.map((r) => [r.id, r]));
    expect(byId.get(deletedId)?.deleted).toBe(true);
    expect(byId.get(bookedId)?.deleted).toBe(false);
    expect(byId.get(bookedId)?.future).toBe(false);
    expect(byId.get(bookedId)?.amount).toBe(-42.1);
    // Inclusive cursor: rows stamped exactly at the cursor may come again; upsert by id handles them.
    for (const row of changes) expect(row.updated_at >= cursor).toBe(true);

    // The unified view never shows the deleted row.
    const unified = await (
      await new BridgeProvider(user).listTransactions({ accountIds: [String(account.id)] })
    ).fetchAll();
    const ids = unified.map((t) => t.id);
    expect(ids).toContain(String(bookedId));
    expect(ids).not.toContain(String(deletedId));
  });

  it('a pending row is pending in the unified model', async () => {
    const user = h.user();
    const [account] = (await user.listAccounts()).resources;
    if (!account) throw new Error('no account');
    const pending = h.sandbox.bridge.v3.addTransaction({
      accountId: Number(account.id),
      amount: '-5',
      future: true,
    });
    const unified = await (
      await new BridgeProvider(user).listTransactions({ accountIds: [String(account.id)] })
    ).fetchAll();
    expect(unified.find((t) => t.id === String(pending.id))?.status).toBe('pending');
  });
});

describe('v3 tokens against the sandbox', () => {
  it('one token request for many concurrent calls, app headers and bearer on each', async () => {
    const user = h.user();
    await Promise.all(Array.from({ length: 6 }, () => user.listItems()));
    expect(h.sandbox.requests.count({ method: 'POST', path: TOKEN_PATH })).toBe(1);
    expect(h.sandbox.requests.count({ method: 'GET', path: '/v3/aggregation/items' })).toBe(6);
    expect(user.isAuthenticated()).toBe(true);
  });

  it('a revoked token: the 401 renews once and the call goes through', async () => {
    const user = h.user();
    await user.listItems();
    h.sandbox.bridge.control.revokeTokens(h.demoUuid);
    const items = await (await user.listItems()).fetchAll();
    expect(items.length).toBeGreaterThan(0);
    expect(h.sandbox.requests.count({ method: 'POST', path: TOKEN_PATH })).toBe(2);
  });

  it('a second client on the same store reuses the stored token', async () => {
    const tokenStore = new MemoryTokenStore();
    await h.user({ tokenStore }).listItems();
    const second = h.user({ tokenStore });
    await second.ready();
    expect(second.isAuthenticated()).toBe(true);
    await second.listAccounts();
    expect(h.sandbox.requests.count({ method: 'POST', path: TOKEN_PATH })).toBe(1);
  });

  it('renews before the two hours are up, on the sandbox clock', async () => {
    const clock = h.sandbox.clock;
    const user = h.user({ now: () => clock.nowMs() });
    await user.listItems();
    clock.advance(2 * 3600_000 - 30_000);
    expect(user.isAuthenticated()).toBe(false);
    await user.listItems();
    expect(h.sandbox.requests.count({ method: 'POST', path: TOKEN_PATH })).toBe(2);
    // No request was refused: the token was replaced before Bridge would have said 401.
    expect(h.sandbox.requests.count((entry) => entry.status === 401)).toBe(0);
  });

  it('renewAuth returns the sandbox answer', async () => {
    const answer = await h.user().renewAuth();
    expect(answer.user.uuid).toBe(h.demoUuid);
    expect(answer.response.status).toBe(201);
  });
});
