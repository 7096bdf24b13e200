import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onCpu, SANDBOX_CPU } from '../lib/affinity.ts';
import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { processCpuMs } from '../lib/process-cpu.ts';
import { decide, type ResultRow } from '../lib/report.ts';
import type { SandboxProcess } from '../lib/sandbox-process.ts';
import { median, ratioFigure, withConcurrency } from '../lib/stats.ts';

const CONCURRENCY = 16;
const REQUESTS = 2000;
const ROUNDS = 9;
/** 0.7 x the bare server's throughput: at most 1 / 0.7 of its CPU time per request. */
const TARGET = 0.7;

/** Starts `bench/bare-server.ts` on the sandbox's CPU, answering every request with `reply`. */
async function startBareServer(reply: { status: number; headers: Record<string, string>; body: string }) {
  const entry = fileURLToPath(new URL('../bare-server.ts', import.meta.url));
  const [command, args] = onCpu(SANDBOX_CPU, process.execPath, [entry, JSON.stringify(reply)]);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    pid: child.pid ?? -1,
    stop: async () => {
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * The sandbox's cost per request for `GET /v2/accounts/{id}` at concurrency 16, against a bare
 * `node:http` server (same CPU, same headers and body) answering the same request. The headline is
 * each server process's own CPU time per request (from `/proc`), round by round: at saturation,
 * throughput is its inverse, and unlike requests per second it does not move with what else the
 * machine runs. Requests per second are given too.
 */
export async function sandboxThroughput(sandbox: SandboxProcess): Promise<ResultRow[]> {
  const { info } = sandbox;
  const client = bridgeUserClient(info);
  const account = (await client.listAccounts()).resources[0];
  if (!account) throw new Error('the demo user has no account');
  const recorded = await recordCall(info, (user) => user.getAccount(account.id));
  const sample = await fetch(recorded.url, { headers: recorded.headers });
  const body = await sample.text();
  const headers: Record<string, string> = {};
  sample.headers.forEach((value, name) => {
    if (!['content-length', 'date', 'connection', 'keep-alive'].includes(name)) headers[name] = value;
  });
  const bare = await startBareServer({ status: sample.status, headers, body });
  try {
    const servers = [
      { url: bare.url + new URL(recorded.url).pathname, pid: bare.pid },
      { url: recorded.url, pid: sandbox.pid },
    ];
    const round = async ({ url, pid }: { url: string; pid: number }) => {
      const cpuBefore = processCpuMs(pid);
      const started = performance.now();
      await withConcurrency(REQUESTS, CONCURRENCY, async () => {
        const response = await fetch(url, { headers: recorded.headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
      });
      const ms = performance.now() - started;
      const cpuAfter = processCpuMs(pid);
      return {
        ms,
        cpuMs: cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore,
      };
    };
    for (const server of servers) await round(server); // warm-up
    const wall: number[][] = [[], []];
    const cpu: number[][] = [[], []];
    for (let i = 0; i < ROUNDS; i++) {
      for (const index of i % 2 === 0 ? [0, 1] : [1, 0]) {
        const { ms, cpuMs } = await round(servers[index] as (typeof servers)[number]);
        wall[index]?.push(ms);
        cpu[index]?.push(cpuMs);
      }
    }
    const [bareWall = [], sandboxWall = []] = wall;
    const [bareCpu = [], sandboxCpu = []] = cpu;
    const cpuFigure = ratioFigure(sandboxCpu.map((ms, i) => ms / (bareCpu[i] ?? Number.NaN)));
    const wallFigure = ratioFigure(sandboxWall.map((ms, i) => ms / (bareWall[i] ?? Number.NaN)));
    const limit = Math.round((1 / TARGET) * 1000) / 1000;
    return [
      {
        section: '7. Sandbox',
        name: `GET /v2/accounts/{id} at concurrency ${CONCURRENCY}: server CPU per request, sandbox / bare node:http`,
        baselineLabel: 'bare node:http, same body',
        baseline: (median(bareCpu) / REQUESTS) * 1000,
        value: (median(sandboxCpu) / REQUESTS) * 1000,
        unit: 'µs/request',
        ratio: wallFigure.median,
        cpuRatio: cpuFigure.median,
        cpu: cpuFigure,
        wall: wallFigure,
        target: `CPU ratio <= ${limit} (throughput >= ${TARGET} x bare)`,
        ...decide(cpuFigure, limit),
        details: {
          requestsPerRound: REQUESTS,
          concurrency: CONCURRENCY,
          bodyBytes: Buffer.byteLength(body),
          bareRequestsPerSecond: REQUESTS / (median(bareWall) / 1000),
          sandboxRequestsPerSecond: REQUESTS / (median(sandboxWall) / 1000),
          bareCpuMs: bareCpu,
          sandboxCpuMs: sandboxCpu,
        },
      },
    ];
  } finally {
    await bare.stop();
  }
}
