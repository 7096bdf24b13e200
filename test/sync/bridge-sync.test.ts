import {
  isSyncCursorError,
  type SyncBatch,
  type SyncCursorError,
  syncProvider,
  type Transaction,
} from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bridgeProvider, bridgeUser, memoryLedger, startSmallSandbox } from './support/sandbox.js';

let sandbox: Sandbox;
let user: string;

beforeAll(async () => {
  sandbox = await startSmallSandbox(41, { bridge: { transactionsPerUser: 300 } });
  user = bridgeUser(sandbox).email;
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  sandbox.bridge.control.reset();
  sandbox.faults.clear();
  sandbox.requests.clear();
});

const listings = () =>
  sandbox.requests.count(
    (entry) => entry.provider === 'bridge' && entry.path.endsWith('/transactions/updated'),
  );

function bankProjection(): Map<string, string> {
  return new Map(
    sandbox.bridge.control
      .transactions(user)
      .map((row) => [String(row.id), JSON.stringify([row.amount, row.date, row.description])]),
  );
}

function ledgerProjection(rows: readonly Transaction[]): Map<string, string> {
  return new Map(
    rows.map((row) => [row.id, JSON.stringify([row.amount.amount, row.bookingDate, row.description])]),
  );
}

/** The newest `updated_at` the bank holds now: the mark of a sync that just ended. */
function newestUpdate(): string {
  const rows = sandbox.bridge.control.transactions(user, { includeDeleted: true });
  return (
    rows
      .map((row) => row.updatedAt)
      .sort()
      .at(-1) ?? ''
  );
}

/** Rows still updated exactly at `mark`: the next pass lists them again (see docs/sync.md). */
function rowsStillAt(mark: string): number {
  return sandbox.bridge.control
    .transactions(user, { includeDeleted: true })
    .filter((row) => row.updatedAt === mark).length;
}

describe('Bridge v2 incremental sync: requests', () => {
  it('a first sync of 300 rows reads one page of 500; no change means one request', async () => {
    const provider = bridgeProvider(sandbox);
    const ledger = memoryLedger();
    const first = await syncProvider(provider, ledger);
    expect(first.batches).toBe(1);
    expect(listings()).toBe(1);
    expect((await ledger.listTransactions()).length).toBe(sandbox.bridge.control.transactionCount(user));
    sandbox.requests.clear();
    const again = await syncProvider(provider, ledger);
    expect(listings()).toBe(1);
    expect(again.added + again.modified + again.removed).toBe(0);
  });

  it.each([
    { k: 1, pageSize: 500 },
    { k: 100, pageSize: 500 },
    { k: 6, pageSize: 7 },
    { k: 20, pageSize: 7 },
    { k: 49, pageSize: 7 },
  ])(
    'an incremental sync of $k changes, $pageSize a page, makes the fewest listing requests',
    async ({ k, pageSize }) => {
      const provider = bridgeProvider(sandbox, { syncPageSize: pageSize });
      const ledger = memoryLedger();
      await syncProvider(provider, ledger);
      const mark = newestUpdate();
      sandbox.clock.advance(1_000);
      const live = sandbox.bridge.control.transactions(user);
      for (let i = 0; i < k; i++) {
        sandbox.clock.advance(1);
        const row = live[i] as (typeof live)[number];
        if (i % 3 === 0) sandbox.bridge.control.addTransaction(user, { amount: '-1.00' });
        else if (i % 3 === 1) sandbox.bridge.control.updateTransaction(user, row.id, { amount: '-2.00' });
        else sandbox.bridge.control.deleteTransaction(user, row.id);
      }
      const atMark = rowsStillAt(mark);
      sandbox.requests.clear();
      const summary = await syncProvider(provider, ledger);
      expect(summary.added + summary.modified + summary.removed).toBe(k);
      // The pass lists the k changes plus the rows at the previous mark (asked again, recognised, not
      // reported); a pass of several pages ends with one more request for what changed meanwhile.
      const pages = Math.ceil((k + atMark) / pageSize);
      expect(listings()).toBe(pages > 1 ? pages + 1 : pages);
      if (k + atMark <= pageSize) expect(listings()).toBe(Math.ceil(k / pageSize));
      expect(ledgerProjection(await ledger.listTransactions())).toEqual(bankProjection());
    },
  );
});

