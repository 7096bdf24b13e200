import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, type ResultRow } from '../lib/report.ts';
import { median, ratioFigure } from '../lib/stats.ts';

const ROUNDS = 11;
const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Wall time of one run of `node ...args`, in ms (exit code 0 required). */
async function timed(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', cwd: BENCH_DIR, env });
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
  return ms;
}

/**
 * Start-up, in fresh processes, round by round against `node -e 0` in the same round: `bankkit
 * --help`, `bankkit accounts --sandbox` (an embedded sandbox, an empty configuration), and importing
 * `@bankkit/bridge` and `@bankkit/sparebank1`.
 */
export async function startup(): Promise<ResultRow[]> {
  const home = await mkdtemp(join(tmpdir(), 'bankkit-bench-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, BANKKIT_CONFIG_DIR: home };
  const cases = {
    bare: ['-e', '0'],
    help: [BIN, '--help'],
    accounts: [BIN, 'accounts', '--sandbox'],
    bridge: ['--input-type=module', '-e', "await import('@bankkit/bridge')"],
    sparebank1: ['--input-type=module', '-e', "await import('@bankkit/sparebank1')"],
  } as const;
  type Name = keyof typeof cases;
  const names = Object.keys(cases) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  try {
    for (const name of names) await timed(cases[name], env); // warm the file cache
    for (let round = 0; round < ROUNDS; round++) {
      for (let step = 0; step < names.length; step++) {
        const name = names[(round + step) % names.length] as Name;
        times[name].push(await timed(cases[name], env));
      }
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  const bare = times.bare;
  const against = (name: Name) => ratioFigure(times[name].map((ms, i) => ms / (bare[i] ?? Number.NaN)));
  const help = against('help');
  const section = '1. Start-up';
  const bareMs = median(bare);
  const rows: ResultRow[] = [
    {
      section,
      name: '`bankkit --help`, wall time',
      baselineLabel: 'node -e 0',
      baseline: bareMs,
      value: median(times.help),
      unit: 'ms',
      ratio: help.median,
      wall: help,
      target: 'wall ratio <= 1.5',
      ...decide(help, 1.5),
      details: { samples: times.help, bareSamples: bare },
    },
    {
      section,
      name: '`bankkit accounts --sandbox` (embedded sandbox), wall time',
      baselineLabel: 'node -e 0',
      baseline: bareMs,
      value: median(times.accounts),
      unit: 'ms',
      ratio: against('accounts').median,
      wall: against('accounts'),
      target: '< 400 ms',
      pass: median(times.accounts) < 400,
      details: { samples: times.accounts },
    },
  ];
  for (const name of ['bridge', 'sparebank1'] as const) {
    const addedMs = median(times[name].map((ms, i) => ms - (bare[i] ?? Number.NaN)));
    rows.push({
      section,
      name: `import('@bankkit/${name}'): time over bare node`,
      baselineLabel: 'the issue: about 170 ms',
      baseline: 170,
      value: addedMs,
      unit: 'ms',
      target: '<= 85 ms (halved; the 170 ms is from another machine and run)',
      pass: addedMs <= 85,
      details: { samples: times[name], bareSamples: bare },
    });
  }
  return rows;
}
