import { toLocalDate } from '@bankkit/core';
import type { Sandbox } from '@bankkit/sandbox';
import { type SpareBank1Client, SpareBank1Provider } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ALL_SPAREBANK1_ACCOUNTS,
  loggedInSpareBank1Client,
  plantSecrets,
  startPlantedSandbox,
} from './support/sandbox.js';
import { LeakScanner } from './support/secrets.js';
import {
  rowContent,
  rowKey,
  seededRowKeys,
  seededUnifiedKeys,
  unifiedKey,
} from './support/sparebank1-rows.js';
import { compareRun, RunTally } from './support/tally.js';

/** Client listings (all accounts in one call) and unified provider listings, interleaved. */
const CLIENT_RUNS = 200;
const PROVIDER_RUNS = 100;
const RUNS = CLIENT_RUNS + PROVIDER_RUNS;
const CONCURRENCY = 8;
/** Access tokens live 10 minutes; each jump of the sandbox clock kills the one in use. */
const ACCESS_TOKEN_EXPIRY_JUMP_MS = 11 * 60_000;
/** The runs that start right after a clock jump: two expiries, two refresh-token rotations. */
const EXPIRY_AT_RUNS = new Set([100, 200]);
/** `SpareBank1Provider`'s default window, in days back from today. */
const DEFAULT_WINDOW_DAYS = 90;
/** Oslo noon, a weekday: no run crosses a day boundary, so no row changes source or status mid-suite. */
const SANDBOX_START = '2026-03-11T11:00:00Z';

/**
 * Faults on every GET of the banking API (accounts and transactions), never on the token
 * endpoint: a refresh-token grant is never retried by design (a repeat could spend a rotated
 * token whose answer was lost), so faulting it would test a different promise. With FAULT_RETRY
 * (10 retries) a request is lost only when 11 attempts in a row are faulted: 0.19^11 ≈ 1.2e-8 per
 * request, about 4e-6 for the ~400 requests of a suite run.
 */
const TARGET: FaultTarget = { provider: 'sparebank1', method: 'GET', path: '/personal/banking/*' };

const scanner = new LeakScanner();
const planted = plantSecrets(scanner);
const clientTally = new RunTally();
const providerTally = new RunTally();
let sandbox: Sandbox;
let faults: FaultCounts | undefined;
let expiry = { unauthorized: 0, refreshes: 0, rotatedRefreshTokens: 0 };
let failed = 0;
let bankIdsReused = 0;
let identicalProviderRuns = 0;

beforeAll(async () => {
  sandbox = await startPlantedSandbox(planted, {
    seed: 20_260_702,
    now: SANDBOX_START,
    sparebank1: { transactionsPerAccount: { checking: 400, creditCard: 400 } },
    requestLogCapacity: 1_000_000,
  });
});

afterAll(async () => {
  const counts = scanner.counts();
  printSummary(
    `reliability sparebank1-faults: runs=${clientTally.runs + providerTally.runs} (client=${clientTally.runs} provider=${providerTally.runs}) ` +
      `failed=${failed} ${faults ? describeFaults(faults) : 'faults=?'} ` +
      `items=${clientTally.items + providerTally.items} lost=${clientTally.lost + providerTally.lost} ` +
      `duplicated=${clientTally.duplicated + providerTally.duplicated} reordered=${clientTally.reordered + providerTally.reordered} ` +
      `stable-ids-changed=${providerTally.runs - identicalProviderRuns} bank-ids-reused=${bankIdsReused} ` +
      `token-expiry: 401=${expiry.unauthorized} refreshes=${expiry.refreshes} rotated-refresh-tokens=${expiry.rotatedRefreshTokens} ` +
      `secrets-scanned: logLines=${counts.logLines} errors=${counts.errors} leaks=${scanner.leaks().length}`,
  );
  await sandbox?.close();
});

