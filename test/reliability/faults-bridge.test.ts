import type { UserClient } from '@bankkit/bridge';
import type { Sandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawBridgeTransactionIds } from './support/bridge-raw.js';
import {
  countFaults,
  describeFaults,
  FAULT_PROBABILITY,
  type FaultCounts,
  type FaultTarget,
  faultMix,
} from './support/fault-mix.js';
import { printSummary, runConcurrently } from './support/runs.js';
import {
  BRIDGE_USER_EMAIL,
  bridgeUserClient,
  FAULT_RETRY,
  plantSecrets,
  startPlantedSandbox,
} from './support/sandbox.js';
import { LeakScanner } from './support/secrets.js';
import { compareRun, RunTally } from './support/tally.js';

const RUNS = 200;
const TRANSACTIONS = 5_000;
const LIMIT = 500;
/** Runs in flight at once, so that the 0-1 s `Retry-After` waits overlap. */
const CONCURRENCY = 8;
/** The sandbox's Bridge user tokens live 2 hours, as the real ones. */
const TOKEN_LIFETIME_MS = 2 * 3_600_000;
/** The run after whose first page the clock jumps; the other lanes' runs are mid-list then too. */
const EXPIRY_AT_RUN = RUNS / 2;

/**
 * Faults on the transaction pages only. With FAULT_RETRY (10 retries) a page is lost only when
 * 11 attempts in a row are faulted: 0.19^11 ≈ 1.2e-8 per page, about 2.4e-5 for the ~2,000 pages
 * of a suite run. A failure here is a finding, not noise.
 */
const TARGET: FaultTarget = { provider: 'bridge', method: 'GET', path: '/v2/transactions' };

const scanner = new LeakScanner();
const planted = plantSecrets(scanner);
const tally = new RunTally();
let sandbox: Sandbox;
let faults: FaultCounts | undefined;
let expiry = { unauthorized: 0, midList: 0, renewals: 0 };
let failed = 0;

beforeAll(async () => {
  sandbox = await startPlantedSandbox(planted, {
    seed: 20_260_701,
    bridge: { transactionsPerUser: TRANSACTIONS },
    requestLogCapacity: 1_000_000,
  });
});

afterAll(async () => {
  const counts = scanner.counts();
  printSummary(
    `reliability bridge-faults: runs=${tally.runs} failed=${failed} ${faults ? describeFaults(faults) : 'faults=?'} ` +
      `items=${tally.items} lost=${tally.lost} duplicated=${tally.duplicated} reordered=${tally.reordered} ` +
      `token-expiry: 401=${expiry.unauthorized} (mid-list ${expiry.midList}) renewals=${expiry.renewals} ` +
      `secrets-scanned: logLines=${counts.logLines} errors=${counts.errors} leaks=${scanner.leaks().length}`,
  );
  await sandbox?.close();
});

describe('Bridge fetchAll() under injected faults and a token expiry', () => {
  it(`${RUNS} runs of ${TRANSACTIONS} transactions each return exactly the seeded list`, async () => {
    // One client per lane, as separate workers of an app would have: each holds its own token, so
    // each lane meets the expiry on its own next request, mid-list for the runs in flight.
    const clients = Array.from({ length: CONCURRENCY }, () => bridgeUserClient(sandbox, planted, scanner));
    const fetchIds = async (client: UserClient, afterFirstPage?: () => void) => {
      const first = await client.listTransactions({ limit: LIMIT });
      afterFirstPage?.();
      return (await first.fetchAll()).map((row) => row.id);
    };

    // The reference: bankkit unfaulted, checked against the sandbox's own data read without bankkit.
    const reference = await fetchIds(bridgeUserClient(sandbox, planted, scanner));
    const raw = await rawBridgeTransactionIds(sandbox, planted);
    expect(sandbox.bridge.control.transactionCount(BRIDGE_USER_EMAIL)).toBe(TRANSACTIONS);
    expect(reference).toHaveLength(TRANSACTIONS);
    expect(new Set(reference).size).toBe(TRANSACTIONS);
    expect(reference).toEqual(raw);

    sandbox.requests.clear();
    sandbox.faults.clear();
    sandbox.faults.set(faultMix(TARGET));
    let expiredAtMs = Number.POSITIVE_INFINITY;
    const expire = () => {
      // Every user token dies at once, server side; the clients' own clocks do not move, so they
      // only learn it from a 401. This run's next page is certain to meet it mid-list.
      sandbox.clock.advance(TOKEN_LIFETIME_MS + 5 * 60_000);
      expiredAtMs = sandbox.clock.nowMs();
    };
    const results = await runConcurrently(RUNS, CONCURRENCY, (index, lane) => {
      const client = clients[lane];
      if (!client) throw new Error(`no client for lane ${lane}`);
      return fetchIds(client, index === EXPIRY_AT_RUN ? expire : undefined);
    });
    const injected = sandbox.faults.stats();
    sandbox.faults.clear();

    const failures: unknown[] = [];
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected') {
        failures.push(result.reason);
        scanner.error(result.reason, `bridge run ${index}`);
        continue;
      }
      tally.add(compareRun(reference.map(String), result.value.map(String)), result.value.length);
    }
    failed = failures.length;

    faults = countFaults(sandbox.requests, TARGET);
    const afterExpiry = sandbox.requests.list((entry) => Date.parse(entry.at) >= expiredAtMs);
    const unauthorized = afterExpiry.filter((entry) => entry.path === TARGET.path && entry.status === 401);
    expiry = {
      unauthorized: unauthorized.length,
      midList: unauthorized.filter((entry) => entry.query.includes('after=')).length,
      renewals: afterExpiry.filter((entry) => entry.method === 'POST' && entry.path === '/v2/authenticate')
        .length,
    };

    expect(failures).toEqual([]);
    expect(tally).toMatchObject({ runs: RUNS, items: RUNS * TRANSACTIONS, lost: 0, duplicated: 0 });
    expect(tally.reordered).toBe(0);

    // The faults really happened, at about the configured rate, and the log agrees with the injector.
    expect(faults.total).toBe(injected.total);
    const { byStatus, rateLimit, reset, truncate } = faults;
    expect(Math.min(byStatus[500], byStatus[502], byStatus[503], rateLimit, reset, truncate)).toBeGreaterThan(
      0,
    );
    const attempts = sandbox.requests.count({ method: 'GET', path: TARGET.path });
    expect(faults.total / attempts).toBeGreaterThan(FAULT_PROBABILITY / 2);
    expect(faults.total / attempts).toBeLessThan(FAULT_PROBABILITY * 1.5);

    // The token expiry hit lists mid-way, and each lane's client renewed exactly once, on its 401.
    expect(expiry.midList).toBeGreaterThan(0);
    expect(expiry.unauthorized).toBeGreaterThanOrEqual(CONCURRENCY);
    expect(expiry.renewals).toBe(CONCURRENCY);
    // The odds in the comment on TARGET assume this policy.
    expect(FAULT_RETRY.retries).toBe(10);
  });

  it('no planted or issued secret appears in any error or log line', () => {
    expect(scanner.counts().logLines).toBeGreaterThan(0);
    expect(scanner.has(planted.bridgePassword)).toBe(true);
    expect(scanner.leaks()).toEqual([]);
  });
});
