import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findBinary } from './find-binary.ts';
import { freePort } from './free-port.ts';

/** A redis-server started for the tests: loopback, a free port, a throw-away folder, AOF on. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops the server (SIGTERM: it writes its data first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL (no chance to write anything more) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (after `stop` or `kill`), with the data it persisted. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

/** The redis-server binary, or undefined when it is not installed. */
export function redisServerBinary(): string | undefined {
  return findBinary('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin']);
}

/** Answers once the server at `port` replies to PING. */
async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.setTimeout(1_000, () => socket.destroy());
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (data) => {
        answer += data.toString();
        if (answer.includes('\r\n')) {
          socket.destroy();
          resolve(answer.startsWith('+PONG'));
        }
      });
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 20 s`);
}

/** Starts redis-server with persistence on (append-only file, fsync on every write). */
export async function startRedis(binary: string): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'bankkit-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--protected-mode',
        'yes',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child = started;
    await waitForPong(port, started);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    start,
    stop: () => stop(),
    kill: () => stop('SIGKILL'),
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
