/** Outcome of counting one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Sliding-window limiter: at most `limit` requests per `windowMs` per key (the OAuth client). The
 * community reports 60 calls per hour for personal clients; the real scope is unknown.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request at `nowMs` unless it is over the limit. */
  hit(key: string, nowMs: number): RateDecision {
    const windowStart = nowMs - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > windowStart);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const oldest = recent[0] ?? nowMs;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest - windowStart) / 1000)) };
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  /** Forgets every counted request. */
  reset(): void {
    this.hits.clear();
  }
}
