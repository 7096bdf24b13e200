// Child entry: reads every Bridge transaction of the demo user through `BridgeProvider`, either into
// memory (`fetchAll()`) or into a SqliteLedger file (`syncProvider`, a first or a later sync), in a
// fresh process, and prints one JSON line: time, peak RSS growth over the process's baseline, rows.
import { BridgeProvider } from '@bankkit/bridge';
import { syncProvider } from '@bankkit/core';
import { SqliteLedger } from '@bankkit/ledger';
import { bridgeUserClient } from '../lib/bridge-setup.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';

/** What the parent passes in argv[2]. */
export interface SyncMemoryInput {
  info: SandboxInfo;
  form: 'fetchAll' | 'sync';
  /** The ledger file (`sync`): a new one for a first sync, the same one for a later sync. */
  ledgerPath?: string;
}

/** What this probe prints. */
export interface SyncMemoryOutput {
  form: 'fetchAll' | 'sync';
  /** Rows listed (`fetchAll`) or added + modified + removed (`sync`). */
  rows: number;
  /** Rows in the ledger afterwards (`sync`). */
  ledgerRows?: number;
  batches?: number;
  peakGrowthMB: number;
  ms: number;
}

const MB = 2 ** 20;
const input = JSON.parse(process.argv[2] ?? '{}') as SyncMemoryInput;
const provider = new BridgeProvider(bridgeUserClient(input.info));

// Authenticate and open the ledger first, so modules, JIT and connections are in the baseline.
await provider.listAccounts();
const ledger = input.form === 'sync' ? new SqliteLedger(input.ledgerPath ?? ':memory:') : undefined;

const baselineRss = process.memoryUsage().rss;
const baselineMaxRss = process.resourceUsage().maxRSS * 1024;
let sampledPeak = baselineRss;
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  if (rss > sampledPeak) sampledPeak = rss;
}, 1);

const started = performance.now();
let rows = 0;
let batches: number | undefined;
let held: unknown[] | undefined;
if (ledger) {
  const summary = await syncProvider(provider, ledger);
  rows = summary.added + summary.modified + summary.removed;
  batches = summary.batches;
} else {
  held = await (await provider.listTransactions()).fetchAll();
  rows = held.length;
}
const ms = performance.now() - started;
clearInterval(sampler);
const finalRss = process.memoryUsage().rss;
if (finalRss > sampledPeak) sampledPeak = finalRss;
const maxRss = process.resourceUsage().maxRSS * 1024;
const sampledGrowthMB = (sampledPeak - baselineRss) / MB;
const maxRssGrowthMB = maxRss > baselineMaxRss ? (maxRss - baselineRss) / MB : 0;
const ledgerRows = ledger ? (await ledger.listTransactions()).length : undefined;
ledger?.close();
if (held !== undefined && held.length !== rows) throw new Error('fetchAll result changed');

const output: SyncMemoryOutput = {
  form: input.form,
  rows,
  ...(ledgerRows !== undefined ? { ledgerRows } : {}),
  ...(batches !== undefined ? { batches } : {}),
  peakGrowthMB: Math.max(sampledGrowthMB, maxRssGrowthMB),
  ms,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
