import { isTokenStoreError } from '@bankkit/core';
import { RedisTokenStore } from '@bankkit/redis';
import type { Sandbox } from '@bankkit/sandbox';
import { SpareBank1Client } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerBinary, startRedis, type TestRedis } from '../servers/redis-server.js';
import { loginInto, startTokenSandbox } from './support/login.js';
import { tokenGrants } from './support/workers.js';

const binary = redisServerBinary();
const PAST_EXPIRY_MS = 11 * 60_000;

/** Resolves once the store answers again (its client reconnects on its own, with a short backoff). */
async function reachable(store: RedisTokenStore): Promise<void> {
  for (;;) {
    try {
      await store.get('probe');
      return;
    } catch (error) {
      if (!isTokenStoreError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Outcomes of `count` concurrent calls: how many succeeded, and the errors of the rest. */
async function calls(client: SpareBank1Client, count: number): Promise<{ ok: number; errors: unknown[] }> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => client.listAccounts()));
  const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  return { ok: count - errors.length, errors };
}

// Its own redis-server (persistence on: append-only file, fsync always), killed and restarted.
describe.skipIf(binary === undefined)('Redis restarted mid-run', () => {
  let sandbox: Sandbox;
  let redis: TestRedis;
  let store: RedisTokenStore;
  let client: SpareBank1Client;
  /** Set to make the next token answer kill Redis before the client can store it. */
  let killRedisOnTokenAnswer = false;

  beforeAll(async () => {
    sandbox = await startTokenSandbox(1616);
    redis = await startRedis(binary as string);
    store = new RedisTokenStore({ url: redis.url, commandTimeoutMs: 2_000, leaseMs: 2_000 });
    await loginInto(sandbox, store);
    const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
    client = new SpareBank1Client({
      clientId,
      clientSecret,
      redirectUri: redirectUris[0] ?? '',
      baseUrl,
      authBaseUrl,
      tokenStore: store,
      now: () => sandbox.clock.nowMs(),
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 5 },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (killRedisOnTokenAnswer && url.endsWith('/oauth/token')) {
          killRedisOnTokenAnswer = false;
          await redis.kill();
        }
        return response;
      },
    });
  });

  afterAll(async () => {
    await store?.close();
    await redis?.dispose();
    await sandbox?.close();
  });

  it('killed after a renewal: calls that need the store fail with a TokenStoreError, nothing is spent, and the renewed set survives the restart', async () => {
    const start = tokenGrants(sandbox);
    sandbox.clock.advance(PAST_EXPIRY_MS);
    expect((await calls(client, 20)).errors).toEqual([]);
    const renewed = await store.get(`sparebank1:${sandbox.sparebank1.clientId}`);
    expect(tokenGrants(sandbox).granted).toBe(start.granted + 1);

    await redis.kill();
    sandbox.clock.advance(PAST_EXPIRY_MS);
    const down = await calls(client, 20);
    expect(down.ok).toBe(0);
    expect(down.errors.every(isTokenStoreError)).toBe(true);
    // Without the lease no refresh token is sent: nothing can be lost while Redis is away.
    expect(tokenGrants(sandbox).granted).toBe(start.granted + 1);

    await redis.start();
    await reachable(store);
    const back = await store.get(`sparebank1:${sandbox.sparebank1.clientId}`);
    expect(back).toEqual(renewed);
    const recovered = await calls(client, 20);
    expect(recovered.errors).toEqual([]);
    expect(tokenGrants(sandbox)).toEqual({ granted: start.granted + 2, refused: start.refused });
  });

  it('killed between the bank answer and the store write: the renewed set is kept in memory and saved after the restart, with no second grant', async () => {
    const key = `sparebank1:${sandbox.sparebank1.clientId}`;
    const start = tokenGrants(sandbox);
    sandbox.clock.advance(PAST_EXPIRY_MS);
    killRedisOnTokenAnswer = true;
    const during = await calls(client, 20);
    expect(during.ok).toBe(0);
    expect(during.errors.every(isTokenStoreError)).toBe(true);
    expect(tokenGrants(sandbox).granted).toBe(start.granted + 1);
    // Still down: still typed errors, still no request to the bank.
    const down = await calls(client, 5);
    expect(down.errors.every(isTokenStoreError)).toBe(true);
    expect(tokenGrants(sandbox).granted).toBe(start.granted + 1);

    await redis.start();
    await reachable(store);
    const recovered = await calls(client, 20);
    expect(recovered.errors).toEqual([]);
    // The set the bank issued while Redis was down is the one stored: its refresh token was not lost.
    expect(tokenGrants(sandbox)).toEqual({ granted: start.granted + 1, refused: start.refused });
    const stored = await store.get(key);
    expect(stored?.expiresAt.getTime()).toBeGreaterThan(sandbox.clock.nowMs());
    sandbox.clock.advance(PAST_EXPIRY_MS);
    expect((await calls(client, 5)).errors).toEqual([]);
    expect(tokenGrants(sandbox)).toEqual({ granted: start.granted + 2, refused: start.refused });
  });
});
