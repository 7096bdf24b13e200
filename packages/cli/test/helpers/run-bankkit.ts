import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary the tests run, as users do. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** Fails with a clear message when the CLI was not built (CI builds before testing). */
export function requireBuiltCli(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `The CLI tests run the built binary ${BIN}, which does not exist: run \`pnpm build\` first.`,
    );
  }
}

/** What a finished run gave. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runBankkit}. */
export interface RunOptions {
  /** The config directory (`BANKKIT_CONFIG_DIR`). */
  configDir: string;
  /** Extra environment variables. */
  env?: Record<string, string | undefined>;
  /** Kill the child after this long (a hanging CLI fails the test rather than the suite). */
  timeoutMs?: number;
}

/**
 * Every output of every run in this process, so a test can check that no secret was ever printed.
 */
export const allOutput: string[] = [];

/** The environment of a run: no BANKKIT_* from the machine, a temp config dir, never a browser. */
export function cliEnv(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('BANKKIT_') && name !== 'CI') env[name] = value;
  }
  env.BANKKIT_CONFIG_DIR = options.configDir;
  env.BANKKIT_NO_BROWSER = '1';
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `bankkit <args>` as a child process (stdin closed: not a terminal). */
export function spawnBankkit(args: readonly string[], options: RunOptions): ChildProcess {
  requireBuiltCli();
  return spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Waits for a child to end and collects its output. */
export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`bankkit did not finish within ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      allOutput.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `bankkit <args>` to the end. */
export function runBankkit(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return collect(spawnBankkit(args, options), options.timeoutMs);
}

/** A fresh, empty config directory; removed by the returned function. */
export async function tempConfigDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bankkit-cli-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Resolves with the first match of `pattern` in the child's stderr (e.g. the authorization URL). */
export function waitForStderr(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`stderr never matched ${pattern} within ${timeoutMs} ms; it said:\n${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stderr?.on('data', onData);
  });
}
