import { ConfigurationError } from '../errors/local-errors.js';
import type { RetryOptions } from './http-client.js';

/** A retry policy with every default filled in. */
export interface RetryPolicy {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/** The policy used when a client gives none. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 2,
  minDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

const NO_RETRY: RetryPolicy = Object.freeze({ ...DEFAULT_RETRY_POLICY, retries: 0 });

/** Methods that can be repeated without changing the outcome (RFC 9110 section 9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Statuses worth another attempt: the server may answer differently in a moment. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether a request may be sent twice. The caller's explicit mark wins: `true` for a POST that is
 * safe to repeat, `false` to opt a GET out. Anything that moves money must stay unmarked.
 */
export function isIdempotent(method: string, marked: boolean | undefined): boolean {
  return marked ?? IDEMPOTENT_METHODS.has(method);
}

/** True for 408, 429, 500, 502, 503 and 504. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The policy for a client's `retry` option, validated.
 * @throws ConfigurationError for negative, fractional or inconsistent values.
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined, provider: string): RetryPolicy {
  if (options === false) return NO_RETRY;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options ?? {}) };
  const problem =
    !Number.isInteger(policy.retries) || policy.retries < 0
      ? `retry.retries must be a whole number >= 0 (got ${policy.retries})`
      : !(policy.minDelayMs >= 0) || !(policy.maxDelayMs >= policy.minDelayMs)
        ? `retry delays must satisfy 0 <= minDelayMs <= maxDelayMs (got ${policy.minDelayMs} and ${policy.maxDelayMs})`
        : !(policy.maxRetryAfterMs >= 0)
          ? `retry.maxRetryAfterMs must be >= 0 (got ${policy.maxRetryAfterMs})`
          : undefined;
  if (problem) throw new ConfigurationError(`${provider}: ${problem}.`, { provider });
  return Object.freeze(policy);
}

function definedOnly(options: RetryOptions): Partial<RetryPolicy> {
  const out: { -readonly [K in keyof RetryPolicy]?: number } = {};
  for (const key of ['retries', 'minDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The wait before retry number `retryNumber` (1 for the first retry): exponential backoff with full
 * jitter, a random duration between 0 and `min(maxDelayMs, minDelayMs * 2^(retryNumber - 1))`, so
 * that clients failing together do not come back together.
 */
export function backoffDelay(
  retryNumber: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retryNumber - 1));
  return Math.round(random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
