import { isIncompleteDataError, syncProvider, type Transaction } from '@bankkit/core';
import type { SqliteLedger } from '@bankkit/ledger';
import type { Sandbox } from '@bankkit/sandbox';
import type { SpareBank1Provider } from '@bankkit/sparebank1';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLedger, sparebank1Provider, startSmallSandbox } from './support/sandbox.js';
import { compareProjections, SyncTally } from './support/tally.js';

const NUM_RUNS = 100;
/** The provider re-reads 14 days; the bank changes rows of the last 12 (changes further back are documented as not seen). */
const OVERLAP_DAYS = 14;
const CHANGE_DAYS = 12;
const HISTORY_DAYS = 120;

type Op =
  | { kind: 'add'; daysBack: number; cents: number; pending: boolean; account: number }
  | { kind: 'modify'; pick: number; cents: number }
  | { kind: 'describe'; pick: number; text: string }
  | { kind: 'book'; pick: number; cents: number | null }
  | { kind: 'delete'; pick: number }
  | { kind: 'sync' }
  | { kind: 'crash' }
  | { kind: 'incomplete' }
  | { kind: 'advance'; hours: number };

const cents = fc.integer({ min: -500_000, max: 500_000 }).filter((value) => value !== 0);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      daysBack: fc.integer({ min: 0, max: CHANGE_DAYS }),
      cents,
      pending: fc.boolean(),
      account: fc.nat(),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), cents }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('describe' as const),
      pick: fc.nat(),
      text: fc.constantFrom('KIWI MAJORSTUEN', 'Vipps*Ola', 'Husleie'),
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
  { arbitrary: fc.constant({ kind: 'incomplete' as const }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 0, max: 30 }) }),
    weight: 1,
  },
);

let sandbox: Sandbox;
let provider: SpareBank1Provider;
let historyStart: string;
const tally = new SyncTally();

function osloToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(sandbox.clock.nowMs());
}

function daysBefore(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - days);
  return at.toISOString().slice(0, 10);
}

beforeAll(async () => {
  sandbox = await startSmallSandbox(31);
  provider = await sparebank1Provider(sandbox, {
    syncHistoryDays: HISTORY_DAYS,
    syncOverlapDays: OVERLAP_DAYS,
  });
  historyStart = daysBefore(osloToday(), HISTORY_DAYS);
});

afterAll(async () => {
  console.log(tally.line('sync property (SpareBank 1)'));
  await sandbox?.close();
});

function bankRows() {
  const control = sandbox.sparebank1.control;
  return control.accounts().flatMap((account) => control.transactions(account.key));
}

function changeable() {
  const since = daysBefore(osloToday(), CHANGE_DAYS);
  return bankRows().filter((row) => row.date >= since);
}

function amountText(value: number): string {
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function projection(rows: readonly Transaction[]): Map<string, string> {
  return new Map(
    rows.map((row) => [
      row.id,
      JSON.stringify([row.accountId, row.bookingDate, row.amount.amount, row.status, row.description]),
    ]),
  );
}

/** The bank's rows as (account, date, amount, status), counted: independent of the client's id scheme. */
function multiset(rows: readonly { key: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key } of rows) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

async function checkEqual(ledger: SqliteLedger): Promise<void> {
  const stored = await ledger.listTransactions();
  // A full read of the bank through the provider: what a fresh `listTransactions` shows.
  const fresh = await (await provider.listTransactions({ from: historyStart })).fetchAll();
  const result = compareProjections(projection(stored), projection(fresh), stored.length);
  tally.record(result, stored.length);
  expect(result).toEqual({ lost: [], duplicated: [], stale: [], extra: [] });
  // And against the bank's own rows, without the client's mapping or ids.
  const bank = bankRows()
    .filter((row) => row.date >= historyStart)
    .map((row) => ({
      key: JSON.stringify([
        row.accountKey,
        row.date,
        row.amount,
        row.bookingStatus === 'PENDING' ? 'pending' : 'booked',
      ]),
    }));
  const ledgerSide = stored.map((row) => ({
    key: JSON.stringify([row.accountId, row.bookingDate, row.amount.amount, row.status]),
  }));
  expect(multiset(ledgerSide)).toEqual(multiset(bank));
}

async function apply(operation: Op, ledger: SqliteLedger): Promise<void> {
  const control = sandbox.sparebank1.control;
  const pick = <T>(list: readonly T[], index: number): T | undefined =>
    list[index % Math.max(1, list.length)];
  switch (operation.kind) {
    case 'add': {
      const account = pick(control.accounts(), operation.account);
      control.addTransaction({
        ...(account ? { accountKey: account.key } : {}),
        date: daysBefore(osloToday(), operation.pending ? 0 : operation.daysBack),
        amount: amountText(operation.cents),
        pending: operation.pending,
      });
      return;
    }
    case 'modify': {
      const row = pick(changeable(), operation.pick);
      if (row) control.updateTransaction(row.ref, { amount: amountText(operation.cents) });
      return;
    }
    case 'describe': {
      const row = pick(changeable(), operation.pick);
      if (row) control.updateTransaction(row.ref, { description: operation.text });
      return;
    }
    case 'book': {
      const row = pick(
        changeable().filter((candidate) => candidate.bookingStatus === 'PENDING'),
        operation.pick,
      );
      if (row) {
        control.bookPending({
          ref: row.ref,
          ...(operation.cents === null ? { amount: row.amount } : { amount: amountText(operation.cents) }),
        });
      }
      return;
    }
    case 'delete': {
      const row = pick(changeable(), operation.pick);
      if (row) control.deleteTransaction(row.ref);
      return;
    }
    case 'sync': {
      const summary = await syncProvider(provider, ledger);
      tally.syncs++;
      tally.batches += summary.batches;
      await checkEqual(ledger);
      return;
    }
    case 'crash': {
      // Fetched, then the process died before the commit: the ledger keeps its old cursor.
      const cursor = await ledger.getCursor(provider.id);
      await provider.syncTransactions(cursor === undefined ? {} : { cursor });
      tally.crashes++;
      return;
    }
    case 'incomplete': {
      // The bank leaves card rows out (HTTP 200 with CREDIT_ACCOUNTS_FAILED): nothing may be applied.
      control.setPartialFailure(['CREDIT_ACCOUNTS_FAILED']);
      const before = await ledger.listTransactions();
      try {
        await expect(syncProvider(provider, ledger)).rejects.toSatisfy(isIncompleteDataError);
        expect(await ledger.listTransactions()).toEqual(before);
        tally.failedSyncs++;
      } finally {
        control.setPartialFailure([]);
      }
      return;
    }
    case 'advance':
      sandbox.clock.advance(operation.hours * 3_600_000);
      return;
  }
}

describe('SpareBank 1 sync against the sandbox (property)', () => {
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
      { numRuns: NUM_RUNS, endOnFailure: true },
    );
    expect(tally.runs).toBeGreaterThanOrEqual(NUM_RUNS);
  });
});
