import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { FileTokenStore } from '@bankkit/core';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { SpareBank1Client } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../support/consent.js';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 1: several processes share one FileTokenStore; the sandbox clock jumps past the
 * access token's life three times per trial while the clients keep real time, so every renewal is
 * triggered by a 401. Every call must succeed, and the bank must see exactly one refresh grant per
 * expiry across all processes. The phases wait for events (each caller's calls), never for time.
 * Token reads are slowed by up to 3 ms (a slow disk), which widens the race windows between a
 * read and another process's write enough for a bounded run to hit them.
 *
 * 30 trials in the suite. The soak: `BANKKIT_SOAK_TRIALS=200 pnpm exec vitest run --project reliability
 * shared-token-file` (after `pnpm build`: the worker processes run the built packages).
 */
const TRIALS = Number(process.env.BANKKIT_SOAK_TRIALS ?? 30);
const PROCESSES = 3;
const CALLERS = 4;
const CALLS_PER_PHASE = 1;
const EXPIRIES = 3;
const JUMP_MS = 11 * 60_000;
const WORKER = new URL('./support/shared-token-worker.mjs', import.meta.url);
const SPAREBANK1 = new URL('../../packages/sparebank1/dist/index.js', import.meta.url).href;
const CORE = new URL('../../packages/core/dist/index.js', import.meta.url).href;

interface Worker {
  child: ChildProcess;
  next(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  send(command: unknown): void;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, [WORKER.pathname, SPAREBANK1, CORE], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const queue: Record<string, unknown>[] = [];
  const waiters: {
    predicate: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    const waiter = waiters.findIndex((w) => w.predicate(message));
    if (waiter >= 0) waiters.splice(waiter, 1)[0]?.resolve(message);
    else queue.push(message);
  });
  return {
    child,
    send: (command) => child.stdin?.write(`${JSON.stringify(command)}\n`),
    next: (predicate) => {
      const queued = queue.findIndex(predicate);
      if (queued >= 0) return Promise.resolve(queue.splice(queued, 1)[0] as Record<string, unknown>);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
  };
}

let sandbox: Sandbox;
let workers: Worker[];
let folder: string;
const results: { ok: number; failed: number; grants: number; errors: string[] }[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ requestLogCapacity: 100_000, sparebank1: { autoApprove: false } });
  folder = await fs.mkdtemp(join(tmpdir(), 'bankkit-shared-tokens-'));
  workers = Array.from({ length: PROCESSES }, startWorker);
});

afterAll(async () => {
  for (const worker of workers ?? []) {
    worker.send({ exit: true });
    worker.child.kill();
  }
  await sandbox?.close();
  await fs.rm(folder, { recursive: true, force: true });
  const failedTrials = results.filter((r) => r.failed > 0 || r.grants !== EXPIRIES).length;
  const failedCalls = results.reduce((sum, r) => sum + r.failed, 0);
  const grants = results.map((r) => r.grants);
  printSummary(
    `reliability shared-token-file: trials=${results.length} processes=${PROCESSES} callers=${CALLERS} expiries/trial=${EXPIRIES} ` +
      `calls=${results.reduce((sum, r) => sum + r.ok + r.failed, 0)} failed-trials=${failedTrials} failed-calls=${failedCalls} refresh-grants min=${Math.min(...grants)} max=${Math.max(...grants)} ` +
      `(expected ${EXPIRIES})${results.find((r) => r.errors.length > 0)?.errors[0] ? ` first-error="${results.find((r) => r.errors.length > 0)?.errors[0]}"` : ''}`,
  );
});

/** Logs in through the consent page, storing the tokens in a fresh token file. */
async function login(path: string): Promise<void> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri: redirectUris[0] as string,
    baseUrl,
    authBaseUrl,
    tokenStore: new FileTokenStore(path),
  });
  const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
  await client.handleCallback(await approveConsent(url), { expectedState: state });
}

async function phase(number: number): Promise<void> {
  for (const worker of workers) worker.send({ phase: number });
  await Promise.all(workers.map((worker) => worker.next((m) => m.phaseDone === number)));
}

describe(`${PROCESSES} processes x ${CALLERS} callers on one token file, 401-driven renewals`, () => {
  it(`${TRIALS} trials of ${EXPIRIES} expiries: no failed call, one refresh grant per expiry`, async () => {
    const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
    for (let trial = 0; trial < TRIALS; trial++) {
      const path = join(folder, `tokens-${trial}.json`);
      await login(path);
      sandbox.requests.clear();
      const config = { baseUrl, authBaseUrl, clientId, clientSecret, redirectUri: redirectUris[0], path };
      for (const worker of workers) {
        worker.send({
          start: { ...config, callers: CALLERS, callsPerPhase: CALLS_PER_PHASE, slowReads: true },
        });
        await worker.next((m) => m.started === true);
      }
      await phase(0);
      for (let expiry = 1; expiry <= EXPIRIES; expiry++) {
        sandbox.clock.advance(JUMP_MS);
        await phase(expiry);
      }
      for (const worker of workers) worker.send({ stop: true });
      const tallies = (
        await Promise.all(workers.map((worker) => worker.next((m) => m.tally !== undefined)))
      ).map((m) => m.tally as { ok: number; failed: number; errors: string[] });
      const grants = sandbox.requests.count({ method: 'POST', path: '/oauth/token' });
      results.push({
        ok: tallies.reduce((sum, t) => sum + t.ok, 0),
        failed: tallies.reduce((sum, t) => sum + t.failed, 0),
        grants,
        errors: tallies.flatMap((t) => t.errors),
      });
    }
    expect(results.filter((r) => r.failed > 0).map((r) => r.errors)).toEqual([]);
    expect(results.map((r) => r.grants)).toEqual(results.map(() => EXPIRIES));
  });
});
