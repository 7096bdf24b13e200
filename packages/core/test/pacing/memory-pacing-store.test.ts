import { MemoryPacingStore, type PacingClaim, type PacingLease, sharedPacingStore } from '@bankkit/core';
import { describe, expect, test } from 'vitest';

const perMinute = (key: string, limit: number): PacingClaim => ({
  key,
  limit,
  windowMs: 60_000,
  label: `${key}: ${limit} / 60 s`,
});

function take(store: MemoryPacingStore, claims: PacingClaim[], nowMs: number): PacingLease {
  const decision = store.tryAcquire(claims, nowMs);
  if (!decision.granted) throw new Error(`refused at ${nowMs}: ${decision.claim.key}`);
  return decision.lease;
}

describe('MemoryPacingStore', () => {
  test('grants up to the limit, then refuses until a window after the oldest request ended', () => {
    const store = new MemoryPacingStore();
    const user = perMinute('user', 3);
    const leases = [0, 10, 20].map((at) => take(store, [user], at));
    const refused = store.tryAcquire([user], 30);
    expect(refused).toMatchObject({ granted: false, claim: user });

    // Each request ended 5 ms after it started: the slot frees a window after the end, not the start.
    leases.forEach((lease, index) => {
      store.release(lease, index * 10 + 5);
    });
    expect(store.tryAcquire([user], 30)).toEqual({ granted: false, retryAtMs: 60_005, claim: user });
    expect(store.tryAcquire([user], 60_004).granted).toBe(false);
    expect(store.tryAcquire([user], 60_005).granted).toBe(true);
    // The next slot frees when the second request's window ends.
    expect(store.tryAcquire([user], 60_006)).toMatchObject({ granted: false, retryAtMs: 60_015 });
  });

  test('a request in flight keeps its slot however long it takes', () => {
    const store = new MemoryPacingStore();
    const user = perMinute('user', 1);
    const lease = take(store, [user], 0);
    // Still running two windows later: the slot is still taken, and no end is known yet.
    expect(store.tryAcquire([user], 120_000)).toEqual({ granted: false, retryAtMs: 180_000, claim: user });
    store.release(lease, 130_000);
    expect(store.tryAcquire([user], 189_999).granted).toBe(false);
    expect(store.tryAcquire([user], 190_000).granted).toBe(true);
  });

  test('takes a slot in every window or in none', () => {
    const store = new MemoryPacingStore();
    const app = perMinute('app', 10);
    const user = perMinute('user', 1);
    take(store, [app, user], 0);
    expect(store.tryAcquire([app, user], 1)).toMatchObject({ granted: false, claim: user });
    // The refused request took nothing from the app's window: nine more fit.
    for (let i = 0; i < 9; i++) take(store, [app, perMinute(`other-user-${i}`, 1)], 2);
    expect(store.tryAcquire([app], 3)).toMatchObject({ granted: false, claim: app });
  });

  test('windows of different keys do not count against each other', () => {
    const store = new MemoryPacingStore();
    take(store, [perMinute('alice', 1)], 0);
    expect(store.tryAcquire([perMinute('bob', 1)], 0).granted).toBe(true);
    expect(store.tryAcquire([perMinute('alice', 1)], 0).granted).toBe(false);
  });

  test('ends reported out of order still free slots in time order', () => {
    const store = new MemoryPacingStore();
    const user = perMinute('user', 2);
    const first = take(store, [user], 0);
    const second = take(store, [user], 0);
    store.release(second, 50);
    store.release(first, 20);
    expect(store.tryAcquire([user], 100)).toMatchObject({ granted: false, retryAtMs: 60_020 });
  });

  test('windows idle for longer than their length are dropped, so one per user does not pile up', () => {
    const store = new MemoryPacingStore();
    for (let user = 0; user < 999; user++) store.release(take(store, [perMinute(`user-${user}`, 60)], 0), 10);
    expect(store.size).toBe(999);
    // The 1,000th acquisition sweeps: every earlier window ended more than a minute ago.
    const busy = take(store, [perMinute('busy', 60)], 120_000);
    expect(store.size).toBe(1);
    // A window still in flight, or with a request within its length, stays.
    for (let i = 0; i < 999; i++) store.release(take(store, [perMinute(`later-${i}`, 60)], 120_000), 120_000);
    take(store, [perMinute('recent', 60)], 150_000);
    expect(store.size).toBe(1001);
    store.release(busy, 120_001);
  });

  test('the shared store is one per process', () => {
    expect(sharedPacingStore()).toBe(sharedPacingStore());
    expect(sharedPacingStore()).toBeInstanceOf(MemoryPacingStore);
  });
});
