import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sandbox, type SandboxOptions, startSandbox } from '@bankkit/sandbox';
import { writeDiscoveryFile } from '../../src/sandbox/discovery.js';
import { sandboxEndpoints } from '../../src/sandbox/endpoints.js';
import { tempConfigDir } from './run-bankkit.js';

/**
 * A sandbox in the test process, announced in a temp config dir exactly as `bankkit sandbox` does,
 * so CLI children treat it as a running sandbox while the test keeps its clock, faults and logs.
 */
export interface RunningTestSandbox {
  sandbox: Sandbox;
  configDir: string;
  /** `sandbox-tokens.json` in the config dir. */
  tokenFile: string;
  close(): Promise<void>;
}

/** Starts a sandbox and writes the discovery file for it (pid: this test process). */
export async function startRunningSandbox(options: SandboxOptions = {}): Promise<RunningTestSandbox> {
  const dir = await tempConfigDir();
  // As `bankkit sandbox` does: the login callback binds a free port, so any loopback port passes.
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    ...options,
    sparebank1: { allowLoopbackRedirects: true, ...options.sparebank1 },
  });
  await writeDiscoveryFile(join(dir.dir, 'sandbox.json'), {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    ...sandboxEndpoints(sandbox),
  });
  return {
    sandbox,
    configDir: dir.dir,
    tokenFile: join(dir.dir, 'sandbox-tokens.json'),
    async close() {
      await sandbox.close();
      await dir.remove();
    },
  };
}

/** A token file as core's FileTokenStore writes it. */
export interface TokenFile {
  version: number;
  tokens: Record<string, Record<string, unknown>>;
}

/** Reads a token file (throws when it is not valid JSON: a damaged file fails the test). */
export async function readTokenFile(path: string): Promise<TokenFile> {
  return JSON.parse(await readFile(path, 'utf8')) as TokenFile;
}

/** Writes a token file, e.g. with an expiry moved, to set up a case. */
export async function writeTokenFile(path: string, content: TokenFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}
