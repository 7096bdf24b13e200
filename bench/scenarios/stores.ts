import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeProvider } from '@bankkit/bridge';
import { FileTokenStore, type SyncBatch, TokenManager, type TokenStore } from '@bankkit/core';
import { SqliteLedger } from '@bankkit/ledger';
import { PostgresLedger } from '@bankkit/postgres';
import { RedisTokenStore } from '@bankkit/redis';
import { postgresBinDir, startPostgres } from '../../test/servers/postgres-server.ts';
import { redisServerBinary, startRedis } from '../../test/servers/redis-server.ts';
import { bridgeUserClient } from '../lib/bridge-setup.ts';
import type { ResultRow } from '../lib/report.ts';
import type { SandboxProcess } from '../lib/sandbox-process.ts';
import { compare } from '../lib/stats.ts';

const SECTION = '7. Shared stores';
const RENEWALS = 200;
const SYNC_ROWS = 10_000;
const PAGE = 500;

/** `count` renewals, one after another, through a manager on `store` (the bank answers at once). */
function renewals(store: TokenStore, key: string, count: number): () => Promise<void> {
  let serial = 0;
  const manager = new TokenManager({
    key,
    store,
    renew: async () => ({
      accessToken: `access-${key}-${++serial}`,
      refreshToken: `refresh-${key}-${serial}`,
      expiresAt: new Date(Date.now() + 600_000),
    }),
  });
  return async () => {
    for (let i = 0; i < count; i++) await manager.renew();
  };
}

/**
 * What the shared stores cost against the single-host ones, with servers started here on loopback
 * (redis-server with the append-only file fsynced on every write; PostgreSQL with fsync on):
 * - one token renewal (lease or lock, read, write, release) in Redis against the token file;
 * - applying the batches of a first sync into PostgreSQL against SQLite (the same batches, fetched
 *   from the sandbox once, so only the ledger differs).
 */
export async function sharedStores(sandbox: SandboxProcess): Promise<ResultRow[]> {
  const redisBinary = redisServerBinary();
  const postgresDir = postgresBinDir();
  if (redisBinary === undefined || postgresDir === undefined) {
    console.log('stores: skipped (needs the Debian packages redis-server and postgresql)');
    return [];
  }
  const folder = await mkdtemp(join(tmpdir(), 'bankkit-bench-stores-'));
  const redis = await startRedis(redisBinary);
  const postgres = await startPostgres(postgresDir, { durable: true });
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const rows: ResultRow[] = [];

    const redisStore = new RedisTokenStore({ url: redis.url });
    closers.push(() => redisStore.close());
    const tokens = await compare(
      renewals(new FileTokenStore(join(folder, 'tokens.json')), 'file', RENEWALS),
      renewals(redisStore, 'redis', RENEWALS),
      { runs: 5, warmup: 1 },
    );
    rows.push({
      section: SECTION,
      name: `token renewal through TokenManager (lock, read, write, release), ${RENEWALS} in a row`,
      baselineLabel: 'FileTokenStore',
      baseline: tokens.baseline.ms / RENEWALS,
      value: tokens.candidate.ms / RENEWALS,
      unit: 'ms',
      ratio: tokens.ratio,
      details: {
        perRenewalMs: { file: tokens.baseline.ms / RENEWALS, redis: tokens.candidate.ms / RENEWALS },
      },
    });

    // The batches of a first sync, fetched once.
    const provider = new BridgeProvider(bridgeUserClient(sandbox.info), { syncPageSize: PAGE });
    const batches: SyncBatch[] = [];
    let fetched = 0;
    let cursor: string | undefined;
    while (fetched < SYNC_ROWS) {
      const batch = await provider.syncTransactions(cursor === undefined ? {} : { cursor });
      batches.push(batch);
      fetched += batch.added.length + batch.modified.length;
      cursor = batch.cursor;
      if (!batch.hasMore) break;
    }
    let run = 0;
    const intoSqlite = async () => {
      const ledger = new SqliteLedger(join(folder, `ledger-${++run}.db`));
      for (const batch of batches) await ledger.applyBatch('bridge', batch);
      ledger.close();
    };
    const intoPostgres = async () => {
      const ledger = new PostgresLedger({ connectionString: postgres.url, schema: `bench_${++run}` });
      await ledger.migrate();
      for (const batch of batches) await ledger.applyBatch('bridge', batch);
      await ledger.close();
    };
    const ledgers = await compare(intoSqlite, intoPostgres, { runs: 5, warmup: 1 });
    rows.push({
      section: SECTION,
      name: `first sync: ${fetched.toLocaleString('en-US')} rows in ${batches.length} batches applied to the ledger`,
      baselineLabel: 'SqliteLedger',
      baseline: (fetched / ledgers.baseline.ms) * 1000,
      value: (fetched / ledgers.candidate.ms) * 1000,
      unit: 'rows/s',
      ratio: ledgers.ratio,
      details: { ms: { sqlite: ledgers.baseline.ms, postgres: ledgers.candidate.ms } },
    });
    return rows;
  } finally {
    for (const close of closers) await close();
    await redis.dispose();
    await postgres.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}
