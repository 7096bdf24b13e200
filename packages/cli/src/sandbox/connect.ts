import { findRunningSandbox } from './discovery.js';
import { type SandboxEndpoints, sandboxEndpoints } from './endpoints.js';

/**
 * A sandbox a command talks to: a running one (`bankkit sandbox`, found through its discovery
 * file; logins persist in the sandbox token file) or one embedded in this process for the length
 * of the command (it knows no logins, so the CLI logs in to it by itself).
 */
export type SandboxConnection =
  | { mode: 'running'; endpoints: SandboxEndpoints; pid: number; close(): Promise<void> }
  | { mode: 'embedded'; endpoints: SandboxEndpoints; close(): Promise<void> };

/** The running sandbox announced in `discoveryFile`, or undefined. */
export async function connectRunningSandbox(discoveryFile: string): Promise<SandboxConnection | undefined> {
  const running = await findRunningSandbox(discoveryFile);
  if (!running) return undefined;
  return { mode: 'running', endpoints: sandboxEndpoints(running), pid: running.pid, close: async () => {} };
}

/** Starts a sandbox in this process on free loopback ports. */
export async function startEmbeddedSandbox(): Promise<SandboxConnection> {
  const { startSandbox } = await import('@bankkit/sandbox');
  // The login callback binds a free port, so any loopback port must pass as the registered redirect URI.
  const sandbox = await startSandbox({ host: '127.0.0.1', sparebank1: { allowLoopbackRedirects: true } });
  return { mode: 'embedded', endpoints: sandboxEndpoints(sandbox), close: () => sandbox.close() };
}

/** A running sandbox if there is one, else an embedded one. */
export async function connectSandbox(discoveryFile: string): Promise<SandboxConnection> {
  return (await connectRunningSandbox(discoveryFile)) ?? (await startEmbeddedSandbox());
}