describe('Bridge v2 sync: data changing mid-way', () => {
  it('a multi-page sync whose data changes between pages still ends equal to the bank', async () => {
    const inner = bridgeProvider(sandbox, { syncPageSize: 25 });
    const ledger = memoryLedger();
    let calls = 0;
    const live = sandbox.bridge.control.transactions(user);
    // The bank changes after the first page was read: rows already applied, rows on later pages, new rows.
    const provider = {
      id: inner.id,
      listAccounts: inner.listAccounts.bind(inner),
      listTransactions: inner.listTransactions.bind(inner),
      async syncTransactions(options: Parameters<typeof inner.syncTransactions>[0]): Promise<SyncBatch> {
        const batch = await inner.syncTransactions(options);
        if (++calls === 1) {
          const control = sandbox.bridge.control;
          control.updateTransaction(user, (live[0] as (typeof live)[number]).id, { amount: '-9.99' });
          control.deleteTransaction(user, (live[1] as (typeof live)[number]).id);
          control.updateTransaction(user, (live[200] as (typeof live)[number]).id, { description: 'Changé' });
          control.deleteTransaction(user, (live[250] as (typeof live)[number]).id);
          control.addTransaction(user, { amount: '-3.50', date: '2026-01-02' });
        }
        return batch;
      },
    };
    const summary = await syncProvider(provider, ledger);
    expect(summary.batches).toBeGreaterThan(2);
    expect(ledgerProjection(await ledger.listTransactions())).toEqual(bankProjection());
  });

  it('a page cursor Bridge refuses mid-sync restarts the pass from its first page and converges', async () => {
    const provider = bridgeProvider(sandbox, { syncPageSize: 50 });
    const ledger = memoryLedger();
    await syncProvider(provider, ledger);
    sandbox.clock.advance(1_000);
    for (let i = 0; i < 120; i++) sandbox.bridge.control.addTransaction(user, { amount: `-${i + 1}.00` });
    // The second listing request (a continuation page) gets 400: its cursor is no longer valid.
    sandbox.faults.set({
      provider: 'bridge',
      path: /\/transactions\/updated$/,
      kind: 'status',
      status: 400,
      everyNth: 2,
      times: 1,
    });
    const summary = await syncProvider(provider, ledger);
    expect(summary.restarts).toBe(1);
    expect(ledgerProjection(await ledger.listTransactions())).toEqual(bankProjection());
  });
});

describe('Bridge v2 sync: a first sync restarted after some pages', () => {
  it('reports the rows deleted meanwhile, though a first pass has nothing to remove', async () => {
    const provider = bridgeProvider(sandbox, { syncPageSize: 50 });
    const ledger = memoryLedger();
    // Two pages of a first sync committed, then the process died.
    for (let page = 0; page < 2; page++) {
      const cursor = await ledger.getCursor(provider.id);
      await ledger.applyBatch(
        provider.id,
        await provider.syncTransactions(cursor === undefined ? {} : { cursor }),
      );
    }
    const applied = (await ledger.listTransactions())[0];
    if (!applied) throw new Error('nothing applied');
    sandbox.clock.advance(1_000);
    sandbox.bridge.control.deleteTransaction(user, Number(applied.id));
    // The resumed sync's page cursor is refused: the first pass starts over.
    sandbox.faults.set({
      provider: 'bridge',
      path: /\/transactions\/updated$/,
      kind: 'status',
      status: 400,
      times: 1,
    });
    const summary = await syncProvider(provider, ledger);
    expect(summary.restarts).toBe(1);
    expect(ledgerProjection(await ledger.listTransactions())).toEqual(bankProjection());
  });
});

