import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore } from '@bankkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 2: a writer killed with SIGKILL at a random moment (while creating the lock, while
 * holding it, while writing the temp file) must not block the store: the next process takes the
 * lock over (here with staleLockMs at an hour, so only the owner check can free it), and no temp
 * file of the dead writer (they hold refresh tokens) survives the next open or write. Runs the
 * built core (`pnpm test` builds first) in the child, as a separate process must.
 */
const TRIALS = 30;
const KEY = 'sparebank1:crash-client';
const CORE = new URL('../../packages/core/dist/index.js', import.meta.url).href;
const HOUR = 3_600_000;

/** Writes and renews as fast as it can: set under the file lock, then the per-key lock, in a loop. */
const WRITER = `
const { FileTokenStore } = await import(${JSON.stringify(CORE)});
const store = new FileTokenStore(process.argv[1], { staleLockMs: ${HOUR} });
let round = 0;
for (;;) {
  round++;
  await store.set(${JSON.stringify(KEY)}, {
    accessToken: 'crash-access-' + round,
    refreshToken: 'crash-refresh-token-' + round,
    expiresAt: new Date(Date.now() + 600000),
  });
  const release = await store.lock(${JSON.stringify(KEY)});
  await release();
  if (round === 3) process.stdout.write('ready\\n');
}
`;

let folder: string;
const takeoverMs: number[] = [];
const seenAtKill = { lockFiles: 0, tempFiles: 0 };

beforeAll(async () => {
  folder = await fs.mkdtemp(join(tmpdir(), 'bankkit-crash-'));
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
  const sorted = [...takeoverMs].sort((a, b) => a - b);
  printSummary(
    `reliability crashed-writers: kills=${takeoverMs.length} left-lock-file=${seenAtKill.lockFiles} left-temp-files=${seenAtKill.tempFiles} ` +
      `takeover-ms median=${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} max=${sorted.at(-1)?.toFixed(0)}`,
  );
});

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function leftovers(dir: string): Promise<{ locks: string[]; temps: string[] }> {
  const entries = await fs.readdir(dir);
  return {
    locks: entries.filter((entry) => entry.endsWith('.lock')),
    temps: entries.filter((entry) => entry.endsWith('.tmp')),
  };
}

describe('a writer killed at a random moment', () => {
  it(`leaves nothing that blocks or leaks, over ${TRIALS} kills`, async () => {
    const path = join(folder, 'tokens.json');
    for (let trial = 0; trial < TRIALS; trial++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      // A random moment in its loop: a few event-loop turns to some milliseconds later.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
      child.kill('SIGKILL');
      await exited(child);
      const left = await leftovers(folder);
      if (left.locks.length > 0) seenAtKill.lockFiles++;
      if (left.temps.length > 0) seenAtKill.tempFiles++;

      const started = performance.now();
      const store = new FileTokenStore(path, { staleLockMs: HOUR, lockTimeoutMs: 30_000 });
      await store.get(KEY);
      expect((await leftovers(folder)).temps, 'temp files after the next open').toEqual([]);
      await store.set(KEY, {
        accessToken: `after-crash-${trial}`,
        refreshToken: `after-crash-refresh-${trial}`,
        expiresAt: new Date(Date.now() + 600_000),
      });
      const release = await store.lock(KEY);
      await release();
      takeoverMs.push(performance.now() - started);
      expect(await leftovers(folder)).toEqual({ locks: [], temps: [] });
      expect((await store.get(KEY))?.accessToken).toBe(`after-crash-${trial}`);
    }
  });

  it('a lock file without an owner (an older version killed mid-create) is taken over, not waited on for staleLockMs', async () => {
    const path = join(folder, 'ownerless.json');
    await fs.writeFile(`${path}.lock`, '');
    const old = new Date(Date.now() - 2_000);
    await fs.utimes(`${path}.lock`, old, old);
    const store = new FileTokenStore(path, { staleLockMs: HOUR, lockTimeoutMs: 30_000 });
    await store.set(KEY, { accessToken: 'ownerless-ok', expiresAt: new Date(Date.now() + 600_000) });
    expect((await leftovers(folder)).locks).toEqual([]);
  });

  it("a temp file of a dead writer in the old naming is removed on open; this process's own are kept", async () => {
    const path = join(folder, 'orphans.json');
    const dead = spawn(process.execPath, ['-e', '']);
    await exited(dead);
    const deadPid = dead.pid ?? 999_999;
    const orphan = join(folder, `.orphans.json.${deadPid}.0b0a5c8e-8d2e-4f1f-9a51-3c1e5b0c2d11.tmp`);
    const mine = join(folder, `.orphans.json.${process.pid}.1b0a5c8e-8d2e-4f1f-9a51-3c1e5b0c2d11.tmp`);
    await fs.writeFile(orphan, '{"refreshToken":"left-behind-refresh-token"}', { mode: 0o600 });
    await fs.writeFile(mine, '{}', { mode: 0o600 });
    await new FileTokenStore(path).get(KEY);
    const temps = (await leftovers(folder)).temps;
    expect(temps).not.toContain(orphan.slice(folder.length + 1));
    expect(temps).toContain(mine.slice(folder.length + 1));
    await fs.rm(mine);
  });
});

describe('a token folder other users can write to', () => {
  it('is tightened to 0700 when this process owns it', async () => {
    const open = join(folder, 'open-folder');
    await fs.mkdir(open);
    await fs.chmod(open, 0o777);
    await new FileTokenStore(join(open, 'tokens.json')).get(KEY);
    expect((await fs.stat(open)).mode & 0o777).toBe(0o700);
  });

  it.runIf(process.getuid?.() === 0)(
    "is refused with a ConfigurationError saying what to run when it is another user's (run as root: chowned to nobody)",
    async () => {
      const foreign = join(folder, 'foreign-folder');
      await fs.mkdir(foreign);
      await fs.chmod(foreign, 0o777);
      await fs.chown(foreign, 65534, 65534);
      const error = await new FileTokenStore(join(foreign, 'tokens.json'))
        .get(KEY)
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'configuration_error' });
      expect(String((error as Error).message)).toContain(`chmod 700 ${foreign}`);
      expect((await fs.stat(foreign)).mode & 0o777).toBe(0o777);
    },
  );
});
