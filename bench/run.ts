// `pnpm bench`: every benchmark against the sandbox on loopback (in its own process), one table,
// and bench/results.json. `node bench/run.ts paging tokens` runs only the named scenarios and
// writes nothing.

import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLIENT_CPU, pinProcess } from './lib/affinity.ts';
import { machineInfo } from './lib/machine.ts';
import { writePerformanceDoc } from './lib/performance-doc.ts';
import { outcome, printTable, type ResultRow, type Results, writeResults } from './lib/report.ts';
import { type SandboxProcess, startSandboxProcess } from './lib/sandbox-process.ts';
import { callOverhead } from './scenarios/call-overhead.ts';
import { paging } from './scenarios/paging.ts';
import { pagingMemory } from './scenarios/paging-memory.ts';
import { peers } from './scenarios/peers.ts';
import { rateLimitedHistory, SCALED_SANDBOX_LIMITS } from './scenarios/rate-limits.ts';
import { sandboxThroughput } from './scenarios/sandbox-throughput.ts';
import { spareBank1Mapping } from './scenarios/sparebank1-mapping.ts';
import { startup } from './scenarios/startup.ts';
import { tokenRenewal } from './scenarios/token-renewal.ts';

const BRIDGE_TRANSACTIONS = 100_000;
const SPAREBANK1_TRANSACTIONS = 10_000;

// The client on one CPU, the sandbox on the other: neither steals the other's cycles, and neither
// side of a comparison gets both CPUs for its parse or its GC.
const RESULTS = new URL('./results.json', import.meta.url);
const PAGE = new URL('../docs/performance.md', import.meta.url);
const NOTES = new URL('./performance-notes.md', import.meta.url);

/** Writes docs/performance.md from a run's results and the notes, laid out by the repository's formatter. */
async function writePage(results: Results): Promise<void> {
  await writePerformanceDoc(PAGE, NOTES, results);
  const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
  spawnSync(biome, ['format', '--write', fileURLToPath(PAGE)], { stdio: 'ignore' });
}

// `--render`: the page again from the last run's results.json (after the notes changed), measuring nothing.
if (process.argv.includes('--render')) {
  await writePage(JSON.parse(await readFile(RESULTS, 'utf8')) as Results);
  console.log('Wrote docs/performance.md from bench/results.json.');
  process.exit(0);
}

const pinned = pinProcess(process.pid, CLIENT_CPU);
const started = performance.now();
const options = process.argv.slice(2).filter((arg) => arg.startsWith('--') && arg !== '--');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
// How busy the machine is: sampled through the run, printed and written with the figures.
const loadSamples: number[] = [loadavg()[0] ?? 0];
const loadSampler = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 2000);
loadSampler.unref();
const wanted = (name: string) => only.length === 0 || only.includes(name);

const [main, limited] = await Promise.all([
  startSandboxProcess({
    seed: 1,
    bridge: { transactionsPerUser: BRIDGE_TRANSACTIONS },
    // Thousands of requests per scenario: a short log keeps the server's heap (and its GC) small.
    requestLogCapacity: 1000,
    sparebank1: {
      autoApprove: true,
      accounts: ['checking'],
      transactionsPerAccount: SPAREBANK1_TRANSACTIONS,
    },
  }),
  wanted('ratelimits')
    ? startSandboxProcess({
        seed: 3,
        rateLimits: true,
        bridge: { transactionsPerUser: BRIDGE_TRANSACTIONS, rateLimits: SCALED_SANDBOX_LIMITS },
        requestLogCapacity: 1000,
      })
    : undefined,
]);
const sandboxes = [main, limited].filter((sandbox): sandbox is SandboxProcess => sandbox !== undefined);
/** Streaming memory at 1k, 10k and 100k items; 1M too with `--1m` (minutes, and a large sandbox). */
const MEMORY_SIZES = [1_000, 10_000, 100_000, ...(options.includes('--1m') ? [1_000_000] : [])];

const scenarios: { name: string; run: () => Promise<ResultRow[]> }[] = [
  { name: 'startup', run: () => startup() },
  { name: 'calls', run: () => callOverhead(main.info) },
  { name: 'peers', run: () => peers(main.info) },
  { name: 'sandbox', run: () => sandboxThroughput(main) },
  { name: 'paging', run: () => paging(main.info, BRIDGE_TRANSACTIONS) },
  { name: 'memory', run: () => pagingMemory(MEMORY_SIZES) },
  { name: 'sparebank1', run: () => spareBank1Mapping(main.info, SPAREBANK1_TRANSACTIONS) },
  {
    name: 'ratelimits',
    run: () => {
      if (!limited) throw new Error('no rate-limited sandbox');
      return rateLimitedHistory(limited, BRIDGE_TRANSACTIONS);
    },
  },
  // Last: it moves the sandbox clock.
  { name: 'tokens', run: () => tokenRenewal(main) },
];

const rows: ResultRow[] = [];
try {
  for (const scenario of scenarios) {
    if (!wanted(scenario.name)) continue;
    const scenarioStarted = performance.now();
    rows.push(...(await scenario.run()));
    console.log(`${scenario.name}: ${((performance.now() - scenarioStarted) / 1000).toFixed(1)} s`);
  }
} finally {
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
}

clearInterval(loadSampler);
loadSamples.push(loadavg()[0] ?? 0);
const sortedLoad = [...loadSamples].sort((a, b) => a - b);
const load = {
  samples: loadSamples.map((value) => Math.round(value * 100) / 100),
  min: sortedLoad[0] ?? 0,
  max: sortedLoad.at(-1) ?? 0,
  median: sortedLoad[sortedLoad.length >> 1] ?? 0,
};

console.log();
printTable(rows);
const durationSeconds = Math.round((performance.now() - started) / 100) / 10;
const count = (result: string) => rows.filter((row) => outcome(row) === result).length;
console.log(
  `\nGoals: ${count('met')} met, ${count('NOT MET')} not met, ${rows.filter((row) => outcome(row).startsWith('undecided')).length} undecided; ${durationSeconds} s in all; load average ${load.min.toFixed(1)} to ${load.max.toFixed(1)}.`,
);
if (only.length === 0) {
  const results = {
    machine: { ...machineInfo(), pinning: pinned ? 'client on CPU 0, sandbox on CPU 1 (taskset)' : 'none' },
    load,
    durationSeconds,
    options,
    rows,
  };
  await writeResults(RESULTS, results);
  await writePage(results);
  console.log('Wrote bench/results.json and docs/performance.md.');
}
