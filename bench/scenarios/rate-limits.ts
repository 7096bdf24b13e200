import type { BridgeRateLimits } from '@bankkit/bridge';
import { bridgeUserClient } from '../lib/bridge-setup.ts';
import type { ResultRow } from '../lib/report.ts';
import type { SandboxProcess } from '../lib/sandbox-process.ts';

/**
 * Bridge's windows divided by this, in the sandbox and in the client alike, so the run takes seconds,
 * not minutes; `--realtime` keeps the real windows (three minutes).
 */
export const RATE_LIMIT_SCALE = process.argv.includes('--realtime') ? 1 : 20;
const LIMIT = 500;
const TARGET = 1.05;

/** Bridge's documented limits (60 / user / min, 10 tokens / user / min, 2,000 / app / 5 min), windows scaled. */
export const SCALED_BRIDGE_LIMITS: BridgeRateLimits = {
  perApp: { limit: 2000, windowMs: 300_000 / RATE_LIMIT_SCALE },
  perUser: { limit: 60, windowMs: 60_000 / RATE_LIMIT_SCALE },
  tokenPerUser: { limit: 10, windowMs: 60_000 / RATE_LIMIT_SCALE },
};

/** The sandbox's `rateLimits` for the same scaled limits. */
export const SCALED_SANDBOX_LIMITS = {
  perApp: { limit: 2000, windowSeconds: 300 / RATE_LIMIT_SCALE },
  perUser: { limit: 60, windowSeconds: 60 / RATE_LIMIT_SCALE },
  authenticate: { limit: 10, windowSeconds: 60 / RATE_LIMIT_SCALE },
};

/**
 * `fetchAll()` of a whole Bridge history (one request per 500-item page) from a sandbox that
 * enforces the limits, with the client's pacer on: how many 429s, and how long against the
 * theoretical minimum. The per-user window binds: `n` page requests need at least
 * `floor((n - 1) / 60)` full windows before the last one may go.
 */
export async function rateLimitedHistory(sandbox: SandboxProcess, expected: number): Promise<ResultRow[]> {
  const pages = Math.ceil(expected / LIMIT);
  const { perUser } = SCALED_BRIDGE_LIMITS;
  const minimumMs = Math.floor((pages - 1) / perUser.limit) * perUser.windowMs;
  let waits = 0;
  const client = bridgeUserClient(sandbox.info, {
    retry: false,
    pacing: { limits: SCALED_BRIDGE_LIMITS, onWait: () => waits++ },
  });
  const before = await sandbox.countRequests({ status: 429 });
  const started = performance.now();
  const items = await (await client.listTransactions({ limit: LIMIT })).fetchAll();
  const elapsedMs = performance.now() - started;
  const refused = (await sandbox.countRequests({ status: 429 })) - before;
  if (items.length !== expected)
    throw new Error(`the paced listing got ${items.length} items, not ${expected}`);
  const windows = Math.floor((pages - 1) / perUser.limit);
  // What the run lost beyond the windows it had to wait out: authentication, the pages after the
  // last window, the wake-up after each wait. None of it grows with the window, so the real-time
  // figure is the real windows plus the same loss.
  const lossMs = elapsedMs - minimumMs;
  const realMinimumMs = minimumMs * RATE_LIMIT_SCALE;
  const realRatio = (realMinimumMs + lossMs) / realMinimumMs;
  return [
    {
      section: '5. Rate limits',
      name: `fetchAll() of ${expected.toLocaleString('en-US')} Bridge transactions (${pages} pages) from a sandbox enforcing the limits, windows scaled 1/${RATE_LIMIT_SCALE}: 429 responses`,
      baselineLabel: 'allowed',
      baseline: 0,
      value: refused,
      unit: 'responses',
      target: '0',
      pass: refused === 0,
      details: { waits },
    },
    {
      section: '5. Rate limits',
      name: `the same listing, scaled: time against ${windows} windows of ${perUser.windowMs / 1000} s (60 requests per user each)`,
      baselineLabel: 'scaled minimum',
      baseline: minimumMs,
      value: elapsedMs,
      unit: 'ms',
      ratio: elapsedMs / minimumMs,
      details: { pages, scale: RATE_LIMIT_SCALE, lossMs, waits },
    },
    {
      section: '5. Rate limits',
      name: `the same listing in real time: ${windows} windows of 60 s plus the ${Math.round(lossMs)} ms the scaled run lost beyond its windows`,
      baselineLabel: 'theoretical minimum',
      baseline: realMinimumMs,
      value: realMinimumMs + lossMs,
      unit: 'ms',
      ratio: realRatio,
      target: `ratio <= ${TARGET}`,
      pass: refused === 0 && realRatio <= TARGET,
      details: { derivedFrom: 'the scaled run above', lossMs },
    },
  ];
}
