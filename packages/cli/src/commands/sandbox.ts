import { mkdir, rm } from 'node:fs/promises';
import { startSandbox } from '@bankkit/sandbox';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors/cli-errors.js';
import {
  findRunningSandbox,
  removeDiscoveryFile,
  removeDiscoveryFileSync,
  writeDiscoveryFile,
} from '../sandbox/discovery.js';
import { type SandboxEndpoints, sandboxEndpoints } from '../sandbox/endpoints.js';

/** Options of `bankkit sandbox`. */
export interface SandboxOptions {
  /** Seed of the generated data (the same seed gives the same accounts and transactions). */
  seed?: number | undefined;
}

/**
 * `bankkit sandbox`: runs the sandbox until Ctrl-C, printing its URLs and demo credentials, and
 * announces it in `sandbox.json` so that `--sandbox` commands in other terminals use it (and their
 * logins persist between commands in `sandbox-tokens.json`). Both files are removed on exit: a new
 * sandbox knows none of the old tokens.
 */
export async function sandboxCommand(context: CommandContext, options: SandboxOptions): Promise<void> {
  const { paths } = context;
  const running = await findRunningSandbox(paths.sandboxDiscoveryFile);
  if (running) {
    throw new CliError(
      `A sandbox is already running (process ${running.pid}) at ${running.bridge.baseUrl}.`,
      {
        hint: 'use it with --sandbox, or stop it first',
      },
    );
  }
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    // `bankkit login` binds its callback on a free port, so any loopback port must pass as registered.
    sparebank1: { allowLoopbackRedirects: true },
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const endpoints = sandboxEndpoints(sandbox);
  const onExit = () => removeDiscoveryFileSync(paths.sandboxDiscoveryFile, process.pid);
  process.once('exit', onExit);
  try {
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await rm(paths.sandboxTokenFile, { force: true });
    await writeDiscoveryFile(paths.sandboxDiscoveryFile, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      ...endpoints,
    });
    context.io.stdout.write(banner(endpoints, paths.sandboxDiscoveryFile));
    await untilInterrupted(context.signal);
    context.info('Stopping the sandbox…');
  } finally {
    await sandbox.close();
    await removeDiscoveryFile(paths.sandboxDiscoveryFile, process.pid);
    await rm(paths.sandboxTokenFile, { force: true });
    process.off('exit', onExit);
  }
}

function untilInterrupted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function banner(endpoints: SandboxEndpoints, discoveryFile: string): string {
  const { bridge, sparebank1 } = endpoints;
  const lines = [
    'bankkit sandbox is running (Ctrl-C stops it).',
    '',
    'SpareBank 1',
    `  API            ${sparebank1.baseUrl}`,
    `  OAuth          ${sparebank1.authBaseUrl}`,
    `  client id      ${sparebank1.clientId}`,
    `  client secret  ${sparebank1.clientSecret}`,
    `  redirect URIs  ${sparebank1.redirectUris.join(', ')} (any 127.0.0.1 port is accepted)`,
    '',
    'Bridge',
    `  API            ${bridge.baseUrl}`,
    `  client id      ${bridge.clientId}`,
    `  client secret  ${bridge.clientSecret}`,
    ...bridge.users.map((user) => `  demo user      ${user.email} / ${user.password} (uuid ${user.uuid})`),
    '',
    'In another terminal:',
    '  bankkit login sparebank1 --sandbox   (approve in the browser)',
    '  bankkit login bridge --sandbox',
    '  bankkit accounts --sandbox',
    '',
    `Announced in ${discoveryFile}.`,
    '',
  ];
  return `${lines.join('\n')}`;
}
