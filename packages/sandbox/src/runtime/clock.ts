import type { SandboxClock } from './context.js';

/** Anything the sandbox accepts as a point in time. */
export type ClockInput = Date | string | number;

/** Turns a clock input into epoch milliseconds, rejecting what does not denote a valid instant. */
export function toEpochMs(input: ClockInput, what = 'time'): number {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : Date.parse(input);
  if (!Number.isFinite(ms)) {
    throw new RangeError(`Sandbox clock: ${what} must be a valid date, got ${String(input)}.`);
  }
  return ms;
}

/**
 * The sandbox clock: real time plus an offset.
 *
 * It keeps following real time after every `set`/`advance`, so tokens expire on their own in a
 * long-running sandbox (a CLI demo left open for two hours sees its Bridge token expire), while a test
 * can still jump over any lifetime at once with `advance`. It starts at real now unless a start time is
 * given.
 */
export class OffsetClock implements SandboxClock {
  #offsetMs: number;
  readonly #realNow: () => number;

  /**
   * @param start - Sandbox time at construction; real now when omitted.
   * @param realNow - The underlying real clock (injectable for tests of the clock itself).
   */
  constructor(start?: ClockInput, realNow: () => number = Date.now) {
    this.#realNow = realNow;
    this.#offsetMs = start === undefined ? 0 : toEpochMs(start, 'now') - realNow();
  }

  /** Current sandbox time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Current sandbox time in epoch milliseconds. */
  nowMs(): number {
    return this.#realNow() + this.#offsetMs;
  }

  /** Moves the clock forward by `ms` milliseconds (it never goes back this way). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`Sandbox clock: advance() takes a finite, non-negative number of ms, got ${ms}.`);
    }
    this.#offsetMs += ms;
  }

  /** Sets the sandbox time; it keeps running from there. Going back in time is allowed. */
  set(date: ClockInput): void {
    this.#offsetMs = toEpochMs(date, 'the new time') - this.#realNow();
  }
}

/** Creates the sandbox clock, starting at `start` or at real now. */
export function createSandboxClock(start?: ClockInput): OffsetClock {
  return new OffsetClock(start);
}
