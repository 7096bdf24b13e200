import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  BankkitError,
  ConfigurationError,
  FileTokenStore,
  HttpError,
  isUserAuthenticationError,
  MemoryTokenStore,
  TokenManager,
  type TokenManagerOptions,
  type TokenSet,
  type TokenStore,
  UserAuthenticationError,
} from '@bankkit/core';
import { describe, expect, test, vi } from 'vitest';

const KEY = 'sparebank1:client-1';
const START = Date.parse('2030-01-01T12:00:00.000Z');
const MINUTE = 60_000;

/** A clock the test moves by hand. */
function clock(start = START) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

let serial = 0;
/** A token set, unique per call, expiring `lifetimeMs` after `from`. */
function issue(from: number, lifetimeMs = 10 * MINUTE, extra: Partial<TokenSet> = {}): TokenSet {
  serial += 1;
  return {
    accessToken: `access-token-${serial}-${Math.random().toString(36).slice(2)}`,
    refreshToken: `refresh-token-${serial}-${Math.random().toString(36).slice(2)}`,
    expiresAt: new Date(from + lifetimeMs),
    ...extra,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Waits until `condition` holds, yielding to the event loop in between (no fixed sleeps). */
async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; !condition(); round += 1) {
    if (round > 10_000) throw new Error('condition never became true');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function manager(options: Partial<TokenManagerOptions> & Pick<TokenManagerOptions, 'store' | 'renew'>) {
  return new TokenManager({ key: KEY, marginMs: MINUTE, ...options });
}

describe('TokenManager single flight', () => {
  test('1,000 concurrent getAccessToken() at expiry make exactly one renew call, and all get its token', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    const expired = issue(START - 20 * MINUTE);
    await store.set(KEY, expired);
    const getSpy = vi.spyOn(store, 'get');
    const renewed = issue(START);
    const gate = deferred<TokenSet>();
    const renew = vi.fn((_current?: TokenSet) => gate.promise);
    const tokens = manager({ store, renew, now: time.now });

    const callers = Array.from({ length: 1_000 }, () => tokens.getAccessToken());
    await until(() => renew.mock.calls.length > 0);
    gate.resolve(renewed);
    const results = await Promise.all(callers);

    expect(renew).toHaveBeenCalledTimes(1);
    expect(renew.mock.calls[0]?.[0]).toEqual(expired);
    expect(new Set(results)).toEqual(new Set([renewed.accessToken]));
    // One store read for the waiting callers, one under the renewal lock: not one per caller.
    expect(getSpy.mock.calls.length).toBeLessThanOrEqual(3);
    expect(await store.get(KEY)).toEqual(renewed);

    // Afterwards a valid token is served from memory: no store read, no renewal.
    getSpy.mockClear();
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(getSpy).not.toHaveBeenCalled();
    expect(renew).toHaveBeenCalledTimes(1);
  });

  test('a failed renewal rejects every waiter with the same error, and the next call renews again', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    await store.set(KEY, issue(START - 20 * MINUTE));
    const failure = new Error('token endpoint down');
    const renewed = issue(START);
    const renew = vi.fn().mockRejectedValueOnce(failure).mockResolvedValueOnce(renewed);
    const tokens = manager({ store, renew, now: time.now });

    const outcomes = await Promise.allSettled(Array.from({ length: 100 }, () => tokens.getAccessToken()));
    expect(renew).toHaveBeenCalledTimes(1);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBe(failure);
    }

    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(renew).toHaveBeenCalledTimes(2);
  });

  test('renew() joins a renewal under way and returns copies', async () => {
    const store = new MemoryTokenStore();
    const renewed = issue(START);
    const gate = deferred<TokenSet>();
    const renew = vi.fn(() => gate.promise);
    const tokens = manager({ store, renew, now: clock().now });

    const explicit = tokens.renew();
    const implicit = tokens.getAccessToken();
    const again = tokens.renew();
    gate.resolve(renewed);
    const [first, token, second] = await Promise.all([explicit, implicit, again]);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(first).toEqual(renewed);
    expect(token).toBe(renewed.accessToken);
    first.expiresAt.setTime(0);
    expect(second.expiresAt).toEqual(renewed.expiresAt);
  });
});

