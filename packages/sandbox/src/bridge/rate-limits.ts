import type { SandboxClock } from '../runtime/context.js';
import { BridgeApiError } from './errors.js';
import type { ResolvedBridgeOptions } from './options.js';

/** Counts events per key over a sliding window of sandbox time. */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #hits = new Map<string, number[]>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Records a hit for `key` at `nowMs` if under the limit; returns whether it was allowed. */
  tryHit(key: string, nowMs: number): boolean {
    let hits = this.#hits.get(key);
    if (hits === undefined) {
      hits = [];
      this.#hits.set(key, hits);
    }
    const horizon = nowMs - this.#windowMs;
    let expired = 0;
    while (expired < hits.length && (hits[expired] as number) <= horizon) expired++;
    if (expired > 0) hits.splice(0, expired);
    if (hits.length >= this.#limit) return false;
    hits.push(nowMs);
    return true;
  }

  /** Forgets every key. */
  clear(): void {
    this.#hits.clear();
  }
}

/**
 * Bridge's documented limits: 60 requests per user per 60 s, 10 `/authenticate` per user per 60 s,
 * 2000 requests per app per 5 min. Excess gets 429 with the error envelope and no `Retry-After`.
 */
export class BridgeRateLimits {
  readonly #enabled: boolean;
  readonly #clock: SandboxClock;
  readonly #perUser: SlidingWindowLimiter;
  readonly #authenticate: SlidingWindowLimiter;
  readonly #perApp: SlidingWindowLimiter;

  constructor(enabled: boolean, clock: SandboxClock, limits: ResolvedBridgeOptions['limits']) {
    this.#enabled = enabled;
    this.#clock = clock;
    this.#perUser = new SlidingWindowLimiter(limits.perUser.limit, limits.perUser.windowMs);
    this.#authenticate = new SlidingWindowLimiter(limits.authenticate.limit, limits.authenticate.windowMs);
    this.#perApp = new SlidingWindowLimiter(limits.perApp.limit, limits.perApp.windowMs);
  }

  #check(limiter: SlidingWindowLimiter, key: string): void {
    if (this.#enabled && !limiter.tryHit(key, this.#clock.nowMs())) {
      throw new BridgeApiError(429, 'too_many_requests', 'Too many requests, please retry later');
    }
  }

  /** Counts one request of the app. */
  app(clientId: string): void {
    this.#check(this.#perApp, clientId);
  }

  /** Counts one user-scoped request. */
  user(userUuid: string): void {
    this.#check(this.#perUser, userUuid);
  }

  /** Counts one `/authenticate` call for a user (or the identifier it names). */
  authenticate(userKey: string): void {
    this.#check(this.#authenticate, userKey);
  }

  /** Resets every counter. */
  clear(): void {
    this.#perUser.clear();
    this.#authenticate.clear();
    this.#perApp.clear();
  }
}
