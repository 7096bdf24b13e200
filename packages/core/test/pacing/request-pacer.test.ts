import {
  MemoryPacingStore,
  type PacedAttempt,
  type PacingClaim,
  type PacingWait,
  RequestPacer,
} from '@bankkit/core';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { recordingLogger } from '../http/helpers.js';

const WINDOW_MS = 60_000;
const user: PacingClaim = {
  key: 'test|user',
  limit: 2,
  windowMs: WINDOW_MS,
  label: 'per user: 2 requests / 1 min',
};

function attempt(signal?: AbortSignal): PacedAttempt {
  return {
    method: 'GET',
    url: 'https://bank.example/v2/accounts?secret_token=abc',
    auth: true,
    endpoint: () => 'https://bank.example/v2/accounts?secret_token=[REDACTED]',
    signal,
  };
}

/** Settles `promise` into a flag, so a test can see whether it resolved yet. */
function track(promise: Promise<unknown>): { done: boolean } {
  const state = { done: false };
  promise.then(
    () => {
      state.done = true;
    },
    () => {
      state.done = true;
    },
  );
  return state;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestPacer', () => {
  test('lets requests through until the window is full, then waits for the first slot to free', async () => {
    const waits: PacingWait[] = [];
    const pacer = new RequestPacer({
      provider: 'testbank',
      store: new MemoryPacingStore(),
      claims: () => [user],
      onWait: (wait) => waits.push(wait),
    });
    const first = await pacer.pace(attempt());
    await vi.advanceTimersByTimeAsync(100);
    first(); // ended at +100 ms
    const second = await pacer.pace(attempt());
    second();

    const third = pacer.pace(attempt());
    const state = track(third);
    await vi.advanceTimersByTimeAsync(0);
    expect(state.done).toBe(false);
    expect(waits).toEqual([
      {
        provider: 'testbank',
        limit: 'per user: 2 requests / 1 min',
        waitMs: WINDOW_MS,
        method: 'GET',
        endpoint: 'https://bank.example/v2/accounts?secret_token=[REDACTED]',
      },
    ]);
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
  });

  test('every wait gets a redacted debug line', async () => {
    const { logger, calls } = recordingLogger();
    const pacer = new RequestPacer({
      provider: 'testbank',
      store: new MemoryPacingStore(),
      claims: () => [{ ...user, limit: 1 }],
      logger,
    });
    (await pacer.pace(attempt()))();
    const waiting = pacer.pace(attempt());
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    await waiting;
    expect(calls).toHaveLength(1);
    const [line] = calls;
    expect(line?.level).toBe('debug');
    expect(line?.message).toContain('waits 60 s for a free slot (per user: 2 requests / 1 min)');
    expect(JSON.stringify(line)).not.toContain('abc');
  });

  test('many waiting requests go in the order they came, never more than the limit per window', async () => {
    const store = new MemoryPacingStore();
    const pacer = new RequestPacer({ provider: 'testbank', store, claims: () => [user] });
    const sentAt: number[] = [];
    const requests = Array.from({ length: 7 }, async (_, index) => {
      const done = await pacer.pace(attempt());
      sentAt[index] = Date.now();
      done();
    });
    await vi.advanceTimersByTimeAsync(4 * WINDOW_MS);
    await Promise.all(requests);
    const start = 1_000_000;
    expect(sentAt.map((at) => at - start)).toEqual([0, 0, 60_000, 60_000, 120_000, 120_000, 180_000]);
  });

  test('an aborted request stops waiting with the signal reason and takes no slot', async () => {
    const store = new MemoryPacingStore();
    const pacer = new RequestPacer({ provider: 'testbank', store, claims: () => [{ ...user, limit: 1 }] });
    const held = await pacer.pace(attempt());
    const controller = new AbortController();
    const waiting = pacer.pace(attempt(controller.signal));
    const rejected = expect(waiting).rejects.toThrow('caller gave up');
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort(new Error('caller gave up'));
    await rejected;
    held();
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    // Only the first request counted: one window after it ended, the slot is free again.
    expect(store.tryAcquire([{ ...user, limit: 1 }], Date.now()).granted).toBe(true);
  });

  test('a request with no claims is not paced', async () => {
    const store = { tryAcquire: vi.fn(), release: vi.fn() };
    const pacer = new RequestPacer({ provider: 'testbank', store, claims: () => [] });
    (await pacer.pace(attempt()))();
    expect(store.tryAcquire).not.toHaveBeenCalled();
  });

  test('releasing twice frees one slot', async () => {
    const store = new MemoryPacingStore();
    const release = vi.spyOn(store, 'release');
    const pacer = new RequestPacer({ provider: 'testbank', store, claims: () => [user] });
    const done = await pacer.pace(attempt());
    done();
    done();
    await vi.advanceTimersByTimeAsync(0);
    expect(release).toHaveBeenCalledTimes(1);
  });

  test('a throwing onWait does not fail the request', async () => {
    const pacer = new RequestPacer({
      provider: 'testbank',
      store: new MemoryPacingStore(),
      claims: () => [{ ...user, limit: 1 }],
      onWait: () => {
        throw new Error('listener broke');
      },
    });
    (await pacer.pace(attempt()))();
    const waiting = pacer.pace(attempt());
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    await expect(waiting).resolves.toBeTypeOf('function');
  });

  test('an asynchronous store (a shared engine) paces the same way', async () => {
    const memory = new MemoryPacingStore();
    const store = {
      tryAcquire: async (claims: readonly PacingClaim[], nowMs: number) => memory.tryAcquire(claims, nowMs),
      release: async (...args: Parameters<MemoryPacingStore['release']>) => memory.release(...args),
    };
    const pacer = new RequestPacer({ provider: 'testbank', store, claims: () => [{ ...user, limit: 1 }] });
    (await pacer.pace(attempt()))();
    const state = track(pacer.pace(attempt()));
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 1);
    expect(state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.done).toBe(true);
  });
});
