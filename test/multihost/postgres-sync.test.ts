import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transaction } from '@bankkit/core';
import { PostgresLedger } from '@bankkit/postgres';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compareProjections } from '../sync/support/tally.js';
import { Workers } from './support/workers.js';

const postgresUrl = inject('postgresUrl');
const WORKERS = 4;
const ACCOUNTS = 20;
/** kill -9 of a random worker (replaced at once), with bank changes in between. */
const KILLS = 10;

interface LeaseEvent {
  event: 'acquired' | 'released';
  account: string;
  at: string;
  pid: number;
}

describe.skipIf(postgresUrl === undefined)('workers syncing into PostgreSQL with kill -9', () => {
  let sandbox: Sandbox;
  let eventsDir: string;
  const workers = new Workers();

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: 1604,
      bridge: { users: 1, accountsPerUser: ACCOUNTS, transactionsPerUser: ACCOUNTS * 12 },
    });
    eventsDir = mkdtempSync(join(tmpdir(), 'bankkit-sync-events-'));
  });

  afterAll(async () => {
    await workers.stopAll();
    await sandbox?.close();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  it(`${WORKERS} workers, ${ACCOUNTS} accounts, ${KILLS} kills: the ledger equals the bank, 0 duplicates, no account synced by two workers at once`, async () => {
    const [user] = sandbox.bridge.users;
    if (!user) throw new Error('no Bridge user');
    const control = sandbox.bridge.control;
    const accounts = control.accounts(user.email).map((account) => String(account.id));
    expect(accounts).toHaveLength(ACCOUNTS);
    const schema = `sync_${randomUUID().replaceAll('-', '')}`;
    const env = (index: number) => ({
      BRIDGE_BASE_URL: sandbox.bridge.baseUrl,
      BRIDGE_CLIENT_ID: sandbox.bridge.clientId,
      BRIDGE_CLIENT_SECRET: sandbox.bridge.clientSecret,
      BRIDGE_EMAIL: user.email,
      BRIDGE_PASSWORD: user.password,
      PG_URL: postgresUrl as string,
      PG_SCHEMA: schema,
      ACCOUNT_IDS: accounts.join(','),
      PAGE_SIZE: '4',
      EVENTS_FILE: join(eventsDir, `worker-${index}.log`),
    });
    /** For each killed worker: its pid and a monotonic time taken before the signal was sent. */
    const killedBefore = new Map<number, bigint>();
    let started = 0;
    const startWorker = () => workers.start('sync-worker.ts', env(started++));

    const running = new Set<number>();
    for (let i = 0; i < WORKERS; i++) running.add(await startWorker());
    let day = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      // Let the workers get some batches in, then change the bank and kill one of them.
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 350));
      const live = control.transactions(user.email);
      const pick = live[Math.floor(Math.random() * live.length)];
      const account = accounts[Math.floor(Math.random() * accounts.length)];
      control.addTransaction(user.email, {
        ...(account ? { accountId: Number(account) } : {}),
        date: new Date(sandbox.clock.nowMs() - (day++ % 30) * 86_400_000).toISOString().slice(0, 10),
        amount: `-${kill + 1}.25`,
      });
      if (pick && kill % 2 === 0)
        control.updateTransaction(user.email, pick.id, { amount: `${kill + 2}.50` });
      if (pick && kill % 3 === 0) control.deleteTransaction(user.email, pick.id);

      const victim = [...running][Math.floor(Math.random() * running.size)] as number;
      const child = workers.processes[victim];
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      killedBefore.set(child?.pid as number, process.hrtime.bigint());
      child?.kill('SIGKILL');
      await exited;
      running.delete(victim);
      running.add(await startWorker());
    }
    // Final pass, after the last bank change: every worker syncs every account once more, each
    // waiting for the lease the others hold.
    const finals = [...running].map((index) =>
      workers.next((m) => m.type === 'final-done' && m.worker === index),
    );
    for (const index of running) workers.send(index, { type: 'final' });
    await Promise.all(finals);

    // 1. The ledger equals the bank.
    const ledger = new PostgresLedger({ connectionString: postgresUrl as string, schema });
    const rows = await ledger.listTransactions();
    await ledger.close();
    const projected = (list: readonly Transaction[]) =>
      new Map(
        list.map((row) => [
          row.id,
          JSON.stringify([row.accountId, row.bookingDate, row.amount.amount, row.status, row.description]),
        ]),
      );
    const bank = new Map(
      control
        .transactions(user.email)
        .map((row) => [
          String(row.id),
          JSON.stringify([
            String(row.accountId),
            row.date,
            row.amount,
            row.isFuture ? 'pending' : 'booked',
            row.description,
          ]),
        ]),
    );
    const comparison = compareProjections(projected(rows), bank, rows.length);

    // 2. No account held by two workers at once: each lease interval ends at its release, or at
    // the kill of its worker; the next one on that account must start after it.
    const events: LeaseEvent[] = readdirSync(eventsDir).flatMap((file) =>
      readFileSync(join(eventsDir, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LeaseEvent),
    );
    const overlaps: string[] = [];
    let leases = 0;
    for (const account of accounts) {
      const intervals: { start: bigint; end: bigint; pid: number }[] = [];
      const open = new Map<number, bigint>();
      for (const event of events
        .filter((e) => e.account === account)
        .sort((a, b) => (BigInt(a.at) < BigInt(b.at) ? -1 : 1))) {
        if (event.event === 'acquired') open.set(event.pid, BigInt(event.at));
        else {
          intervals.push({ start: open.get(event.pid) ?? 0n, end: BigInt(event.at), pid: event.pid });
          open.delete(event.pid);
        }
      }
      for (const [pid, start] of open) {
        const end = killedBefore.get(pid);
        if (end === undefined)
          throw new Error(`worker ${pid} holds a lease on ${account} but was never killed`);
        intervals.push({ start, end, pid });
      }
      intervals.sort((a, b) => (a.start < b.start ? -1 : 1));
      leases += intervals.length;
      for (let i = 1; i < intervals.length; i++) {
        const previous = intervals[i - 1];
        const current = intervals[i];
        if (previous && current && current.start < previous.end)
          overlaps.push(`${account}: ${previous.pid} and ${current.pid}`);
      }
    }
    const killedHolding =
      events.filter((e) => e.event === 'acquired').length -
      events.filter((e) => e.event === 'released').length;
    const errors = workers.messages.filter((m) => m.type === 'sync-error').length;
    console.info(
      `postgres sync: ${WORKERS} workers, ${ACCOUNTS} accounts, ${KILLS} kills (${killedHolding} while holding a lease), ` +
        `${errors} syncs failed in workers (retried by the next pass), ` +
        `${leases} leases, ${rows.length} rows; lost ${comparison.lost.length}, duplicated ${comparison.duplicated.length}, ` +
        `stale ${comparison.stale.length}, extra ${comparison.extra.length}, overlapping leases ${overlaps.length}`,
    );
    expect(comparison).toEqual({ lost: [], duplicated: [], stale: [], extra: [] });
    expect(overlaps).toEqual([]);
    expect(leases).toBeGreaterThanOrEqual(ACCOUNTS * WORKERS);
  });
});
