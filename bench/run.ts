// `pnpm bench`: every benchmark against the sandbox on loopback (in its own process), one table,
// and bench/results.json. `node bench/run.ts paging tokens` runs only the named scenarios and
// writes nothing.
import { CLIENT_CPU, pinProcess } from './lib/affinity.ts';
import { machineInfo } from './lib/machine.ts';
import { printTable, type ResultRow, writeResults } from './lib/report.ts';
import { type SandboxProcess, startSandboxProcess } from './lib/sandbox-process.ts';
import { callOverhead } from './scenarios/call-overhead.ts';
import { paging } from './scenarios/paging.ts';
import { pagingMemory } from './scenarios/paging-memory.ts';
import { spareBank1Mapping } from './scenarios/sparebank1-mapping.ts';
import { sharedStores } from './scenarios/stores.ts';
import { sync } from './scenarios/sync.ts';
import { tokenRenewal } from './scenarios/token-renewal.ts';

const BRIDGE_TRANSACTIONS = 100_000;
const SMALL_BRIDGE_TRANSACTIONS = 10_000;
const SPAREBANK1_TRANSACTIONS = 10_000;

// The client on one CPU, the sandbox on the other: neither steals the other's cycles, and neither
// side of a comparison gets both CPUs for its parse or its GC.
const pinned = pinProcess(process.pid, CLIENT_CPU);
const started = performance.now();
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

const [main, small] = await Promise.all([
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
  wanted('memory')
    ? startSandboxProcess({
        seed: 2,
        bridge: { transactionsPerUser: SMALL_BRIDGE_TRANSACTIONS },
        requestLogCapacity: 1000,
      })
    : undefined,
]);
const sandboxes: SandboxProcess[] = small ? [main, small] : [main];

const scenarios: { name: string; run: () => Promise<ResultRow[]> }[] = [
  { name: 'calls', run: () => callOverhead(main.info) },
  { name: 'paging', run: () => paging(main.info, BRIDGE_TRANSACTIONS) },
  {
    name: 'memory',
    run: () =>
      pagingMemory([
        ...(small ? [{ info: small.info, size: SMALL_BRIDGE_TRANSACTIONS }] : []),
        { info: main.info, size: BRIDGE_TRANSACTIONS },
      ]),
  },
  { name: 'sparebank1', run: () => spareBank1Mapping(main.info, SPAREBANK1_TRANSACTIONS) },
  // After the listings that expect the seeded rows: it changes 100 of them.
  { name: 'sync', run: () => sync(main, BRIDGE_TRANSACTIONS) },
  // Redis and PostgreSQL against the file store and SQLite (servers started by the scenario).
  { name: 'stores', run: () => sharedStores(main) },
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

console.log();
printTable(rows);
const durationSeconds = Math.round((performance.now() - started) / 100) / 10;
console.log(
  `\n${rows.filter((row) => row.pass === false).length} target(s) missed; ${durationSeconds} s in all.`,
);
if (only.length === 0) {
  await writeResults(new URL('./results.json', import.meta.url), {
    machine: { ...machineInfo(), pinning: pinned ? 'client on CPU 0, sandbox on CPU 1 (taskset)' : 'none' },
    durationSeconds,
    rows,
  });
  console.log('Wrote bench/results.json.');
}
