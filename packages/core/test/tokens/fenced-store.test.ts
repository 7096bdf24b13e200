import {
  isReauthorizationRequiredError,
  ReauthorizationRequiredError,
  TokenManager,
  type TokenSet,
  type TokenStore,
  TokenStoreFencedError,
  type TokenStoreLock,
  type TokenWriteOptions,
} from '@bankkit/core';
import { describe, expect, test } from 'vitest';

/**
 * A store whose lock is a lease with fencing, as `RedisTokenStore` implements it: every hold gets
 * a higher fence, and a write carrying a fence older than the newest hold is refused. `takeOver`
 * stands for another process taking the lease after this one's ran out, and storing its set.
 */
class FencedMemoryStore implements TokenStore {
  readonly sets = new Map<string, TokenSet>();
  readonly writes: { tokens: TokenSet; fence: number | undefined; refused: boolean }[] = [];
  granted = 0;

  async get(key: string) {
    const tokens = this.sets.get(key);
    return tokens && { ...tokens };
  }

  async set(key: string, tokens: TokenSet, options?: TokenWriteOptions) {
    const refused = options?.fence !== undefined && options.fence < this.granted;
    this.writes.push({ tokens, fence: options?.fence, refused });
    if (refused) {
      throw new TokenStoreFencedError('refused: a newer lease was granted', {
        fence: options?.fence as number,
        currentFence: this.granted,
      });
    }
    this.sets.set(key, { ...tokens });
  }

  async delete(key: string) {
    this.sets.delete(key);
  }

  async lock(): Promise<TokenStoreLock> {
    const fence = ++this.granted;
    return Object.assign(async () => {}, { fence });
  }

  takeOver(key: string, tokens: TokenSet) {
    this.granted++;
    this.sets.set(key, { ...tokens });
  }
}

const KEY = 'sparebank1:fenced';
const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const set = (name: string, expiresInMs = 600_000): TokenSet => ({
  accessToken: `access-${name}-0123456789`,
  refreshToken: `refresh-${name}-0123456789`,
  expiresAt: new Date(NOW + expiresInMs),
});

describe('TokenManager on a store with fenced leases', () => {
  test('passes the fence of its hold with every write it makes under it', async () => {
    const store = new FencedMemoryStore();
    const manager = new TokenManager({ key: KEY, store, now: () => NOW, renew: async () => set('renewed') });
    await manager.set(set('login'));
    await manager.renew();
    await manager.invalidate(set('renewed').accessToken);
    expect(store.writes.map((w) => w.fence)).toEqual([1, 2, 3]);
    expect(store.writes.every((w) => !w.refused)).toBe(true);
  });

  test('a renewal whose lease was taken over meanwhile: its write is refused, the newer set is used, nothing stale is saved later', async () => {
    const store = new FencedMemoryStore();
    await store.set(KEY, set('old', -1));
    let grants = 0;
    const manager = new TokenManager({
      key: KEY,
      store,
      now: () => NOW,
      renew: async () => {
        grants++;
        // Paused past the lease: another process took it over and stored its own renewal.
        store.takeOver(KEY, set('newer'));
        return set('stale');
      },
    });
    expect(await manager.getAccessToken()).toBe(set('newer').accessToken);
    expect(grants).toBe(1);
    expect(store.writes.at(-1)).toMatchObject({ refused: true });
    expect(store.sets.get(KEY)?.accessToken).toBe(set('newer').accessToken);
    // The refused set is not kept for a later save.
    await manager.renew().catch(() => {});
    expect(store.writes.some((w) => !w.refused && w.tokens.accessToken === set('stale').accessToken)).toBe(
      false,
    );
  });

  test('invalid_grant after the lease was taken over: the marker is refused by the fence, the newer set is used', async () => {
    const store = new FencedMemoryStore();
    await store.set(KEY, set('old', -1));
    const manager = new TokenManager({
      key: KEY,
      store,
      now: () => NOW,
      renew: async () => {
        // The newer holder spent the refresh token first: the bank refuses ours.
        store.takeOver(KEY, set('newer'));
        throw new ReauthorizationRequiredError('invalid_grant', { providerCode: 'invalid_grant' });
      },
    });
    expect(await manager.getAccessToken()).toBe(set('newer').accessToken);
    const stored = store.sets.get(KEY);
    expect(stored?.accessToken).toBe(set('newer').accessToken);
    expect(stored?.reauthorizationRequiredAt).toBeUndefined();
  });

  test('invalid_grant with the lease still held: the marker is stored as before', async () => {
    const store = new FencedMemoryStore();
    await store.set(KEY, set('old', -1));
    const manager = new TokenManager({
      key: KEY,
      store,
      now: () => NOW,
      renew: async () => {
        throw new ReauthorizationRequiredError('invalid_grant', { providerCode: 'invalid_grant' });
      },
    });
    const error = await manager.getAccessToken().catch((e) => e);
    expect(isReauthorizationRequiredError(error)).toBe(true);
    expect(store.sets.get(KEY)?.reauthorizationRequiredAt).toBeInstanceOf(Date);
  });
});