describe('TokenManager persists before use', () => {
  test('store.set and onTokens complete before any waiter receives the token', async () => {
    const events: string[] = [];
    const inner = new MemoryTokenStore();
    const storeWrite = deferred<void>();
    const store: TokenStore = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      async set(key, tokens) {
        events.push('store.set:start');
        await storeWrite.promise;
        await inner.set(key, tokens);
        events.push('store.set:done');
      },
    };
    const onTokensGate = deferred<void>();
    const renewed = issue(START);
    const tokens = manager({
      store,
      now: clock().now,
      renew: async () => {
        events.push('renew');
        return renewed;
      },
      onTokens: async (set) => {
        events.push('onTokens:start');
        expect(set).toEqual(renewed);
        await onTokensGate.promise;
        events.push('onTokens:done');
      },
    });

    const track = async (name: string) => {
      const token = await tokens.getAccessToken();
      events.push(name);
      return token;
    };
    const waiters = Array.from({ length: 10 }, (_, index) => track(`waiter:${index}`));
    await until(() => events.includes('store.set:start'));
    // A caller arriving while the write is under way waits too.
    waiters.push(track('late waiter'));
    storeWrite.resolve();
    await until(() => events.includes('onTokens:start'));
    // Stored but onTokens not finished: still nobody has the token, not even a new caller.
    waiters.push(track('later waiter'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.some((event) => event.includes('waiter'))).toBe(false);
    onTokensGate.resolve();

    expect(new Set(await Promise.all(waiters))).toEqual(new Set([renewed.accessToken]));
    const firstWaiter = events.findIndex((event) => event.includes('waiter'));
    expect(events.slice(0, firstWaiter)).toEqual([
      'renew',
      'store.set:start',
      'store.set:done',
      'onTokens:start',
      'onTokens:done',
    ]);
  });

  test('when the store write fails, waiters reject and the token is not handed out; the next call saves it', async () => {
    const inner = new MemoryTokenStore();
    const expired = issue(START - 20 * MINUTE);
    await inner.set(KEY, expired);
    let failWrites = true;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      async set(key, tokens) {
        if (failWrites) throw new Error(`disk full while writing ${tokens.accessToken}`);
        await inner.set(key, tokens);
      },
    };
    const renewed = issue(START);
    const renew = vi.fn(async () => renewed);
    const onTokens = vi.fn();
    const tokens = manager({ store, renew, onTokens, now: clock().now });

    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => tokens.getAccessToken()));
    const reasons = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? outcome.reason : outcome.value,
    );
    expect(new Set(reasons).size).toBe(1);
    const error = reasons[0] as BankkitError;
    expect(error).toBeInstanceOf(BankkitError);
    expect(error.code).toBe('token_store_failed');
    expect(error.message).toMatch(/not used/);
    // The store's message echoed the token; it is scrubbed because the manager registered it.
    expect(error.message).not.toContain(renewed.accessToken);
    expect(JSON.stringify(error)).not.toContain(renewed.accessToken);
    expect(inspect(error)).not.toContain(renewed.accessToken);
    expect(onTokens).not.toHaveBeenCalled();
    expect(await inner.get(KEY)).toEqual(expired);
    expect(await tokens.isAuthenticated()).toBe(false);

    // The refresh token was spent: the next call must save the renewed set, not renew again.
    failWrites = false;
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(await inner.get(KEY)).toEqual(renewed);
  });

  test('an onTokens failure reaches the waiters', async () => {
    const failure = new Error('webhook down');
    const tokens = manager({
      store: new MemoryTokenStore(),
      now: clock().now,
      renew: async () => issue(START),
      onTokens: async () => {
        throw failure;
      },
    });
    await expect(tokens.getAccessToken()).rejects.toBe(failure);
  });
});

