import { describe, expect, it } from 'vitest';
import {
  type BankingProvider,
  ConfigurationError,
  Page,
  type SyncBatch,
  type SyncOptions,
  SyncRestartRequiredError,
  syncProvider,
  type Transaction,
  type TransactionLedger,
} from '../../src/index.js';

function row(id: string, accountId = 'acc'): Transaction {
  return {
    provider: 'fake',
    id,
    accountId,
    amount: { amount: '-1.00', currency: 'EUR' },
    bookingDate: '2026-01-01',
    status: 'booked',
    description: id,
    raw: {},
  };
}

/** A ledger in memory: enough to check the loop; `SqliteLedger` has its own tests. */
class MemoryLedger implements TransactionLedger {
  rows = new Map<string, Transaction>();
  cursors = new Map<string, string>();
  commits = 0;
  async getCursor(source: string) {
    return this.cursors.get(source);
  }
  async applyBatch(source: string, batch: SyncBatch) {
    for (const added of [...batch.added, ...batch.modified]) this.rows.set(added.id, added);
    for (const removed of batch.removed) this.rows.delete(removed.id);
    this.cursors.set(source, batch.cursor);
    this.commits++;
  }
  async listTransactions() {
    return [...this.rows.values()];
  }
}

function provider(sync: (options: SyncOptions) => Promise<SyncBatch>): BankingProvider {
  return {
    id: 'fake',
    listAccounts: async () => [],
    listTransactions: async () => Page.single<Transaction>([], new Response('[]')),
    syncTransactions: (options = {}) => sync(options),
  };
}

describe('syncProvider', () => {
  it('loops until up to date, committing each batch with its cursor, and counts per account', async () => {
    const seen: (string | undefined)[] = [];
    const batches: SyncBatch[] = [
      { added: [row('1'), row('2', 'other')], modified: [], removed: [], cursor: 'c1', hasMore: true },
      {
        added: [],
        modified: [row('1')],
        removed: [{ id: '2', accountId: 'other' }],
        cursor: 'c2',
        hasMore: false,
      },
    ];
    const ledger = new MemoryLedger();
    const progress: boolean[] = [];
    const summary = await syncProvider(
      provider(async (options) => {
        seen.push(options.cursor);
        return batches.shift() as SyncBatch;
      }),
      ledger,
      { onProgress: (step) => progress.push(step.hasMore) },
    );
    expect(seen).toEqual([undefined, 'c1']);
    expect(progress).toEqual([true, false]);
    expect(summary).toMatchObject({
      source: 'fake',
      added: 2,
      modified: 1,
      removed: 1,
      batches: 2,
      restarts: 0,
    });
    expect(summary.accounts).toEqual({
      acc: { added: 1, modified: 1, removed: 0 },
      other: { added: 1, modified: 0, removed: 1 },
    });
    expect(ledger.cursors.get('fake')).toBe('c2');
    expect([...ledger.rows.keys()]).toEqual(['1']);
  });

  it('starts from the stored cursor of its source', async () => {
    const ledger = new MemoryLedger();
    ledger.cursors.set('mine', 'stored');
    let asked: string | undefined;
    await syncProvider(
      provider(async (options) => {
        asked = options.cursor;
        return { added: [], modified: [], removed: [], cursor: 'next', hasMore: false };
      }),
      ledger,
      { source: 'mine' },
    );
    expect(asked).toBe('stored');
    expect(ledger.cursors.get('mine')).toBe('next');
  });

  it('restarts from the cursor it began with (or the one the provider names) when data changed mid-way', async () => {
    const ledger = new MemoryLedger();
    ledger.cursors.set('fake', 'c0');
    const asked: (string | undefined)[] = [];
    let step = 0;
    const summary = await syncProvider(
      provider(async (options) => {
        asked.push(options.cursor);
        step++;
        if (step === 1) return { added: [row('a')], modified: [], removed: [], cursor: 'c1', hasMore: true };
        if (step === 2) throw new SyncRestartRequiredError('changed');
        if (step === 3) return { added: [row('a')], modified: [], removed: [], cursor: 'c1b', hasMore: true };
        if (step === 4) throw new SyncRestartRequiredError('changed', { restartCursor: 'pass-start' });
        return { added: [row('b')], modified: [], removed: [], cursor: 'done', hasMore: false };
      }),
      ledger,
    );
    expect(asked).toEqual(['c0', 'c1', 'c0', 'c1b', 'pass-start']);
    expect(summary.restarts).toBe(2);
    expect(ledger.cursors.get('fake')).toBe('done');
    expect([...ledger.rows.keys()].sort()).toEqual(['a', 'b']);
  });

  it('gives up after maxRestarts and leaves the last committed state', async () => {
    const ledger = new MemoryLedger();
    await expect(
      syncProvider(
        provider(async () => {
          throw new SyncRestartRequiredError('always');
        }),
        ledger,
        { maxRestarts: 2 },
      ),
    ).rejects.toBeInstanceOf(SyncRestartRequiredError);
    expect(ledger.commits).toBe(0);
  });

  it('a crash between fetch and commit loses nothing: the next run fetches from the last committed cursor', async () => {
    const ledger = new MemoryLedger();
    let fail = true;
    const sync = provider(async (options) => {
      if (options.cursor === undefined)
        return { added: [row('1')], modified: [], removed: [], cursor: 'c1', hasMore: true };
      if (fail) {
        fail = false;
        throw new Error('process died');
      }
      return { added: [row('2')], modified: [], removed: [], cursor: 'c2', hasMore: false };
    });
    await expect(syncProvider(sync, ledger)).rejects.toThrow('process died');
    expect(ledger.cursors.get('fake')).toBe('c1');
    await syncProvider(sync, ledger);
    expect([...ledger.rows.keys()].sort()).toEqual(['1', '2']);
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    const ledger = new MemoryLedger();
    await expect(
      syncProvider(
        provider(async () => {
          controller.abort();
          return { added: [], modified: [], removed: [], cursor: 'c', hasMore: true };
        }),
        ledger,
        { signal: controller.signal },
      ),
    ).rejects.toThrow();
    expect(ledger.commits).toBe(1);
  });

  it('refuses a provider without syncTransactions', async () => {
    const bare = {
      id: 'old',
      listAccounts: async () => [],
      listTransactions: async () => undefined,
    } as unknown as BankingProvider;
    await expect(syncProvider(bare, new MemoryLedger())).rejects.toBeInstanceOf(ConfigurationError);
  });
});
