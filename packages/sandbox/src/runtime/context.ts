/**
 * What the sandbox runtime hands to each provider's app. The runtime (server, clock, faults,
 * request log) is shared; each provider app (`bridge/`, `sparebank1/`) only serves its own API.
 */

/** The sandbox's controllable clock: every expiry, cutoff and "today" of both providers reads it. */
export interface SandboxClock {
  /** Current sandbox time. */
  now(): Date;
  /** Current sandbox time in epoch milliseconds. */
  nowMs(): number;
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Sets the clock. */
  set(date: Date | string | number): void;
}

/** A deterministic random source (seeded). */
export interface SandboxRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** A UUID v4 string. */
  uuid(): string;
  /** One element. */
  pick<T>(items: readonly T[]): T;
}

/** Options shared by the provider apps, already resolved to values. */
export interface ProviderRuntime {
  clock: SandboxClock;
  /** Seeded randomness for data generation and token/code issuance. */
  random: SandboxRandom;
  /** Seed the data was generated from. */
  seed: number;
  /** Whether the provider's documented rate limits are enforced. */
  rateLimits: boolean;
  /** The provider's public origin as clients see it, e.g. `http://127.0.0.1:41234` (never `localhost`). */
  origin(): string;
}
