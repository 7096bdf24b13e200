import { SeededRandom } from './random.js';

/** The providers the sandbox emulates. */
export type ProviderName = 'bridge' | 'sparebank1';

/**
 * What a fault does to a matching request.
 *
 * - `status`: answers `status` (default 500; 502 and 503 are typical) with the provider's error body
 *   (or `body`) without running the handler.
 * - `rate-limit`: answers 429 with the provider's error body and, when `retryAfterSeconds` is set, a
 *   `Retry-After` header. The handler does not run.
 * - `latency`: waits `latencyMs` (default 500), then serves the request normally.
 * - `reset`: destroys the connection before any response byte; the handler does not run.
 * - `truncate`: runs the handler, sends its status and headers with the full `Content-Length`, writes
 *   only part of the body, then destroys the connection (a cut connection).
 * - `invalid-json`: answers 200 `application/json` with a body that is not valid JSON. The handler does
 *   not run.
 * - `html`: answers an HTML error page (`text/html`, default status 502), as a proxy would.
 * - `fail-after-apply`: runs the handler (the operation is applied), then answers 500 with the
 *   provider's error body, or resets the connection when `reset` is true: the outcome-unknown case.
 */
export type FaultKind =
  | 'status'
  | 'rate-limit'
  | 'latency'
  | 'reset'
  | 'truncate'
  | 'invalid-json'
  | 'html'
  | 'fail-after-apply';

/** Every fault kind, in a stable order. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'latency',
  'reset',
  'truncate',
  'invalid-json',
  'html',
  'fail-after-apply',
];

/**
 * One fault rule. A request is a candidate when it matches `provider`, `method` and `path` (all
 * optional: an empty rule matches everything). A candidate is hit when it is the `everyNth` candidate
 * (if set), the seeded draw falls under `probability` (if set) and fewer than `times` injections were
 * made (if set). The first rule, in order, that hits decides the request.
 */
export interface FaultRule {
  /** Only requests to this provider's servers. */
  provider?: ProviderName;
  /** Only these HTTP methods (case-insensitive). */
  method?: string | readonly string[];
  /**
   * Only these paths: a string is compared with the pathname exactly, or as a prefix when it ends
   * with `*` (`/v2/transactions*`); a RegExp is searched in the pathname.
   */
  path?: string | RegExp;
  /** What to inject. */
  kind: FaultKind;
  /** Chance in [0, 1] that a candidate is hit, from the seeded fault generator. Default 1. */
  probability?: number;
  /** Hit only every n-th candidate (the n-th, 2n-th, ...). */
  everyNth?: number;
  /** Stop after this many injections. */
  times?: number;
  /** HTTP status for `status` (default 500), `html` (default 502) and `invalid-json` (default 200). */
  status?: number;
  /** `rate-limit` only: value of the `Retry-After` header, in seconds. */
  retryAfterSeconds?: number;
  /** `latency` only: the delay in ms (default 500). */
  latencyMs?: number;
  /** Replaces the generated body of `status`, `rate-limit`, `html`, `invalid-json`, `fail-after-apply`. */
  body?: string;
  /** Provider error code used in the error body (Bridge `type`, SpareBank 1 `code`). */
  code?: string;
  /** `fail-after-apply` only: reset the connection instead of answering 500. */
  reset?: boolean;
}

/** How many faults were injected, in total and per kind. */
export interface FaultStats {
  /** All injections since the last `clear()`. */
  total: number;
  /** Injections per kind. */
  byKind: Record<FaultKind, number>;
}

/** The request facts a fault rule is matched against. */
export interface FaultCandidate {
  provider: ProviderName;
  method: string;
  pathname: string;
}

/** The fault controls handed to tests: `faults.set(rules)`, `faults.clear()`, `faults.stats()`. */
export interface FaultControls {
  /** Replaces the active rules. Also restarts the seeded fault draws and the per-rule counters. */
  set(rules: FaultRule | readonly FaultRule[]): void;
  /** Removes every rule and zeroes the statistics. */
  clear(): void;
  /** Injection counters since the last `clear()`. */
  stats(): FaultStats;
  /** The active rules, in order. */
  rules(): readonly FaultRule[];
}

