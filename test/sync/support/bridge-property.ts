import { type BankingProvider, isHttpError, syncProvider, type Transaction } from '@bankkit/core';
import type { SqliteLedger } from '@bankkit/ledger';
import type { Sandbox } from '@bankkit/sandbox';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgeUser, memoryLedger, startSmallSandbox } from './sandbox.js';
import { compareProjections, SyncTally } from './tally.js';

const NUM_RUNS = 100;
/** Small pages, so most syncs take several: what mid-way changes and crashes need. */
export const PAGE_SIZE = 7;

/** How the bank changes its rows, through one API version's activity controls. */
export interface BridgeActivity {
  add(input: { accountId: number; date: string; amount: string; future: boolean }): void;
  modify(id: number, change: { amount?: string; description?: string }): void;
  book(id: number, change: { amount?: string }): void;
  remove(id: number): void;
}

/** One Bridge API version under the property suite. */
export interface BridgePropertyConfig {
  /** Names the suite and its summary line. */
  title: string;
  seed: number;
  provider(sandbox: Sandbox): BankingProvider;
  activity(sandbox: Sandbox): BridgeActivity;
  /** The path of the change feed's listing, where a refused page is injected. */
  feedPath: RegExp;
  /** Runs of the property (default 100). */
  runs?: number;
}

type Op =
  | { kind: 'add'; daysBack: number; cents: number; future: boolean }
  | { kind: 'modify'; pick: number; cents: number }
  | { kind: 'describe'; pick: number; text: string }
  | { kind: 'book'; pick: number; cents: number | null }
  | { kind: 'delete'; pick: number }
  | { kind: 'sync' }
  | { kind: 'crash' }
  | { kind: 'partial'; batches: number }
  | { kind: 'failing'; nth: number }
  | { kind: 'advance'; ms: number };

const cents = fc.integer({ min: -500_000, max: 500_000 }).filter((value) => value !== 0);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      daysBack: fc.integer({ min: 0, max: 400 }),
      cents,
      future: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), cents }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('describe' as const),
      pick: fc.nat(),
      text: fc.constantFrom('Loyer', 'Courses', 'Remboursement', 'Virement'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      pick: fc.nat(),
      cents: fc.option(cents, { nil: null }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'crash' as const }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('partial' as const), batches: fc.integer({ min: 1, max: 3 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('failing' as const), nth: fc.integer({ min: 1, max: 3 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5_000 }) }),
    weight: 1,
  },
);

/**
 * The property suite of one Bridge API version: random bank activity (rows added, also dated in
 * the past or pending, amounts and descriptions changed, pending rows booked, rows deleted, time
 * passing) interleaved with syncs, crashes between fetch and commit, syncs dying after some pages
 * and refused page cursors; after every completed sync the ledger must equal the bank.
 */