describe('SpareBank 1 listings under injected faults and access-token expiries', () => {
  it(`${CLIENT_RUNS} client listings and ${PROVIDER_RUNS} unified listings return exactly the seeded rows`, async () => {
    const refreshTokens = new Set<string>();
    const client: SpareBank1Client = await loggedInSpareBank1Client(sandbox, planted, scanner, {
      onTokens: (tokens) => {
        scanner.tokens(tokens);
        if (tokens.refreshToken) refreshTokens.add(tokens.refreshToken);
      },
    });
    const provider = new SpareBank1Provider(client, {
      now: () => sandbox.clock.nowMs(),
      // Every unified listing asks for the accounts too, so those requests meet the faults as well.
      accountKeysTtlMs: 0,
    });

    // References, unfaulted, checked against the rows the sandbox holds.
    const accountKeys = (await client.listAccounts(ALL_SPAREBANK1_ACCOUNTS)).map((account) => account.key);
    expect(new Set(accountKeys)).toEqual(new Set(sandbox.sparebank1.control.accounts().map((a) => a.key)));
    const listRows = async () => (await client.listTransactions({ accountKeys })).resources;
    const referenceRows = await listRows();
    const seeded = seededRowKeys(sandbox);
    expect(seeded.length).toBeGreaterThan(800);
    expect(referenceRows).toHaveLength(seeded.length);
    expect(compareRun(seeded, referenceRows.map(rowKey))).toMatchObject({ lost: 0, duplicated: 0 });
    const referenceContent = referenceRows.map(rowContent);

    const referenceUnified = (await provider.listTransactions()).resources;
    // The provider's default window: the 90 Oslo days up to today, both ends included.
    const today = toLocalDate(sandbox.clock.nowMs(), 'Europe/Oslo');
    const windowStart = new Date(Date.parse(`${today}T00:00:00Z`) - DEFAULT_WINDOW_DAYS * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const inWindow = seededUnifiedKeys(sandbox, windowStart, today);
    expect(inWindow.length).toBeLessThan(seeded.length);
    expect(compareRun(inWindow, referenceUnified.map(unifiedKey))).toMatchObject({ lost: 0, duplicated: 0 });
    const referenceIds = referenceUnified.map((transaction) => transaction.id);
    expect(new Set(referenceIds).size).toBe(referenceIds.length);
    const referenceBankIds = new Set(referenceUnified.map((t) => (t.raw as { id: string }).id));

    sandbox.requests.clear();
    sandbox.faults.clear();
    sandbox.faults.set(faultMix(TARGET));
    let expiries = 0;
    const results = await runConcurrently(RUNS, CONCURRENCY, async (index) => {
      if (EXPIRY_AT_RUNS.has(index)) {
        expiries++;
        sandbox.clock.advance(ACCESS_TOKEN_EXPIRY_JUMP_MS);
      }
      if (index % 3 === 2)
        return { kind: 'provider' as const, rows: (await provider.listTransactions()).resources };
      return { kind: 'client' as const, rows: await listRows() };
    });
    const injected = sandbox.faults.stats();
    sandbox.faults.clear();

    const failures: unknown[] = [];
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected') {
        failures.push(result.reason);
        scanner.error(result.reason, `sparebank1 run ${index}`);
      } else if (result.value.kind === 'client') {
        const rows = result.value.rows;
        clientTally.add(compareRun(referenceContent, rows.map(rowContent)), rows.length);
      } else {
        const unified = result.value.rows;
        const comparison = compareRun(
          referenceIds,
          unified.map((transaction) => transaction.id),
        );
        if (comparison.identical) identicalProviderRuns++;
        providerTally.add(comparison, unified.length);
        for (const transaction of unified) {
          if (referenceBankIds.has((transaction.raw as { id: string }).id)) bankIdsReused++;
        }
      }
    }
    failed = failures.length;

    faults = countFaults(sandbox.requests, TARGET);
    const tokenRequests = sandbox.requests.list({ method: 'POST', path: '/oauth/token' });
    expiry = {
      unauthorized: sandbox.requests.count({ path: TARGET.path, status: 401 }),
      refreshes: tokenRequests.length,
      rotatedRefreshTokens: refreshTokens.size - 1,
    };

    expect(failures).toEqual([]);
    for (const tally of [clientTally, providerTally]) {
      expect(tally).toMatchObject({ lost: 0, duplicated: 0, reordered: 0 });
    }
    expect(clientTally).toMatchObject({ runs: CLIENT_RUNS, items: CLIENT_RUNS * referenceRows.length });
    expect(providerTally).toMatchObject({
      runs: PROVIDER_RUNS,
      items: PROVIDER_RUNS * referenceUnified.length,
    });
    // Stable ids identical on every run, though the bank issued new ids of its own each time.
    expect(identicalProviderRuns).toBe(PROVIDER_RUNS);
    expect(bankIdsReused).toBe(0);

    // The faults happened at about the configured rate, and never on the token endpoint.
    expect(faults.total).toBe(injected.total);
    const { byStatus, rateLimit, reset, truncate } = faults;
    expect(Math.min(byStatus[500], byStatus[502], byStatus[503], rateLimit, reset, truncate)).toBeGreaterThan(
      0,
    );
    const attempts = sandbox.requests.count({ method: 'GET', path: TARGET.path });
    expect(faults.total / attempts).toBeGreaterThan(FAULT_PROBABILITY / 2);
    expect(faults.total / attempts).toBeLessThan(FAULT_PROBABILITY * 1.5);
    expect(tokenRequests.every((entry) => entry.fault === undefined && entry.status === 200)).toBe(true);

    // Each expiry: the API said 401, the refresh token was spent and rotated, the calls repeated,
    // and every rotated token was stored (none spent twice, or the next refresh would fail). One
    // refresh per expiry, however many calls were refused with the old token.
    expect(expiries).toBe(EXPIRY_AT_RUNS.size);
    expect(expiry.unauthorized).toBeGreaterThanOrEqual(2);
    expect(expiry.refreshes).toBe(EXPIRY_AT_RUNS.size);
    expect(expiry.rotatedRefreshTokens).toBe(expiry.refreshes);
  });

  it('a 401 that arrives after the renewal does not spend the refresh token again', async () => {
    // The slow call goes out with the old token and its 401 is handed over only once the fast
    // call has renewed the token: that 401 is about a token that is already replaced.
    let loggedIn = false;
    let renewed = () => {};
    const renewal = new Promise<void>((resolve) => {
      renewed = resolve;
    });
    const client = await loggedInSpareBank1Client(sandbox, planted, scanner, {
      onTokens: (tokens) => {
        scanner.tokens(tokens);
        if (loggedIn) renewed();
      },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = input instanceof Request ? input.url : String(input);
        if (response.status === 401 && url.includes('/accounts/default')) await renewal;
        return response;
      },
    });
    loggedIn = true;
    sandbox.requests.clear();
    sandbox.clock.advance(ACCESS_TOKEN_EXPIRY_JUMP_MS);
    const slow = client.getDefaultAccount();
    const fast = client.listAccounts();
    await expect(Promise.all([slow, fast])).resolves.toHaveLength(2);
    expect(sandbox.requests.count({ path: TARGET.path, status: 401 })).toBe(2);
    expect(sandbox.requests.count({ method: 'POST', path: '/oauth/token' })).toBe(1);
  });

  it('no planted or issued secret appears in any error or log line', () => {
    expect(scanner.counts().logLines).toBeGreaterThan(0);
    expect(scanner.counts().secrets).toBeGreaterThan(4);
    expect(scanner.leaks()).toEqual([]);
  });
});
