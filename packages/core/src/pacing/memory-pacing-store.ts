import { isLoopback } from '../http/url.js';
import type { PacingClaim, PacingDecision, PacingLease, PacingStore } from './pacing-store.js';

/** One counter: requests still in flight, and when the finished ones finished (ascending). */
interface Window {
  inFlight: number;
  finishedAt: number[];
  /** The longest window it was claimed with: after that long idle, it holds nothing. */
  windowMs: number;
}

/** How many acquisitions pass between sweeps of idle windows (one per user adds up in a long process). */
const SWEEP_EVERY = 1000;

/**
 * Counts rate-limit windows in this process's memory. Each key is a sliding window log: the end
 * times of the requests that finished within the last `windowMs`, plus the requests in flight.
 */
export class MemoryPacingStore implements PacingStore {
  readonly #windows = new Map<string, Window>();
  #untilSweep = SWEEP_EVERY;

  /** @inheritdoc */
  tryAcquire(claims: readonly PacingClaim[], nowMs: number): PacingDecision {
    if (--this.#untilSweep <= 0) this.#sweep(nowMs);
    for (const claim of claims) {
      const window = this.#window(claim.key, claim.windowMs);
      const { finishedAt } = window;
      let expired = 0;
      while (expired < finishedAt.length && (finishedAt[expired] as number) <= nowMs - claim.windowMs) {
        expired++;
      }
      if (expired > 0) finishedAt.splice(0, expired);
      const excess = window.inFlight + finishedAt.length - claim.limit;
      if (excess >= 0) {
        // The `excess + 1`-th oldest finished request must leave the window first; when requests in
        // flight fill it, none can leave before `windowMs` from now.
        const leaving = finishedAt[excess];
        return { granted: false, retryAtMs: (leaving ?? nowMs) + claim.windowMs, claim };
      }
    }
    for (const claim of claims) this.#window(claim.key, claim.windowMs).inFlight++;
    return { granted: true, lease: { claims } };
  }

  /** @inheritdoc */
  release(lease: PacingLease, atMs: number): void {
    for (const claim of lease.claims) {
      const window = this.#windows.get(claim.key);
      if (!window || window.inFlight === 0) continue;
      window.inFlight--;
      const { finishedAt } = window;
      let index = finishedAt.length;
      while (index > 0 && (finishedAt[index - 1] as number) > atMs) index--;
      finishedAt.splice(index, 0, atMs);
    }
  }

  /** Forgets every window (for tests that each start as a fresh process would). */
  clear(): void {
    this.#windows.clear();
  }

  /** How many windows are held (idle ones are dropped from time to time). */
  get size(): number {
    return this.#windows.size;
  }

  #window(key: string, windowMs: number): Window {
    let window = this.#windows.get(key);
    if (!window) {
      window = { inFlight: 0, finishedAt: [], windowMs };
      this.#windows.set(key, window);
    } else if (windowMs > window.windowMs) {
      window.windowMs = windowMs;
    }
    return window;
  }

  /** Drops the windows with nothing in flight and nothing finished within their length. */
  #sweep(nowMs: number): void {
    this.#untilSweep = SWEEP_EVERY;
    for (const [key, window] of this.#windows) {
      const last = window.finishedAt.at(-1);
      if (window.inFlight === 0 && (last === undefined || last <= nowMs - window.windowMs)) {
        this.#windows.delete(key);
      }
    }
  }
}

const SHARED = Symbol.for('bankkit.pacing.sharedStore');

/**
 * The process-wide {@link MemoryPacingStore} every client uses unless given a store of its own, so
 * that all clients of one app in the process (any number of users, any number of client objects)
 * count against the same windows. It lives on a global symbol, so two copies of core share it too.
 */
export function sharedPacingStore(): MemoryPacingStore {
  const holder = globalThis as { [SHARED]?: MemoryPacingStore };
  holder[SHARED] ??= new MemoryPacingStore();
  return holder[SHARED];
}

/**
 * Whether an adapter paces requests to `origin` when its `pacing` option is not given: yes, except
 * on loopback (the sandbox, a local mock), whose limits are whatever was configured there; pass the
 * option to pace those too.
 */
export function pacesByDefault(origin: string): boolean {
  return !isLoopback(new URL(origin).hostname);
}
