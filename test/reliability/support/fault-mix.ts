import type { FaultRule, ProviderName, RequestLogView } from '@bankkit/sandbox';

/** Where the faults go: one provider's requests of one method on a path (exact, or a prefix ending in `*`). */
export interface FaultTarget {
  provider: ProviderName;
  method: string;
  path: string;
}

/**
 * The mix, as shares of all matching requests: 10% 5xx (500, 502 and 503 alike), 5% 429
 * with `Retry-After` (half 0 s, half 1 s, so waits stay short), 2% connection resets, 2% truncated
 * bodies. Every kind is retryable for a GET, so a request attempt fails with probability 0.19.
 */
const MIX: readonly { share: number; rule: Omit<FaultRule, 'probability'> }[] = [
  { share: 0.1 / 3, rule: { kind: 'status', status: 500 } },
  { share: 0.1 / 3, rule: { kind: 'status', status: 502 } },
  { share: 0.1 / 3, rule: { kind: 'status', status: 503 } },
  { share: 0.025, rule: { kind: 'rate-limit', retryAfterSeconds: 0 } },
  { share: 0.025, rule: { kind: 'rate-limit', retryAfterSeconds: 1 } },
  { share: 0.02, rule: { kind: 'reset' } },
  { share: 0.02, rule: { kind: 'truncate' } },
];

/** Chance that one attempt of a matching request is faulted. */
export const FAULT_PROBABILITY = MIX.reduce((sum, entry) => sum + entry.share, 0);

/**
 * The sandbox rules for the mix on `target`. The sandbox tries rules in order and the first hit
 * wins, so each rule's own probability is its share of what the rules before it left over.
 */
export function faultMix(target: FaultTarget): FaultRule[] {
  let left = 1;
  return MIX.map(({ share, rule }) => {
    const probability = share / left;
    left -= share;
    return { ...rule, ...target, probability };
  });
}

/** Faults injected on `target`, per kind, read from the request log. */
export interface FaultCounts {
  total: number;
  status5xx: number;
  byStatus: Record<500 | 502 | 503, number>;
  rateLimit: number;
  reset: number;
  truncate: number;
}

/** Counts what the sandbox injected on `target` (the request log records each fault with its status). */
export function countFaults(requests: RequestLogView, target: FaultTarget): FaultCounts {
  const where = { provider: target.provider, method: target.method, path: target.path };
  const status = (code: 500 | 502 | 503) => requests.count({ ...where, fault: 'status', status: code });
  const byStatus = { 500: status(500), 502: status(502), 503: status(503) };
  const counts = {
    status5xx: byStatus[500] + byStatus[502] + byStatus[503],
    byStatus,
    rateLimit: requests.count({ ...where, fault: 'rate-limit' }),
    reset: requests.count({ ...where, fault: 'reset' }),
    truncate: requests.count({ ...where, fault: 'truncate' }),
  };
  return { ...counts, total: counts.status5xx + counts.rateLimit + counts.reset + counts.truncate };
}

/** `faults=N (5xx=a [500=x 502=y 503=z], 429=b, reset=c, truncate=d)` for a summary line. */
export function describeFaults(counts: FaultCounts): string {
  const { byStatus } = counts;
  return (
    `faults=${counts.total} (5xx=${counts.status5xx} [500=${byStatus[500]} 502=${byStatus[502]} 503=${byStatus[503]}], ` +
    `429=${counts.rateLimit}, reset=${counts.reset}, truncate=${counts.truncate})`
  );
}