describe('Bridge v2 sync: pending -> booked', () => {
  it('links the booked row Bridge recreates to the pending row it deleted', async () => {
    const provider = bridgeProvider(sandbox);
    const ledger = memoryLedger();
    const pending = sandbox.bridge.control.addTransaction(user, {
      amount: '-42.00',
      future: true,
      description: 'Hotel',
    });
    await syncProvider(provider, ledger);
    const stored = (await ledger.listTransactions()).find((row) => row.id === String(pending.id));
    expect(stored?.status).toBe('pending');
    sandbox.clock.advance(1_000);
    const booked = sandbox.bridge.control.bookTransaction(user, pending.id);
    const cursor = await ledger.getCursor(provider.id);
    const batch = await provider.syncTransactions(cursor === undefined ? {} : { cursor });
    expect(batch.removed).toEqual([{ id: String(pending.id), accountId: String(pending.accountId) }]);
    expect(batch.added.map((row) => [row.id, row.status, row.pendingTransactionId])).toEqual([
      [String(booked.id), 'booked', String(pending.id)],
    ]);
  });
});

describe('Bridge v2 sync: cursors', () => {
  it('refuses a cursor of another account set, a corrupted one and a foreign one, with a typed error', async () => {
    const provider = bridgeProvider(sandbox);
    const [account] = sandbox.bridge.control.accounts(user);
    const accountIds = [String(account?.id)];
    const { cursor } = await provider.syncTransactions({ accountIds });
    await expect(provider.syncTransactions({ cursor, accountIds })).resolves.toBeDefined();
    const problem = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(isSyncCursorError(error)).toBe(true);
      return (error as SyncCursorError).problem;
    };
    expect(await problem(provider.syncTransactions({ cursor }))).toBe('accounts');
    const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
    expect(['checksum', 'malformed']).toContain(
      await problem(provider.syncTransactions({ cursor: flipped, accountIds })),
    );
    expect(await problem(provider.syncTransactions({ cursor: 'not a cursor' }))).toBe('malformed');
    expect(await problem(provider.syncTransactions({ cursor: `bk9.${cursor.slice(4)}`, accountIds }))).toBe(
      'version',
    );
    expect(listings()).toBe(2);
  });

  it('a sync with accountIds stores only those accounts', async () => {
    const provider = bridgeProvider(sandbox, { syncPageSize: 50 });
    const ledger = memoryLedger();
    const [first] = sandbox.bridge.control.accounts(user);
    await syncProvider(provider, ledger, { accountIds: [String(first?.id)] });
    const rows = await ledger.listTransactions();
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.accountId))).toEqual(new Set([String(first?.id)]));
    expect(rows.length).toBe(
      sandbox.bridge.control.transactions(user).filter((row) => row.accountId === first?.id).length,
    );
  });
});

describe('Bridge v2 sync under the documented rate limits', () => {
  it('a first sync and ten incremental ones draw no 429', async () => {
    const limited = await startSmallSandbox(43, { rateLimits: true, bridge: { transactionsPerUser: 1_200 } });
    try {
      const provider = bridgeProvider(limited);
      const ledger = memoryLedger();
      const limitedUser = bridgeUser(limited).email;
      await syncProvider(provider, ledger);
      for (let i = 0; i < 10; i++) {
        limited.clock.advance(1);
        limited.bridge.control.addTransaction(limitedUser, { amount: '-1.00' });
        await syncProvider(provider, ledger);
      }
      expect(limited.requests.count((entry) => entry.status === 429)).toBe(0);
      // 3 pages + a check for the first sync, one request per incremental sync, one authentication.
      expect(limited.requests.count((entry) => entry.path.endsWith('/transactions/updated'))).toBe(14);
      expect((await ledger.listTransactions()).length).toBe(
        limited.bridge.control.transactionCount(limitedUser),
      );
    } finally {
      await limited.close();
    }
  });
});
