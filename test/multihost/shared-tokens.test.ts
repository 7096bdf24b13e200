import { randomUUID } from 'node:crypto';
import { RedisTokenStore } from '@bankkit/redis';
import type { Sandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loginInto, startTokenSandbox } from './support/login.js';
import { tokenGrants, tokenWorkerEnv, Workers } from './support/workers.js';

const redisUrl = inject('redisUrl');

/** Worker processes x concurrent callers each, and how many times the sandbox clock passes expiry. */
const WORKERS = 8;
const CALLERS = 50;
const EXPIRIES = 20;
/**
 * The same with clients on real time, so that every caller learns of the expiry from a 401 and
 * marks the token invalid under the lease: far more lease traffic per expiry, hence fewer rounds.
 */
const REFUSED_CALLERS = 12;
const REFUSED_EXPIRIES = 5;
/** SpareBank 1 access tokens last 600 s; moving 11 minutes always passes an expiry. */
const PAST_EXPIRY_MS = 11 * 60_000;

describe.skipIf(redisUrl === undefined)('one SpareBank 1 token set shared in Redis by many processes', () => {
  let sandbox: Sandbox;
  const workers = new Workers();
  const prefix = `shared-${randomUUID()}:`;
  let setupStore: RedisTokenStore;
  let round = 0;

  beforeAll(async () => {
    sandbox = await startTokenSandbox(16);
    setupStore = new RedisTokenStore({ url: redisUrl as string, prefix });
    await loginInto(sandbox, setupStore);
    const env = tokenWorkerEnv(sandbox, redisUrl as string, prefix, { LEASE_MS: '5000' });
    await Promise.all(Array.from({ length: WORKERS }, () => workers.start('token-worker.ts', env)));
  });

  afterAll(async () => {
    await workers.stopAll();
    await setupStore?.close();
    await sandbox?.close();
  });

  /**
   * Runs `expiries` rounds: the sandbox clock passes expiry, then every worker makes `callers`
   * concurrent calls. With `clientsOnSandboxClock` the clients know the time and renew before
   * calling; without it they keep real time and learn of each expiry from the bank's 401s.
   */
  async function expiryRounds(
    expiries: number,
    callers: number,
    clientsOnSandboxClock: boolean,
    label: string,
  ) {
    const all = Array.from({ length: WORKERS }, (_, index) => index);
    const offset = () => (clientsOnSandboxClock ? sandbox.clock.nowMs() - Date.now() : 0);
    const start = tokenGrants(sandbox);
    // Everyone uses the stored set first: no grant.
    const warmup = await workers.round(all, round++, callers, offset());
    expect(warmup.flatMap((m) => m.errors as string[])).toEqual([]);
    expect(tokenGrants(sandbox)).toEqual(start);

    const grantsPerExpiry: number[] = [];
    const failures: string[] = [];
    let calls = 0;
    for (let expiry = 1; expiry <= expiries; expiry++) {
      const before = tokenGrants(sandbox);
      sandbox.clock.advance(PAST_EXPIRY_MS);
      const answers = await workers.round(all, round++, callers, offset());
      for (const answer of answers) {
        calls += (answer.ok as number) + (answer.errors as string[]).length;
        failures.push(...(answer.errors as string[]));
      }
      const after = tokenGrants(sandbox);
      grantsPerExpiry.push(after.granted - before.granted);
      expect(after.refused - before.refused, 'invalid_grant answers').toBe(0);
    }
    console.info(
      `${label}: ${WORKERS} workers x ${callers} callers, ${expiries} expiries, ${calls} calls; ` +
        `grants per expiry ${JSON.stringify(grantsPerExpiry)}; ${failures.length} failed calls; ` +
        `invalid_grant ${tokenGrants(sandbox).refused - start.refused}`,
    );
    expect(failures).toEqual([]);
    expect(calls).toBe(WORKERS * callers * expiries);
    expect(grantsPerExpiry).toEqual(Array.from({ length: expiries }, () => 1));
  }

  it(`${WORKERS} workers x ${CALLERS} callers, ${EXPIRIES} expiries: one refresh grant per expiry, 0 invalid_grant, 0 failed calls`, async () => {
    await expiryRounds(EXPIRIES, CALLERS, true, 'shared tokens (clients on the sandbox clock)');
  });

  it(`${WORKERS} workers x ${REFUSED_CALLERS} callers, ${REFUSED_EXPIRIES} expiries found by 401s: the same`, async () => {
    await expiryRounds(REFUSED_EXPIRIES, REFUSED_CALLERS, false, 'shared tokens (expiries found by 401s)');
  });
});
