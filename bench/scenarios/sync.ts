import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInChild } from '../lib/child-run.ts';
import type { ResultRow } from '../lib/report.ts';
import type { SandboxProcess } from '../lib/sandbox-process.ts';
import type { SyncMemoryInput, SyncMemoryOutput } from '../probes/sync-memory.ts';

const LIMIT_MB = 64;
const PAGE = 500;
const PROBE = new URL('../probes/sync-memory.ts', import.meta.url);
/** The incremental sync's changes: rows changed, deleted and added (100 in all). */
const CHURN = { update: 40, delete: 30, add: 30 };

/**
 * Sync of the Bridge history into SQLite: a first sync of every row into a ledger file against
 * `fetchAll()` of the same list into memory (time, requests, peak RSS growth, each in a fresh
 * process), then an incremental sync of 100 changes among them (requests, time).
 */
export async function sync(sandbox: SandboxProcess, expected: number): Promise<ResultRow[]> {
  const folder = await mkdtemp(join(tmpdir(), 'bankkit-bench-sync-'));
  try {
    const ledgerPath = join(folder, 'ledger.db');
    const probe = (form: SyncMemoryInput['form']) =>
      runInChild<SyncMemoryOutput>(PROBE, { info: sandbox.info, form, ledgerPath } satisfies SyncMemoryInput);
    const listings = (path: string) => sandbox.countRequests({ provider: 'bridge', path });

    const listedBefore = await listings('/v2/transactions');
    const collected = await probe('fetchAll');
    const listRequests = (await listings('/v2/transactions')) - listedBefore;
    if (collected.rows !== expected) throw new Error(`fetchAll() listed ${collected.rows}, not ${expected}`);

    // The feed lists the rows Bridge already deleted too (the first sync skips them).
    const feedRows = await sandbox.countTransactions();
    const syncedBefore = await listings('/v2/transactions/updated');
    const first = await probe('sync');
    const firstRequests = (await listings('/v2/transactions/updated')) - syncedBefore;
    if (first.ledgerRows !== expected)
      throw new Error(`the ledger holds ${first.ledgerRows}, not ${expected}`);

    const changed = await sandbox.churn(CHURN);
    const incrementalBefore = await listings('/v2/transactions/updated');
    const incremental = await probe('sync');
    const incrementalRequests = (await listings('/v2/transactions/updated')) - incrementalBefore;
    if (incremental.rows !== changed)
      throw new Error(`the sync found ${incremental.rows} changes, not ${changed}`);

    return [
      {
        section: '6. Sync',
        name: `first sync of ${expected.toLocaleString('en-US')} transactions into SQLite`,
        baselineLabel: 'fetchAll() into memory',
        baseline: collected.ms,
        value: first.ms,
        unit: 'ms',
        ratio: first.ms / collected.ms,
        details: { requests: { fetchAll: listRequests, sync: firstRequests }, batches: first.batches },
      },
      {
        section: '6. Sync',
        name: `peak RSS growth, first sync of ${expected.toLocaleString('en-US')} transactions`,
        baselineLabel: 'fetchAll()',
        baseline: collected.peakGrowthMB,
        value: first.peakGrowthMB,
        unit: 'MB',
        target: `sync < ${LIMIT_MB} MB`,
        pass: first.peakGrowthMB < LIMIT_MB,
      },
      {
        section: '6. Sync',
        name: `listing requests, first sync (page ${PAGE})`,
        baselineLabel: 'fetchAll()',
        baseline: listRequests,
        value: firstRequests,
        unit: 'requests',
        target: `ceil(${feedRows.toLocaleString('en-US')} feed rows / ${PAGE}) + 1`,
        pass: firstRequests === Math.ceil(feedRows / PAGE) + 1,
      },
      {
        section: '6. Sync',
        name: `incremental sync of ${changed} changes among ${expected.toLocaleString('en-US')}`,
        baselineLabel: 'first sync',
        baseline: first.ms,
        value: incremental.ms,
        unit: 'ms',
        ratio: incremental.ms / first.ms,
        details: { requests: incrementalRequests, changes: incremental.rows },
      },
      {
        section: '6. Sync',
        name: `listing requests, incremental sync of ${changed} changes`,
        baselineLabel: 'first sync',
        baseline: firstRequests,
        value: incrementalRequests,
        unit: 'requests',
        target: `ceil(${changed} / ${PAGE}) = ${Math.ceil(changed / PAGE)}`,
        pass: incrementalRequests === Math.ceil(changed / PAGE),
      },
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