describe('TokenManager validity', () => {
  test('autoRenew false: a missing or expired token rejects with UserAuthenticationError and never renews', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    const renew = vi.fn(async () => issue(START));
    const tokens = manager({ store, renew, autoRenew: false, now: time.now });

    const missing = await tokens.getAccessToken().catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(UserAuthenticationError);
    expect(isUserAuthenticationError(missing)).toBe(true);
    expect((missing as UserAuthenticationError).code).toBe('user_authentication_required');
    expect((missing as Error).message).toMatch(/no token stored.*Log in again/);

    const valid = issue(START);
    await tokens.set(valid);
    expect(await tokens.getAccessToken()).toBe(valid.accessToken);
    time.advance(10 * MINUTE);
    const expired = await tokens.getAccessToken().catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(UserAuthenticationError);
    expect((expired as Error).message).toMatch(/expired/);
    expect((expired as Error).message).not.toContain(valid.accessToken);
    expect(renew).not.toHaveBeenCalled();
  });

  test('marginMs: a token within the margin of expiry counts as expired', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    const first = issue(START, 10 * MINUTE);
    await store.set(KEY, first);
    const second = issue(START + 10 * MINUTE);
    const renew = vi.fn(async () => second);
    const tokens = new TokenManager({ key: KEY, store, renew, now: time.now, marginMs: 2 * MINUTE });

    time.advance(8 * MINUTE - 1);
    expect(await tokens.isAuthenticated()).toBe(true);
    expect(await tokens.getAccessToken()).toBe(first.accessToken);
    time.advance(1);
    expect(await tokens.isAuthenticated()).toBe(false);
    expect(renew).not.toHaveBeenCalled();
    expect(await tokens.getAccessToken()).toBe(second.accessToken);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  test('the default margin is one minute', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    await store.set(KEY, issue(START, 10 * MINUTE));
    const tokens = new TokenManager({ key: KEY, store, renew: async () => issue(START), now: time.now });
    time.advance(9 * MINUTE - 1);
    expect(await tokens.isAuthenticated()).toBe(true);
    time.advance(1);
    expect(await tokens.isAuthenticated()).toBe(false);
  });

  test('isAuthenticated never renews and never throws for a missing token', async () => {
    const renew = vi.fn(async () => issue(START));
    const tokens = manager({ store: new MemoryTokenStore(), renew, now: clock().now });
    expect(await tokens.isAuthenticated()).toBe(false);
    expect(renew).not.toHaveBeenCalled();
  });

  test('an unusable set from renew is refused with ConfigurationError and not stored', async () => {
    const store = new MemoryTokenStore();
    const tokens = manager({
      store,
      now: clock().now,
      renew: async () => ({ accessToken: 'abcdefgh', expiresAt: new Date(Number.NaN) }),
    });
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(ConfigurationError);
    expect(await store.get(KEY)).toBeUndefined();
  });

  test('dates from a store that hands back strings become Dates', async () => {
    const set = issue(START);
    const store: TokenStore = {
      get: async () => JSON.parse(JSON.stringify(set)),
      set: async () => {},
      delete: async () => {},
    };
    const tokens = manager({ store, renew: async () => issue(START), now: clock().now });
    const current = await tokens.current();
    expect(current?.expiresAt).toBeInstanceOf(Date);
    expect(current?.expiresAt.getTime()).toBe(set.expiresAt.getTime());
    expect(await tokens.getAccessToken()).toBe(set.accessToken);
  });
});

