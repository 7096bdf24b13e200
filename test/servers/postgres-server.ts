import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { debianPostgresDirs, findBinary } from './find-binary.ts';
import { freePort } from './free-port.ts';

/** A throw-away PostgreSQL cluster: loopback, a free port, a temp data folder, trust auth. */
export interface TestPostgres {
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown) and deletes its folder. */
  dispose(): Promise<void>;
}

/** The folder holding `initdb` and `postgres`, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const initdb = findBinary('initdb', debianPostgresDirs());
  if (initdb === undefined) return undefined;
  const dir = initdb.slice(0, initdb.lastIndexOf('/'));
  return findBinary('postgres', [dir]) ? dir : undefined;
}

/**
 * PostgreSQL refuses to run as root. When the tests run as root (CI containers, this machine),
 * the server runs as `nobody`, and its data folder is handed to that user.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
  return { uid, gid };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${log()}`);
    if (log().includes('ready to accept connections')) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (ok) return;
    }
    await sleep(50);
  }
  throw new Error(`postgres on port ${port} was not ready within 60 s: ${log()}`);
}

/**
 * Creates a cluster with `initdb` and starts `postgres` on it. By default fsync is off (the data
 * is thrown away); `durable` keeps PostgreSQL's defaults, for benchmarks.
 */
export async function startPostgres(
  binDir: string,
  options: { durable?: boolean } = {},
): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'bankkit-pg-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  execFileSync(
    join(binDir, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { stdio: ['ignore', 'ignore', 'pipe'], env, cwd: dir, ...(user ?? {}) },
  );
  const port = await freePort();
  let output = '';
  const child = spawn(
    join(binDir, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      ...(options.durable
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      '-c',
      'max_connections=100',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env, cwd: dir, ...(user ?? {}) },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  });
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async dispose() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
