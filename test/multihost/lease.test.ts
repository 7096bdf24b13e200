import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisTokenStore } from '@bankkit/redis';
import type { Sandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loginInto, startTokenSandbox } from './support/login.js';
import { tokenGrants, tokenWorkerEnv, Workers } from './support/workers.js';

const redisUrl = inject('redisUrl');
const LEASE_MS = 2_000;
const PAST_EXPIRY_MS = 11 * 60_000;
const TOKEN_KEY_OF = (sandbox: Sandbox) => `sparebank1:${sandbox.sparebank1.clientId}`;

/** Resolves once the process is stopped (state T in /proc), i.e. the event itself, not a delay. */
async function stopped(pid: number): Promise<void> {
  for (;;) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'T' || state === 't') return;
    await sleep(10);
  }
}

describe.skipIf(redisUrl === undefined)('the renewal lease across processes', () => {
  let sandbox: Sandbox;
  const workers = new Workers();
  const stores: RedisTokenStore[] = [];

  beforeAll(async () => {
    sandbox = await startTokenSandbox(161);
  });

  afterAll(async () => {
    await workers.stopAll();
    await Promise.all(stores.map((store) => store.close()));
    await sandbox?.close();
  });

  async function login(): Promise<{ prefix: string; store: RedisTokenStore }> {
    const prefix = `lease-${randomUUID()}:`;
    const store = new RedisTokenStore({ url: redisUrl as string, prefix });
    stores.push(store);
    await loginInto(sandbox, store);
    return { prefix, store };
  }

  it('a holder killed with kill -9 mid-renewal: another worker takes over within the lease time + 1 s', async () => {
    const { prefix, store } = await login();
    const env = tokenWorkerEnv(sandbox, redisUrl as string, prefix, { LEASE_MS: String(LEASE_MS) });
    const holder = await workers.start('token-worker.ts', { ...env, TOKEN_REQUEST: 'hang' });
    const other = await workers.start('token-worker.ts', env);
    const before = tokenGrants(sandbox);

    sandbox.clock.advance(PAST_EXPIRY_MS);
    const offset = sandbox.clock.nowMs() - Date.now();
    const holderLease = workers.next((m) => m.type === 'lease' && m.worker === holder);
    workers.send(holder, { type: 'round', round: 1, calls: 1, clockOffsetMs: offset });
    await workers.next((m) => m.type === 'token-request' && m.worker === holder);
    const { fence: holderFence } = await holderLease;

    const child = workers.processes[holder];
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    const killedAt = Date.now();
    child?.kill('SIGKILL');
    await exited;

    const takeover = workers.next((m) => m.type === 'lease' && m.worker === other);
    const [answer] = await workers.round([other], 1, 10, offset);
    const { fence, at } = await takeover;
    const waitedMs = (at as number) - killedAt;
    console.info(
      `kill -9 mid-renewal: the next worker took the lease ${waitedMs} ms after the kill (lease ${LEASE_MS} ms)`,
    );

    expect(answer?.errors).toEqual([]);
    expect(fence as number).toBeGreaterThan(holderFence as number);
    expect(waitedMs).toBeLessThanOrEqual(LEASE_MS + 1_000);
    // The killed holder never sent its request, so its refresh token was still good: one grant.
    expect(tokenGrants(sandbox)).toEqual({ granted: before.granted + 1, refused: before.refused });
    expect((await store.get(TOKEN_KEY_OF(sandbox)))?.reauthorizationRequiredAt).toBeUndefined();
  });

  it('a holder stopped (SIGSTOP) past its lease, then resumed: its write is refused by the fence, the newer tokens stay', async () => {
    const { prefix, store } = await login();
    const env = tokenWorkerEnv(sandbox, redisUrl as string, prefix, { LEASE_MS: String(LEASE_MS) });
    const paused = await workers.start('token-worker.ts', { ...env, TOKEN_REQUEST: 'stop' });
    const other = await workers.start('token-worker.ts', env);
    const key = TOKEN_KEY_OF(sandbox);
    const before = tokenGrants(sandbox);

    sandbox.clock.advance(PAST_EXPIRY_MS);
    const offset = sandbox.clock.nowMs() - Date.now();
    const pausedLease = workers.next((m) => m.type === 'lease' && m.worker === paused);
    const pausedDone = workers.next((m) => m.type === 'round-done' && m.worker === paused);
    workers.send(paused, { type: 'round', round: 1, calls: 1, clockOffsetMs: offset });
    await workers.next((m) => m.type === 'token-request' && m.worker === paused);
    await stopped(workers.processes[paused]?.pid as number);

    // The other worker waits out the stalled lease, renews, and stores the newer set.
    const [answer] = await workers.round([other], 1, 10, offset);
    expect(answer?.errors).toEqual([]);
    const newer = await store.get(key);
    expect(tokenGrants(sandbox).granted).toBe(before.granted + 1);

    // Resumed: it sends the refresh token the other worker already spent, and what it then
    // writes (the "needs a new login" marker) carries its old fence, so Redis refuses it.
    const fenced = workers.next((m) => m.type === 'fenced' && m.worker === paused);
    workers.processes[paused]?.kill('SIGCONT');
    const refusal = await fenced;
    const resumed = await pausedDone;
    const { fence: pausedFence } = await pausedLease;

    expect(refusal.fence).toBe(pausedFence);
    expect(refusal.current as number).toBeGreaterThan(pausedFence as number);
    const kept = await store.get(key);
    expect(kept?.accessToken).toBe(newer?.accessToken);
    expect(kept?.refreshToken).toBe(newer?.refreshToken);
    expect(kept?.reauthorizationRequiredAt).toBeUndefined();
    // Its caller got the newer tokens from the store instead of failing.
    expect(resumed.errors).toEqual([]);
    // Only the spent token was refused; every worker carries on with the kept set, no new grant.
    expect(tokenGrants(sandbox)).toEqual({ granted: before.granted + 1, refused: before.refused + 1 });
    const after = await workers.round([paused, other], 2, 5, offset);
    expect(after.flatMap((m) => m.errors as string[])).toEqual([]);
    expect(tokenGrants(sandbox).granted).toBe(before.granted + 1);
  });
});
