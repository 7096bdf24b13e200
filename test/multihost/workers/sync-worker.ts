/**
 * One worker process of the PostgreSQL sync test: syncs Bridge accounts into a shared
 * `PostgresLedger`, each account only under its sync lease. Runs on the built packages.
 *
 * Environment: BRIDGE_BASE_URL, BRIDGE_CLIENT_ID, BRIDGE_CLIENT_SECRET, BRIDGE_EMAIL,
 * BRIDGE_PASSWORD, PG_URL, PG_SCHEMA, ACCOUNT_IDS (comma separated), PAGE_SIZE, EVENTS_FILE.
 *
 * It makes pass after pass over the accounts in random order, skipping those another worker has
 * leased, until killed or told `final`: then one last pass over every account, waiting for each
 * lease, and it exits.
 *
 * Each lease taken and given back is appended to EVENTS_FILE (synchronously, so a kill -9 loses
 * nothing written before it) with CLOCK_MONOTONIC nanoseconds, which every process shares.
 */
import { appendFileSync } from 'node:fs';
import { BridgeProvider, UserClient } from '@bankkit/bridge';
import { syncProvider } from '@bankkit/core';
import { PostgresLedger } from '@bankkit/postgres';

const env = process.env;
const eventsFile = String(env.EVENTS_FILE);
const log = (event: string, account: string) =>
  appendFileSync(
    eventsFile,
    `${JSON.stringify({ event, account, at: String(process.hrtime.bigint()), pid: process.pid })}\n`,
  );

const ledger = new PostgresLedger({
  connectionString: String(env.PG_URL),
  schema: String(env.PG_SCHEMA),
  maxConnections: 3,
});
const client = new UserClient({
  clientId: String(env.BRIDGE_CLIENT_ID),
  clientSecret: String(env.BRIDGE_CLIENT_SECRET),
  baseUrl: String(env.BRIDGE_BASE_URL),
  email: String(env.BRIDGE_EMAIL),
  password: String(env.BRIDGE_PASSWORD),
  retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
});
const provider = new BridgeProvider(client, { syncPageSize: Number(env.PAGE_SIZE ?? 5) });
const accounts = String(env.ACCOUNT_IDS).split(',');

async function syncAccount(account: string, wait: boolean): Promise<boolean> {
  const lease = await ledger.lease(`bridge:${account}`, wait ? { waitMs: 60_000 } : {});
  if (lease === undefined) return false;
  log('acquired', account);
  try {
    await syncProvider(provider, lease, { source: `bridge:${account}`, accountIds: [account] });
  } finally {
    // Logged before the unlock: whoever takes it next logs a later time.
    log('released', account);
    await lease.release();
  }
  return true;
}

function shuffled<T>(list: readonly T[]): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** One pass over every account, waiting for each lease: run once the parent made its last bank change. */
async function finalPass(): Promise<void> {
  let synced = 0;
  for (const account of shuffled(accounts)) if (await syncAccount(account, true)) synced++;
  await ledger.close();
  process.send?.({ type: 'final-done', synced });
  process.disconnect?.();
}

let finalRequested = false;
process.on('message', (message: { type?: string }) => {
  if (message.type === 'final') finalRequested = true;
});
process.send?.({ type: 'ready', pid: process.pid });
for (;;) {
  if (finalRequested) {
    await finalPass();
    break;
  }
  for (const account of shuffled(accounts)) {
    if (finalRequested) break;
    try {
      await syncAccount(account, false);
    } catch (error) {
      process.send?.({ type: 'sync-error', account, message: String((error as Error).message) });
    }
  }
  // Yield, so the parent's messages are read even when every lease was taken.
  await new Promise((resolve) => setTimeout(resolve, 5));
}
