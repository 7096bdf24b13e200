import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@bankkit/sandbox';

/** A message a worker sent, with the worker's index. */
export interface WorkerMessage {
  type: string;
  worker: number;
  [field: string]: unknown;
}

/** Worker processes and every message they sent, in order of arrival. */
export class Workers {
  readonly processes: ChildProcess[] = [];
  readonly messages: WorkerMessage[] = [];
  readonly #waiters: { test: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];

  /** Starts a worker (a module under ./workers) and resolves once it says it is ready. */
  async start(script: string, env: Record<string, string>): Promise<number> {
    const index = this.processes.length;
    const child = fork(fileURLToPath(new URL(`../workers/${script}`, import.meta.url)), [], {
      env: { ...process.env, ...env },
      execArgv: ['--no-warnings'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.processes.push(child);
    child.on('message', (raw) => {
      const message = { ...(raw as object), worker: index } as WorkerMessage;
      this.messages.push(message);
      for (const waiter of [...this.#waiters]) {
        if (waiter.test(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    await this.next((m) => m.type === 'ready' && m.worker === index);
    return index;
  }

  /** The first message (from now on, or already received when `past`) that passes `test`. */
  next(test: (m: WorkerMessage) => boolean, past = false): Promise<WorkerMessage> {
    const seen = past ? this.messages.find(test) : undefined;
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  send(index: number, message: Record<string, unknown>): void {
    this.processes[index]?.send(message);
  }

  /** Sends a round of `calls` concurrent calls to each given worker and waits for every answer. */
  async round(
    indexes: number[],
    round: number,
    calls: number,
    clockOffsetMs?: number,
  ): Promise<WorkerMessage[]> {
    const answers = indexes.map((index) =>
      this.next((m) => m.type === 'round-done' && m.worker === index && m.round === round),
    );
    for (const index of indexes) this.send(index, { type: 'round', round, calls, clockOffsetMs });
    return Promise.all(answers);
  }

  /** Kills every worker still running and waits for them to exit. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.processes.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
  }
}

/** The environment a token worker needs to reach the sandbox's SpareBank 1 and Redis. */
export function tokenWorkerEnv(
  sandbox: Sandbox,
  redisUrl: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  return {
    SB1_BASE_URL: baseUrl,
    SB1_AUTH_URL: authBaseUrl,
    SB1_CLIENT_ID: clientId,
    SB1_CLIENT_SECRET: clientSecret,
    SB1_REDIRECT_URI: redirectUris[0] ?? '',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    ...extra,
  };
}

/** Successful refresh-token grants and `invalid_grant` answers the sandbox has logged. */
export function tokenGrants(sandbox: Sandbox): { granted: number; refused: number } {
  const token = { provider: 'sparebank1' as const, method: 'POST', path: '/oauth/token' };
  return {
    granted: sandbox.requests.count({ ...token, status: 200 }),
    refused: sandbox.requests.count({ ...token, status: 400 }),
  };
}