interface ActiveRule {
  rule: FaultRule;
  methods: ReadonlySet<string> | undefined;
  candidates: number;
  injections: number;
}

function zeroCounts(): Record<FaultKind, number> {
  const counts = {} as Record<FaultKind, number>;
  for (const kind of FAULT_KINDS) counts[kind] = 0;
  return counts;
}

function checkRule(rule: FaultRule, index: number): void {
  const where = `Sandbox faults: rule ${index}`;
  if (!FAULT_KINDS.includes(rule.kind)) {
    throw new TypeError(
      `${where}: unknown kind ${String(rule.kind)} (expected one of ${FAULT_KINDS.join(', ')}).`,
    );
  }
  if (rule.provider !== undefined && rule.provider !== 'bridge' && rule.provider !== 'sparebank1') {
    throw new TypeError(`${where}: provider must be 'bridge' or 'sparebank1'.`);
  }
  const { probability, everyNth, times, status, latencyMs, retryAfterSeconds } = rule;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`${where}: probability must be within [0, 1].`);
  }
  for (const [name, value] of [
    ['everyNth', everyNth],
    ['times', times],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`${where}: ${name} must be a positive integer.`);
    }
  }
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new RangeError(`${where}: status must be an HTTP status code.`);
  }
  for (const [name, value] of [
    ['latencyMs', latencyMs],
    ['retryAfterSeconds', retryAfterSeconds],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${where}: ${name} must be a non-negative number.`);
    }
  }
}

function pathMatches(pattern: string | RegExp | undefined, pathname: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern !== 'string') return pathname.search(pattern) !== -1;
  return pattern.endsWith('*') ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern;
}

/**
 * Holds the fault rules and decides, deterministically for a given seed and request sequence, which
 * request gets which fault.
 */
export class FaultInjector implements FaultControls {
  readonly #seed: number;
  #random: SeededRandom;
  #active: ActiveRule[] = [];
  #total = 0;
  #byKind = zeroCounts();

  /** @param seed - Seed of the fault generator (separate from the data generators). */
  constructor(seed: number) {
    this.#seed = seed;
    this.#random = new SeededRandom(seed);
  }

  set(rules: FaultRule | readonly FaultRule[]): void {
    const list: readonly FaultRule[] = Array.isArray(rules) ? rules : [rules as FaultRule];
    list.forEach(checkRule);
    this.#active = list.map((rule) => ({
      rule: { ...rule },
      methods:
        rule.method === undefined
          ? undefined
          : new Set(
              (typeof rule.method === 'string' ? [rule.method] : rule.method).map((m) => m.toUpperCase()),
            ),
      candidates: 0,
      injections: 0,
    }));
    this.#random = new SeededRandom(this.#seed);
  }

  clear(): void {
    this.#active = [];
    this.#total = 0;
    this.#byKind = zeroCounts();
    this.#random = new SeededRandom(this.#seed);
  }

  stats(): FaultStats {
    return { total: this.#total, byKind: { ...this.#byKind } };
  }

  rules(): readonly FaultRule[] {
    return this.#active.map((active) => ({ ...active.rule }));
  }

  /** Picks the fault for one request (and counts it), or `undefined` to serve it normally. */
  decide(request: FaultCandidate): FaultRule | undefined {
    for (const active of this.#active) {
      const { rule } = active;
      if (rule.provider !== undefined && rule.provider !== request.provider) continue;
      if (active.methods !== undefined && !active.methods.has(request.method.toUpperCase())) continue;
      if (!pathMatches(rule.path, request.pathname)) continue;
      active.candidates++;
      if (rule.times !== undefined && active.injections >= rule.times) continue;
      if (rule.everyNth !== undefined && active.candidates % rule.everyNth !== 0) continue;
      if (
        rule.probability !== undefined &&
        rule.probability < 1 &&
        !(this.#random.next() < rule.probability)
      ) {
        continue;
      }
      active.injections++;
      this.#total++;
      this.#byKind[rule.kind]++;
      return rule;
    }
    return undefined;
  }
}