describe('TokenManager invalidate', () => {
  test('the next call renews, with the refresh token and extras kept', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    const original = issue(START, 10 * MINUTE, { userUuid: 'user-1' });
    await store.set(KEY, original);
    const renewed = issue(START);
    const renew = vi.fn(async (_current?: TokenSet) => renewed);
    const tokens = manager({ store, renew, now: time.now });
    expect(await tokens.getAccessToken()).toBe(original.accessToken);

    await tokens.invalidate();
    const stored = await store.get(KEY);
    expect(stored?.accessToken).toBe(original.accessToken);
    expect(stored?.refreshToken).toBe(original.refreshToken);
    expect(stored?.userUuid).toBe('user-1');
    expect(stored?.expiresAt.getTime()).toBeLessThan(time.now());
    expect(await tokens.isAuthenticated()).toBe(false);

    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(renew.mock.calls[0]?.[0]?.refreshToken).toBe(original.refreshToken);
    expect(renew.mock.calls[0]?.[0]?.userUuid).toBe('user-1');
  });

  test('a stale 401 after a renewal does not discard the new token', async () => {
    const store = new MemoryTokenStore();
    const original = issue(START);
    await store.set(KEY, original);
    const renewed = issue(START);
    const renew = vi.fn(async () => renewed);
    const tokens = manager({ store, renew, now: clock().now });

    // Two requests used the original token and both got a 401.
    const failed = await tokens.getAccessToken();
    await tokens.invalidate(failed);
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    await tokens.invalidate(failed);

    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(await store.get(KEY)).toEqual(renewed);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  test('a stale 401 during a renewal does not discard the token being renewed', async () => {
    const store = new MemoryTokenStore();
    const original = issue(START);
    await store.set(KEY, original);
    const renewed = issue(START);
    const gate = deferred<TokenSet>();
    const renew = vi.fn(() => gate.promise);
    const tokens = manager({ store, renew, now: clock().now });
    const failed = await tokens.getAccessToken();

    const renewing = tokens.renew();
    const invalidating = tokens.invalidate(failed);
    gate.resolve(renewed);
    await Promise.all([renewing, invalidating]);

    expect(await store.get(KEY)).toEqual(renewed);
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  test('does nothing without a token', async () => {
    const store = new MemoryTokenStore();
    const tokens = manager({ store, renew: async () => issue(START), now: clock().now });
    await tokens.invalidate();
    await tokens.invalidate('whatever-token');
    expect(await store.get(KEY)).toBeUndefined();
  });
});

describe('TokenManager with shared stores', () => {
  test('two managers on one store pick up each other\u2019s tokens instead of renewing', async () => {
    const time = clock();
    const store = new MemoryTokenStore();
    let renewals = 0;
    const renew = vi.fn(async () => {
      renewals += 1;
      return issue(time.now());
    });
    const a = manager({ store, renew, now: time.now });
    const b = manager({ store, renew, now: time.now });

    const first = await a.getAccessToken();
    expect(await b.getAccessToken()).toBe(first);
    expect(renewals).toBe(1);

    // Expiry: A renews; B's cached copy is no longer valid, so B reads the store and uses A's token.
    time.advance(10 * MINUTE);
    const second = await a.getAccessToken();
    expect(second).not.toBe(first);
    expect(await b.getAccessToken()).toBe(second);
    expect(renewals).toBe(2);

    // Both at expiry at once: one renews, the other finds the new set under the lock.
    time.advance(10 * MINUTE);
    const [fromA, fromB] = await Promise.all([a.getAccessToken(), b.getAccessToken()]);
    expect(fromA).toBe(fromB);
    expect(renewals).toBe(3);
  });

  test('with store.lock, the renewal runs under it and uses a set another process stored meanwhile', async () => {
    const time = clock();
    const inner = new MemoryTokenStore();
    const expired = issue(START - 20 * MINUTE);
    await inner.set(KEY, expired);
    const events: string[] = [];
    const fromOtherProcess = issue(START);
    let otherProcessRenewsFirst = true;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      async set(key, tokens) {
        events.push('set');
        await inner.set(key, tokens);
      },
      async lock(key) {
        events.push(`lock ${key}`);
        if (otherProcessRenewsFirst) await inner.set(KEY, fromOtherProcess);
        return async () => {
          events.push('release');
        };
      },
    };
    const renewed = issue(START);
    const renew = vi.fn(async () => {
      events.push('renew');
      return renewed;
    });
    const onTokens = vi.fn();
    const tokens = manager({ store, renew, onTokens, now: time.now });

    expect(await tokens.getAccessToken()).toBe(fromOtherProcess.accessToken);
    expect(renew).not.toHaveBeenCalled();
    expect(onTokens).not.toHaveBeenCalled();
    expect(events).toEqual([`lock ${KEY}`, 'release']);

    events.length = 0;
    otherProcessRenewsFirst = false;
    time.advance(10 * MINUTE);
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(events).toEqual([`lock ${KEY}`, 'renew', 'set', 'release']);
  });

  test('a failing renewal still releases the lock', async () => {
    const release = vi.fn(async () => {});
    const inner = new MemoryTokenStore();
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, tokens) => inner.set(key, tokens),
      delete: (key) => inner.delete(key),
      lock: async () => release,
    };
    const tokens = manager({
      store,
      now: clock().now,
      renew: async () => {
        throw new HttpError('invalid_grant', { status: 400 });
      },
    });
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(HttpError);
    expect(release).toHaveBeenCalledTimes(1);
  });

  test('with a FileTokenStore, the set and current() survive the round trip with Dates', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'bankkit-manager-'));
    try {
      const path = join(dir, 'tokens.json');
      const set = issue(START, 10 * MINUTE, {
        refreshTokenExpiresAt: new Date(START + 30 * 24 * 60 * MINUTE),
      });
      const onTokens = vi.fn();
      await manager({ store: new FileTokenStore(path), renew: async () => issue(START), onTokens }).set(set);
      expect(onTokens).toHaveBeenCalledWith(set);

      const later = manager({
        store: new FileTokenStore(path),
        renew: async () => issue(START),
        now: clock().now,
      });
      const current = await later.current();
      expect(current).toEqual(set);
      expect(current?.refreshTokenExpiresAt).toBeInstanceOf(Date);
      expect(await later.getAccessToken()).toBe(set.accessToken);
      expect(await fs.readdir(dir)).toEqual(['tokens.json']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TokenManager set, clear and redaction', () => {
  test('clear() logs out: the store entry is gone and the next call renews', async () => {
    const store = new MemoryTokenStore();
    const renewed = issue(START);
    const renew = vi.fn(async () => renewed);
    const tokens = manager({ store, renew, now: clock().now });
    const original = issue(START);
    await tokens.set(original);
    expect(await tokens.getAccessToken()).toBe(original.accessToken);

    await tokens.clear();
    expect(await store.get(KEY)).toBeUndefined();
    expect(await tokens.isAuthenticated()).toBe(false);
    expect(await tokens.current()).toBeUndefined();
    expect(await tokens.getAccessToken()).toBe(renewed.accessToken);
    expect(renew).toHaveBeenCalledWith(undefined);
  });

  test('set() refuses an unusable set', async () => {
    const tokens = manager({ store: new MemoryTokenStore(), renew: async () => issue(START) });
    await expect(tokens.set({ accessToken: '', expiresAt: new Date() })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'accessToken',
    });
  });

  test('every access and refresh token seen is scrubbed from errors', async () => {
    const store = new MemoryTokenStore();
    const stored = issue(START - 20 * MINUTE);
    await store.set(KEY, stored);
    const renewed = issue(START);
    const set = issue(START);
    const tokens = manager({ store, renew: async () => renewed, now: clock().now });
    await tokens.getAccessToken();
    await tokens.set(set);

    const secrets = [stored, renewed, set].flatMap((tokenSet) => [
      tokenSet.accessToken,
      tokenSet.refreshToken,
    ]);
    const error = new BankkitError('token_store_failed', `leaked: ${secrets.join(' ')}`);
    for (const secret of secrets) {
      expect(secret).toBeTypeOf('string');
      expect(error.message).not.toContain(secret);
    }
  });

  test('bad options are refused with ConfigurationError', () => {
    const store = new MemoryTokenStore();
    const renew = async () => issue(START);
    expect(() => new TokenManager({ key: '', store, renew })).toThrow(ConfigurationError);
    expect(() => new TokenManager({ key: KEY, store, renew, marginMs: -1 })).toThrow(ConfigurationError);
    expect(() => new TokenManager({ key: KEY, store: {} as TokenStore, renew })).toThrow(ConfigurationError);
  });
});
