import { randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  isTokenStoreError,
  isTokenStoreFencedError,
  TokenManager,
  type TokenSet,
} from '@bankkit/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RedisTokenStore } from '../src/index.js';

const url = inject('redisUrl');
const stores: RedisTokenStore[] = [];

function store(options: { leaseMs?: number; lockTimeoutMs?: number; prefix?: string } = {}): RedisTokenStore {
  const created = new RedisTokenStore({ url: url as string, prefix: `t-${randomUUID()}:`, ...options });
  stores.push(created);
  return created;
}

/** Two stores on separate connections sharing one prefix: two workers. */
function pair(
  options: { leaseMs?: number; lockTimeoutMs?: number } = {},
): [RedisTokenStore, RedisTokenStore] {
  const prefix = `t-${randomUUID()}:`;
  return [store({ ...options, prefix }), store({ ...options, prefix })];
}

const tokens = (accessToken: string, inMs = 600_000): TokenSet => ({
  accessToken,
  refreshToken: `refresh-${accessToken}`,
  expiresAt: new Date(Date.now() + inMs),
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

describe('RedisTokenStore options', () => {
  it('needs exactly one of client and url, and a redis:// url', () => {
    expect(() => new RedisTokenStore({})).toThrow(ConfigurationError);
    expect(() => new RedisTokenStore({ url: 'http://x' })).toThrow(ConfigurationError);
    expect(() => new RedisTokenStore({ url: 'redis://x', leaseMs: 0 })).toThrow(ConfigurationError);
  });
});

describe.skipIf(url === undefined)('RedisTokenStore against redis-server', () => {
  it('keeps every field of a set, dates as dates, the "needs a new login" marker included', async () => {
    const [a, b] = pair();
    const set: TokenSet = {
      ...tokens('a1'),
      refreshTokenExpiresAt: new Date('2027-01-01T00:00:00.000Z'),
      reauthorizationRequiredAt: new Date('2026-12-04T10:00:00.000Z'),
      reauthorizationReason: 'invalid_grant',
      userUuid: 'u-1',
      nested: { n: 1, list: ['x'] },
    };
    await a.set('k', set);
    const read = await b.get('k');
    expect(read).toEqual(set);
    expect(read?.reauthorizationRequiredAt).toBeInstanceOf(Date);
    await b.delete('k');
    expect(await a.get('k')).toBeUndefined();
    expect(await a.get('never')).toBeUndefined();
  });

  it('grants the lease to one worker at a time, with increasing fences; only the owner releases it', async () => {
    const [a, b] = pair({ leaseMs: 5_000 });
    const first = await a.lock('k');
    let secondHeld = false;
    const second = b.lock('k').then((release) => {
      secondHeld = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(secondHeld).toBe(false);
    await first();
    const release = await second;
    expect(release.fence).toBeGreaterThan(first.fence as number);
    // Releasing twice, or a stale holder releasing, never frees someone else's lease.
    await first();
    const third = b.lock('k').then(() => 'taken');
    const outcome = await Promise.race([third, new Promise((r) => setTimeout(() => r('waiting'), 200))]);
    expect(outcome).toBe('waiting');
    await release();
    expect(await third).toBe('taken');
  });

  it('extends the lease while it is held, and a dead holder is taken over after the lease runs out', async () => {
    const [a, b] = pair({ leaseMs: 300 });
    const held = await a.lock('k');
    // Held for more than three lease lengths: the extension keeps others out.
    let other = false;
    const waiting = b.lock('k').then((release) => {
      other = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(other).toBe(false);
    await held();
    await (await waiting)();

    // A holder that stops extending (as a killed process does) loses the lease once it expires.
    const [c, d] = pair({ leaseMs: 300 });
    const dead = await c.lock('k');
    await c.close(); // its extensions now fail, like a dead process's
    const takenAt = Date.now();
    const taken = await d.lock('k');
    expect(Date.now() - takenAt).toBeLessThan(300 + 5_000);
    expect(taken.fence).toBeGreaterThan(dead.fence as number);
    await taken();
  });

  it('refuses a write made under a lease that was taken over since (fencing); the newer set stays', async () => {
    const [a, b] = pair({ leaseMs: 200 });
    const stale = await a.lock('k');
    await a.close(); // stalls: no more extensions from it
    const fresh = await b.lock('k');
    await b.set('k', tokens('new'), { fence: fresh.fence as number });
    const error = await b.set('k', tokens('old'), { fence: stale.fence as number }).catch((e) => e);
    expect(isTokenStoreFencedError(error)).toBe(true);
    expect(error.code).toBe('token_store_fenced');
    expect(isTokenStoreError(error)).toBe(true);
    expect(String(error.message)).not.toContain('refresh-old');
    await expect(b.delete('k', { fence: stale.fence as number })).rejects.toMatchObject({
      code: 'token_store_fenced',
    });
    expect((await b.get('k'))?.accessToken).toBe('new');
    await fresh();
  });

  it('refuses the stale write even before the new holder has written anything', async () => {
    const [a, b] = pair({ leaseMs: 150 });
    const stale = await a.lock('k');
    await a.close();
    const fresh = await b.lock('k');
    await expect(b.set('k', tokens('old'), { fence: stale.fence as number })).rejects.toMatchObject({
      code: 'token_store_fenced',
    });
    expect(await b.get('k')).toBeUndefined();
    await fresh();
  });

  it('backs TokenManager: many managers on separate connections renew once per expiry', async () => {
    const prefix = `t-${randomUUID()}:`;
    let grants = 0;
    let current = tokens('t0', -1);
    const managers = Array.from({ length: 6 }, () => {
      const s = store({ prefix });
      return new TokenManager({
        key: 'cred',
        store: s,
        marginMs: 0,
        renew: async (set) => {
          // The rotating refresh token: a spent one must never be sent again.
          if (set?.refreshToken !== current.refreshToken) throw new Error('spent refresh token sent');
          grants++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          current = tokens(`t${grants}`);
          return current;
        },
      });
    });
    await managers[0]?.set(current);
    const results = await Promise.all(
      managers.flatMap((m) => Array.from({ length: 10 }, () => m.getAccessToken())),
    );
    expect(grants).toBe(1);
    expect(new Set(results)).toEqual(new Set(['t1']));
  });

  it('rejects with a TokenStoreError as soon as the connection is refused, not after the command timeout', async () => {
    // A command timeout far beyond the test's own: only an immediate refusal passes.
    const dead = new RedisTokenStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 600_000 });
    stores.push(dead);
    for (const call of [() => dead.get('k'), () => dead.lock('k'), () => dead.set('k', tokens('x'))]) {
      const error = await call().catch((e) => e);
      expect(isTokenStoreError(error)).toBe(true);
      expect(error.code).toBe('token_store_failed');
    }
  });
});
