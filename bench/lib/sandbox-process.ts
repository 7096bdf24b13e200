import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RequestLogFilter, SandboxOptions } from '@bankkit/sandbox';
import { onCpu, SANDBOX_CPU } from './affinity.ts';

/** What the sandbox child prints once it listens (see `sandbox-server.ts`). */
export interface SandboxInfo {
  bridge: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    users: { email: string; password: string; uuid: string }[];
  };
  sparebank1: {
    baseUrl: string;
    authBaseUrl: string;
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
  };
}

/** A sandbox running in a child process, and its control channel. */
export interface SandboxProcess {
  readonly info: SandboxInfo;
  /** The server process's id (for its CPU time, see `process-cpu.ts`). */
  readonly pid: number;
  /** Moves the sandbox clock forward (token expiry is decided on the server by this clock). */
  advanceClock(ms: number): Promise<void>;
  /** How many requests the sandbox received that match the filter. */
  countRequests(filter: RequestLogFilter): Promise<number>;
  stop(): Promise<void>;
}

interface ControlReply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * Starts the sandbox in its own process, so the server's CPU and memory never count against the
 * client being measured, on its own CPU when the machine has two (see `affinity.ts`).
 */
export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
  const entry = fileURLToPath(new URL('../sandbox-server.ts', import.meta.url));
  const [command, args] = onCpu(SANDBOX_CPU, process.execPath, [entry, JSON.stringify(options)]);
  const child: ChildProcess = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const { stdin, stdout } = child;
  if (!stdin || !stdout) throw new Error('the sandbox process has no stdio pipes');
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`sandbox process exited with ${code}`);
  });
  exited.catch(() => {});

  const lines = createInterface({ input: stdout });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let ready: ((line: string) => void) | undefined;
  const first = new Promise<string>((resolve) => {
    ready = resolve;
  });
  lines.on('line', (line) => {
    if (ready) {
      const resolve = ready;
      ready = undefined;
      resolve(line);
      return;
    }
    const reply = JSON.parse(line) as ControlReply;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.result);
  });

  const info = JSON.parse(await Promise.race([first, exited])) as SandboxInfo;
  let nextId = 1;
  const call = (op: string, fields: Record<string, unknown>): Promise<unknown> => {
    const id = nextId++;
    const reply = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
    stdin.write(`${JSON.stringify({ id, op, ...fields })}\n`);
    return Promise.race([reply, exited]);
  };

  return {
    info,
    pid: child.pid ?? -1,
    async advanceClock(ms) {
      await call('advanceClock', { ms });
    },
    async countRequests(filter) {
      return (await call('countRequests', { filter })) as number;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}
