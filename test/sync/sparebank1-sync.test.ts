import { isSyncCursorError, MAX_SYNC_CURSOR_LENGTH, type SyncCursorError, syncProvider } from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import type { SpareBank1Provider } from '@bankkit/sparebank1';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bridgeProvider, memoryLedger, sparebank1Provider, startSmallSandbox } from './support/sandbox.js';

let sandbox: Sandbox;
let provider: SpareBank1Provider;

beforeAll(async () => {
  sandbox = await startSmallSandbox(51);
  provider = await sparebank1Provider(sandbox, { syncHistoryDays: 60, syncOverlapDays: 14 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.requests.clear();
});

const transactionRequests = () =>
  sandbox.requests.count((entry) => entry.provider === 'sparebank1' && entry.path.endsWith('/transactions'));

function card() {
  const account = sandbox.sparebank1.control.accounts().find((candidate) => candidate.kind === 'creditCard');
  if (!account) throw new Error('no card');
  return account;
}

async function problem(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isSyncCursorError(error)).toBe(true);
  return (error as SyncCursorError).problem;
}

describe('SpareBank 1 sync', () => {
  it('one request per sync; a booked row that changed amount is linked to its pending row', async () => {
    const ledger = memoryLedger();
    const pending = sandbox.sparebank1.control.addTransaction({
      accountKey: card().key,
      amount: '-100.00',
      pending: true,
    });
    await syncProvider(provider, ledger);
    expect(transactionRequests()).toBe(1);
    const before = (await ledger.listTransactions()).find(
      (row) => row.status === 'pending' && row.amount.amount === '-100.00',
    );
    expect(before).toBeDefined();

    sandbox.clock.advance(2 * 86_400_000);
    sandbox.sparebank1.control.bookPending({ ref: pending.ref, amount: '-110.00' });
    sandbox.requests.clear();
    const cursor = await ledger.getCursor(provider.id);
    const batch = await provider.syncTransactions(cursor === undefined ? {} : { cursor });
    expect(transactionRequests()).toBe(1);
    expect(batch.hasMore).toBe(false);
    expect(batch.removed).toEqual([{ id: before?.id, accountId: card().key }]);
    expect(batch.added).toHaveLength(1);
    expect(batch.added[0]).toMatchObject({
      status: 'booked',
      amount: { amount: '-110.00', currency: 'NOK' },
      pendingTransactionId: before?.id,
    });
    await ledger.applyBatch(provider.id, batch);
    const stored = await ledger.listTransactions({ accountIds: [card().key] });
    expect(stored.filter((row) => row.id === before?.id)).toEqual([]);
  });

  it('a row booked the same day for the same amount keeps its id and comes as modified', async () => {
    const ledger = memoryLedger();
    const pending = sandbox.sparebank1.control.addTransaction({
      accountKey: card().key,
      amount: '-55.00',
      pending: true,
    });
    await syncProvider(provider, ledger);
    sandbox.sparebank1.control.bookPending({ ref: pending.ref, amount: '-55.00' });
    const summary = await syncProvider(provider, ledger);
    expect(summary).toMatchObject({ added: 0, modified: 1, removed: 0 });
    const rows = await ledger.listTransactions({ accountIds: [card().key] });
    expect(rows.filter((row) => row.amount.amount === '-55.00').map((row) => row.status)).toContain('booked');
  });

  it('an answer with missing rows applies nothing and says why', async () => {
    const ledger = memoryLedger();
    await syncProvider(provider, ledger);
    const cursor = await ledger.getCursor(provider.id);
    const rows = await ledger.listTransactions();
    sandbox.sparebank1.control.setPartialFailure(['RECENT_TRANSACTIONS_FAILED']);
    try {
      await expect(syncProvider(provider, ledger)).rejects.toMatchObject({
        code: 'incomplete_data',
        providerErrors: ['RECENT_TRANSACTIONS_FAILED'],
      });
    } finally {
      sandbox.sparebank1.control.setPartialFailure([]);
    }
    expect(await ledger.getCursor(provider.id)).toBe(cursor);
    expect(await ledger.listTransactions()).toEqual(rows);
  });

  it('refuses a Bridge cursor, a cursor of other accounts, a damaged or oversized one, before any request', async () => {
    const bridgeCursor = (await bridgeProvider(sandbox).syncTransactions({})).cursor;
    sandbox.requests.clear();
    expect(await problem(provider.syncTransactions({ cursor: bridgeCursor }))).toBe('provider');
    const { cursor } = await provider.syncTransactions({ accountIds: [card().key] });
    sandbox.requests.clear();
    expect(await problem(provider.syncTransactions({ cursor }))).toBe('accounts');
    const damaged = `${cursor.slice(0, -3)}${cursor.at(-3) === 'x' ? 'y' : 'x'}${cursor.slice(-2)}`;
    expect(['checksum', 'malformed']).toContain(
      await problem(provider.syncTransactions({ cursor: damaged, accountIds: [card().key] })),
    );
    expect(
      await problem(provider.syncTransactions({ cursor: `bk1.${'A'.repeat(MAX_SYNC_CURSOR_LENGTH)}` })),
    ).toBe('too_large');
    expect(transactionRequests()).toBe(0);
  });

  it('keeps its cursor within the documented bound with a window of thousands of rows', async () => {
    const busy = await startSmallSandbox(53, {
      sparebank1: { accounts: ['checking'], transactionsPerAccount: 4_000, historyDays: 20 },
    });
    try {
      const busyProvider = await sparebank1Provider(busy, { syncHistoryDays: 400, syncOverlapDays: 14 });
      const ledger = memoryLedger();
      const summary = await syncProvider(busyProvider, ledger);
      expect(summary.added).toBe(4_000);
      expect(summary.added).toBe(
        busy.sparebank1.control.transactions(busy.sparebank1.control.accounts()[0]?.key ?? '').length,
      );
      const cursor = (await ledger.getCursor(busyProvider.id)) ?? '';
      expect(cursor.length).toBeLessThanOrEqual(MAX_SYNC_CURSOR_LENGTH);
      expect(cursor.length).toBeGreaterThan(40_000);
      // The window shrank to the newest whole days that fit; a change in it is still seen.
      const [newest] = busy.sparebank1.control.transactions(busy.sparebank1.control.accounts()[0]?.key ?? '');
      if (!newest) throw new Error('no rows');
      busy.sparebank1.control.deleteTransaction(newest.ref);
      expect(await syncProvider(busyProvider, ledger)).toMatchObject({ added: 0, modified: 0, removed: 1 });
    } finally {
      await busy.close();
    }
  });

  it('stays under the bank’s 60 requests an hour: a first sync and ten more make 11 transaction requests', async () => {
    const limited = await startSmallSandbox(55, { rateLimits: true });
    try {
      const limitedProvider = await sparebank1Provider(limited, { syncHistoryDays: 60 });
      const ledger = memoryLedger();
      for (let i = 0; i < 11; i++) {
        limited.sparebank1.control.addTransaction({ amount: `-${i + 1}.00` });
        await syncProvider(limitedProvider, ledger);
      }
      expect(limited.requests.count((entry) => entry.status === 429)).toBe(0);
      expect(limited.requests.count((entry) => entry.path.endsWith('/transactions'))).toBe(11);
      expect(limited.requests.count((entry) => entry.server === 'sparebank1')).toBeLessThanOrEqual(13);
    } finally {
      await limited.close();
    }
  });
});
