import type { Logger } from '../http/logger.js';
import { createRequestLog, type RequestLog } from '../http/request-log.js';
import { sleep } from '../http/retry-policy.js';
import { sharedPacingStore } from './memory-pacing-store.js';
import type { PacingClaim, PacingStore } from './pacing-store.js';

/** One attempt about to be sent, as the HTTP layer describes it to its pacer. */
export interface PacedAttempt {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The full URL about to be requested (not redacted: read its path, never log it). */
  readonly url: string;
  /** Whether the attempt carries the bearer token (a user-scoped call). */
  readonly auth: boolean;
  /** The redacted URL, for messages. */
  readonly endpoint: () => string;
  /** The request's signal: a wait ends with its reason when it is aborted. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Paces the attempts of one HTTP client (see `HttpClientOptions.pace`): resolves once the attempt
 * may be sent, with the function to call when it is done.
 */
export type RequestPacing = (attempt: PacedAttempt) => Promise<() => void>;

/** A wait for a free slot, as reported to {@link RequestPacerOptions.onWait}. */
export interface PacingWait {
  /** Provider id (`bridge`, `sparebank1`). */
  readonly provider: string;
  /** The limit whose window is full, in words (`per user: 60 requests / 60 s`). */
  readonly limit: string;
  /** How long this wait lasts, in milliseconds (it may be followed by another). */
  readonly waitMs: number;
  /** The request that waits: method and redacted URL. */
  readonly method: string;
  readonly endpoint: string;
}

/** Options of {@link RequestPacer}. */
export interface RequestPacerOptions {
  /** Provider id, for logs and events. */
  provider: string;
  /** The windows an attempt takes a slot in (none: it is not paced). */
  claims: (attempt: PacedAttempt) => readonly PacingClaim[];
  /** Where windows are counted. Default: the process-wide store ({@link sharedPacingStore}). */
  store?: PacingStore | undefined;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Gets a debug line for every wait (redacted). */
  logger?: Logger | undefined;
  /** Called for every wait, before it starts (e.g. to show it in a progress line). Must not throw. */
  onWait?: ((wait: PacingWait) => void) | undefined;
}

/**
 * Keeps a client's requests within a provider's rate limits: each attempt takes a slot in every
 * window that applies to it (the app's, the user's, the token endpoint's), waiting until each has
 * room, so that the provider never has a reason to answer 429. A slot counts from the moment it is
 * taken until a window's length after the attempt ended (see {@link PacingStore}).
 *
 * Waiting is visible: a debug log line and an {@link RequestPacerOptions.onWait} event per wait.
 * An aborted request stops waiting at once.
 */
export class RequestPacer {
  readonly #options: RequestPacerOptions;
  readonly #store: PacingStore;
  readonly #now: () => number;
  readonly #log: RequestLog | undefined;

  constructor(options: RequestPacerOptions) {
    this.#options = options;
    this.#store = options.store ?? sharedPacingStore();
    this.#now = options.now ?? Date.now;
    this.#log = options.logger ? createRequestLog(options.logger, options.provider) : undefined;
  }

  /** The hook for `HttpClientOptions.pace`. */
  readonly pace: RequestPacing = async (attempt) => {
    const claims = this.#options.claims(attempt);
    if (claims.length === 0) return noop;
    for (;;) {
      attempt.signal?.throwIfAborted();
      const decision = await this.#store.tryAcquire(claims, this.#now());
      if (decision.granted) {
        const { lease } = decision;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          // A store that fails to count the end leaves the slot taken for longer: never the request's problem.
          Promise.resolve()
            .then(() => this.#store.release(lease, this.#now()))
            .catch(() => {});
        };
      }
      const waitMs = Math.max(1, decision.retryAtMs - this.#now());
      this.#reportWait(attempt, decision.claim.label, waitMs);
      await sleep(waitMs, attempt.signal);
    }
  };

  #reportWait(attempt: PacedAttempt, limit: string, waitMs: number): void {
    const { provider, onWait } = this.#options;
    if (!this.#log && !onWait) return;
    const endpoint = attempt.endpoint();
    this.#log?.(
      'debug',
      `${attempt.method} ${endpoint} waits ${formatSeconds(waitMs)} for a free slot (${limit})`,
      { method: attempt.method, url: endpoint, limit, waitMs },
    );
    try {
      onWait?.({ provider, limit, waitMs, method: attempt.method, endpoint });
    } catch {
      // A failing listener must not fail the request it watches.
    }
  }
}

function noop(): void {}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
