import { isSyncCursorError, type SyncCursorError, syncProvider, type Transaction } from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bridgeProvider,
  bridgeUser,
  bridgeV3Provider,
  memoryLedger,
  startSmallSandbox,
} from './support/sandbox.js';

let sandbox: Sandbox;
let user: string;

beforeAll(async () => {
  sandbox = await startSmallSandbox(71, { bridge: { transactionsPerUser: 300 } });
  user = bridgeUser(sandbox).email;
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.bridge.v3.webhooks.settled();
  sandbox.bridge.control.reset();
  sandbox.faults.clear();
  sandbox.requests.clear();
});

const listings = () =>
  sandbox.requests.count(
    (entry) => entry.provider === 'bridge' && entry.path === '/v3/aggregation/transactions',
  );

function ids(rows: readonly Transaction[]): string[] {
  return rows.map((row) => row.id).sort();
}

function bankIds(): string[] {
  return sandbox.bridge.control
    .transactions(user)
    .map((row) => String(row.id))
    .sort();
}

describe('Bridge 2025-01-15 sync', () => {
  it('first sync: every live row in one page of 500; then k changes cost one listing request', async () => {
    const provider = bridgeV3Provider(sandbox);
    const ledger = memoryLedger();
    await syncProvider(provider, ledger);
    expect(listings()).toBe(1);
    expect(ids(await ledger.listTransactions())).toEqual(bankIds());

    sandbox.clock.advance(1_000);
    const [first, second, third] = sandbox.bridge.control.transactions(user);
    const [account] = sandbox.bridge.control.accounts(user);
    sandbox.bridge.v3.addTransaction({ accountId: account?.id ?? 0, amount: '-12.00' });
    sandbox.bridge.v3.modifyTransaction(first?.id ?? 0, { amount: '-1.23' });
    sandbox.bridge.v3.deleteTransaction(second?.id ?? 0);
    sandbox.bridge.v3.modifyTransaction(third?.id ?? 0, { description: 'Loyer' });
    sandbox.requests.clear();
    const summary = await syncProvider(provider, ledger);
    expect(summary).toMatchObject({ added: 1, modified: 2, removed: 1, batches: 1 });
    expect(listings()).toBe(1);
    const rows = await ledger.listTransactions();
    expect(ids(rows)).toEqual(bankIds());
    expect(rows.find((row) => row.id === String(first?.id))?.amount.amount).toBe('-1.23');
  });

  it('links the booked row to the pending row Bridge deleted for it', async () => {
    const provider = bridgeV3Provider(sandbox);
    const ledger = memoryLedger();
    const [account] = sandbox.bridge.control.accounts(user);
    const pending = sandbox.bridge.v3.addTransaction({
      accountId: account?.id ?? 0,
      amount: '-80.00',
      future: true,
    });
    await syncProvider(provider, ledger);
    sandbox.clock.advance(1_000);
    const { deletedId, bookedId } = sandbox.bridge.v3.bookTransaction(pending.id);
    const cursor = await ledger.getCursor(provider.id);
    const batch = await provider.syncTransactions(cursor === undefined ? {} : { cursor });
    expect(batch.removed).toEqual([{ id: String(deletedId), accountId: String(account?.id) }]);
    expect(batch.added.map((row) => [row.id, row.status, row.pendingTransactionId])).toEqual([
      [String(bookedId), 'booked', String(deletedId)],
    ]);
  });

  it('a v2 cursor is refused by the v3 provider and the other way round', async () => {
    const v2 = bridgeProvider(sandbox);
    const v3 = bridgeV3Provider(sandbox);
    const fromV2 = (await v2.syncTransactions({})).cursor;
    const fromV3 = (await v3.syncTransactions({})).cursor;
    const problem = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isSyncCursorError(error)).toBe(true);
      return (error as SyncCursorError).problem;
    };
    expect(await problem(v3.syncTransactions({ cursor: fromV2 }))).toBe('provider');
    expect(await problem(v2.syncTransactions({ cursor: fromV3 }))).toBe('provider');
  });

  it('converges too when the bank reads `since` as strictly after', async () => {
    const strict = await startSmallSandbox(73, {
      bridge: { transactionsPerUser: 60, v3: { since: 'exclusive' } },
    });
    try {
      const provider = bridgeV3Provider(strict, { syncPageSize: 25 });
      const ledger = memoryLedger();
      const strictUser = bridgeUser(strict).email;
      await syncProvider(provider, ledger);
      const [first] = strict.bridge.control.transactions(strictUser);
      strict.bridge.v3.modifyTransaction(first?.id ?? 0, { amount: '-4.56' });
      await syncProvider(provider, ledger);
      const rows = await ledger.listTransactions();
      expect(ids(rows)).toEqual(
        strict.bridge.control
          .transactions(strictUser)
          .map((row) => String(row.id))
          .sort(),
      );
      expect(rows.find((row) => row.id === String(first?.id))?.amount.amount).toBe('-4.56');
    } finally {
      await strict.close();
    }
  });
});