export function describeBridgeSyncProperty(config: BridgePropertyConfig): void {
  let sandbox: Sandbox;
  let provider: BankingProvider;
  let bank: BridgeActivity;
  let user: string;
  const tally = new SyncTally();

  beforeAll(async () => {
    sandbox = await startSmallSandbox(config.seed);
    provider = config.provider(sandbox);
    bank = config.activity(sandbox);
    user = bridgeUser(sandbox).email;
  });

  afterAll(async () => {
    const feedRows = sandbox?.bridge.control.transactions(bridgeUser(sandbox).email, {
      includeDeleted: true,
    }).length;
    console.log(`${tally.line(`sync property (${config.title})`)} feed-rows-at-end=${feedRows}`);
    await sandbox?.close();
  });

  function amountText(value: number): string {
    const abs = Math.abs(value);
    return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  }

  function daysAgo(days: number): string {
    return new Date(sandbox.clock.nowMs() - days * 86_400_000).toISOString().slice(0, 10);
  }

  /** The bank's live rows as (account, amount, status, description): independent of the client's mapping. */
  function bankRows(): Map<string, string> {
    return new Map(
      sandbox.bridge.control
        .transactions(user)
        .map((row) => [
          String(row.id),
          JSON.stringify([
            String(row.accountId),
            row.amount,
            row.isFuture ? 'pending' : 'booked',
            row.description,
          ]),
        ]),
    );
  }

  /** Rows as the unified model shows them: what a fresh full read is compared on. */
  function projected(rows: readonly Transaction[]): Map<string, string> {
    return new Map(
      rows.map((row) => [
        row.id,
        JSON.stringify([row.accountId, row.bookingDate, row.amount.amount, row.status, row.description]),
      ]),
    );
  }

  /** The part of a row {@link bankRows} shows. */
  function essential(rows: readonly Transaction[]): Map<string, string> {
    return new Map(
      rows.map((row) => [
        row.id,
        JSON.stringify([row.accountId, row.amount.amount, row.status, row.description]),
      ]),
    );
  }

  /** A sync that never ends is a bug: stop it with the evidence. */
  function bounded(): { onProgress: (progress: { batches: number; hasMore: boolean }) => void } {
    return {
      onProgress: (progress) => {
        if (progress.batches > 200) {
          const rows = sandbox.bridge.control.transactions(user, { includeDeleted: true });
          const byMs = new Map<string, number>();
          for (const row of rows) byMs.set(row.updatedAt, (byMs.get(row.updatedAt) ?? 0) + 1);
          const top = [...byMs].sort((a, b) => b[1] - a[1]).slice(0, 3);
          throw new Error(
            `sync did not converge after ${progress.batches} batches; feed rows ${rows.length}; busiest ms ${JSON.stringify(top)}; progress ${JSON.stringify({ ...progress, accounts: undefined })}`,
          );
        }
      },
    };
  }

  async function checkEqual(ledger: SqliteLedger): Promise<void> {
    const rows = await ledger.listTransactions();
    // What a fresh full read through the provider shows (v3 picks the booking date among several fields)...
    const fresh = await (await provider.listTransactions()).fetchAll();
    const result = compareProjections(projected(rows), projected(fresh), rows.length);
    tally.record(result, rows.length);
    expect(result).toEqual({ lost: [], duplicated: [], stale: [], extra: [] });
    // ...and the bank's own rows, without the client's mapping.
    expect(essential(rows)).toEqual(bankRows());
  }

  async function apply(operation: Op, ledger: SqliteLedger): Promise<void> {
    const control = sandbox.bridge.control;
    const live = control.transactions(user);
    const pick = <T>(list: readonly T[], index: number): T | undefined =>
      list[index % Math.max(1, list.length)];
    switch (operation.kind) {
      case 'add': {
        const accounts = control.accounts(user);
        const account = pick(accounts, operation.daysBack);
        bank.add({
          accountId: account?.id ?? 0,
          date: daysAgo(operation.future ? -1 - (operation.daysBack % 5) : operation.daysBack),
          amount: amountText(operation.cents),
          future: operation.future,
        });
        return;
      }
      case 'modify': {
        const row = pick(live, operation.pick);
        if (row) bank.modify(row.id, { amount: amountText(operation.cents) });
        return;
      }
      case 'describe': {
        const row = pick(live, operation.pick);
        if (row) bank.modify(row.id, { description: operation.text });
        return;
      }
      case 'book': {
        const row = pick(
          live.filter((candidate) => candidate.isFuture),
          operation.pick,
        );
        if (row) bank.book(row.id, operation.cents === null ? {} : { amount: amountText(operation.cents) });
        return;
      }
      case 'delete': {
        const row = pick(live, operation.pick);
        if (row) bank.remove(row.id);
        return;
      }
      case 'sync': {
        const summary = await syncProvider(provider, ledger, bounded());
        tally.syncs++;
        tally.batches += summary.batches;
        tally.restarts += summary.restarts;
        await checkEqual(ledger);
        return;
      }
      case 'crash': {
        // Fetched, then the process died before the commit: the batch is lost, the ledger unchanged.
        const cursor = await ledger.getCursor(provider.id);
        await provider.syncTransactions(cursor === undefined ? {} : { cursor });
        tally.crashes++;
        return;
      }
      case 'partial': {
        // Some batches of a multi-page sync committed, then the process died.
        for (let i = 0; i < operation.batches; i++) {
          const cursor = await ledger.getCursor(provider.id);
          const batch = await provider.syncTransactions(cursor === undefined ? {} : { cursor });
          await ledger.applyBatch(provider.id, batch);
          tally.batches++;
          if (!batch.hasMore) break;
        }
        tally.crashes++;
        return;
      }
      case 'failing': {
        // One listing request refused: a refused page cursor restarts the pass; a refused first page fails the sync.
        sandbox.faults.set({
          provider: 'bridge',
          path: config.feedPath,
          kind: 'status',
          status: 400,
          everyNth: operation.nth,
          times: 1,
        });
        try {
          const summary = await syncProvider(provider, ledger, bounded());
          tally.syncs++;
          tally.batches += summary.batches;
          tally.restarts += summary.restarts;
          sandbox.faults.clear();
          await checkEqual(ledger);
        } catch (error) {
          if (!isHttpError(error) || error.status !== 400) throw error;
          tally.failedSyncs++;
        } finally {
          sandbox.faults.clear();
        }
        return;
      }
      case 'advance':
        sandbox.clock.advance(operation.ms);
        return;
    }
  }

  describe(`${config.title} sync against the sandbox (property)`, () => {
    it('after a final sync the ledger equals the bank: none lost, duplicated or stale', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (operations) => {
          const ledger = memoryLedger();
          try {
            tally.runs++;
            for (const operation of operations) await apply(operation, ledger);
            await apply({ kind: 'sync' }, ledger);
          } finally {
            ledger.close();
          }
        }),
        { numRuns: config.runs ?? NUM_RUNS, endOnFailure: true },
      );
      expect(tally.runs).toBeGreaterThanOrEqual(config.runs ?? NUM_RUNS);
      expect(tally.checks).toBeGreaterThan(NUM_RUNS);
    });
  });
}
