import { TokenManager, type TokenSet, type TokenStore } from '@bankkit/core';
import { describe, expect, test } from 'vitest';

/**
 * Issue 10, item 1, the two mechanisms behind spurious AuthenticationErrors with several processes
 * on one token store, replayed step by step (no timing involved):
 * 1. a store read that began before another process renewed ends after this process's
 *    invalidate() found the new set, and puts the refused token back as valid;
 * 2. every caller refused with the same token queued for the cross-process lock on its own.
 */
const KEY = 'sparebank1:races';
const NOW = Date.parse('2030-01-01T12:00:00.000Z');

function set(name: string): TokenSet {
  return {
    accessToken: `${name}-access-token`,
    refreshToken: `${name}-refresh-token`,
    expiresAt: new Date(NOW + 600_000),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/** A shared store ("the token file") whose reads and lock the test can hold. */
class SteppedStore implements TokenStore {
  value: TokenSet | undefined;
  locks = 0;
  holdNextRead:
    | { reading: ReturnType<typeof deferred<void>>; release: ReturnType<typeof deferred<void>> }
    | undefined;
  lockGate: Promise<void> | undefined;

  async get(): Promise<TokenSet | undefined> {
    const read = this.value && { ...this.value };
    const hold = this.holdNextRead;
    if (hold) {
      this.holdNextRead = undefined;
      hold.reading.resolve();
      await hold.release.promise;
    }
    return read;
  }
  async set(_: string, tokens: TokenSet): Promise<void> {
    this.value = { ...tokens };
  }
  async delete(): Promise<void> {
    this.value = undefined;
  }
  async lock(): Promise<() => Promise<void>> {
    this.locks++;
    await this.lockGate;
    return async () => {};
  }
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('a process sharing its token store with others', () => {
  test('never serves a refused token again, even from a read that began before the refusal was known', async () => {
    const store = new SteppedStore();
    store.value = set('first');
    let renewals = 0;
    const manager = new TokenManager({
      key: KEY,
      store,
      now: () => NOW,
      renew: async () => {
        renewals++;
        return set(`renewed-${renewals}`);
      },
    });
    expect(await manager.getAccessToken()).toBe('first-access-token');

    // Caller X was refused with the first token: its invalidate waits for the lock (another
    // process is renewing under it).
    const gate = deferred<void>();
    store.lockGate = gate.promise;
    const invalidated = manager.invalidate('first-access-token');
    // Caller Y needs a token meanwhile: its store read sees the first token, and is slow to return.
    const hold = { reading: deferred<void>(), release: deferred<void>() };
    store.holdNextRead = hold;
    const yToken = manager.getAccessToken();
    await hold.reading.promise;
    // The other process renews and stores its set; then the lock is free.
    store.value = set('other-process');
    store.lockGate = undefined;
    gate.resolve();
    await invalidated;
    // Y's read, begun before, now ends with the refused token.
    hold.release.resolve();
    const tokens = [await yToken, await manager.getAccessToken(), await manager.getAccessToken()];
    await settle();

    expect(tokens).toEqual([
      'other-process-access-token',
      'other-process-access-token',
      'other-process-access-token',
    ]);
    expect(renewals).toBe(0);
  });

  test('callers refused with the same token share one invalidation: one lock round, not one each', async () => {
    const store = new SteppedStore();
    store.value = set('first');
    const manager = new TokenManager({ key: KEY, store, now: () => NOW, renew: async () => set('renewed') });
    await manager.getAccessToken();
    store.locks = 0;
    await Promise.all(Array.from({ length: 12 }, () => manager.invalidate('first-access-token')));
    const tokens = await Promise.all(Array.from({ length: 12 }, () => manager.getAccessToken()));
    expect(new Set(tokens)).toEqual(new Set(['renewed-access-token']));
    // One lock round for the invalidation, one for the renewal.
    expect(store.locks).toBe(2);
  });
});
