#!/usr/bin/env node
import { InterruptedError } from './errors/cli-errors.js';
import { runCli } from './run.js';

/**
 * How long a command may take to wind down after Ctrl-C (close servers, discard a partial export)
 * before the process exits anyway.
 */
const SHUTDOWN_GRACE_MS = 3_000;

const controller = new AbortController();
let signalExitCode: number | undefined;

function onSignal(name: 'SIGINT' | 'SIGTERM', code: number): void {
  if (signalExitCode !== undefined) process.exit(signalExitCode);
  signalExitCode = code;
  controller.abort(new InterruptedError());
  // Token files are only ever replaced atomically, so leaving now cannot damage them.
  setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS).unref();
  process.stderr.write(name === 'SIGINT' ? '\n' : '');
}

process.on('SIGINT', () => onSignal('SIGINT', 130));
process.on('SIGTERM', () => onSignal('SIGTERM', 143));

// `bankkit transactions | head`: the reader went away, which is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), { signal: controller.signal });
const exitCode = signalExitCode !== undefined && code !== 0 ? signalExitCode : code;
// Flush what is buffered for a pipe, then exit without waiting for idle keep-alive sockets.
process.stdout.write('', () => process.exit(exitCode));
