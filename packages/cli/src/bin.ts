#!/usr/bin/env node
import { redact } from '@bankkit/core';
import { InterruptedError } from './errors/cli-errors.js';
import { runCli } from './run.js';

/**
 * How long a command may take to wind down after Ctrl-C (close servers, discard a partial export)
 * before the process exits anyway.
 */
const SHUTDOWN_GRACE_MS = 3_000;

const controller = new AbortController();
let signalExitCode: number | undefined;

function onSignal(code: number): void {
  if (signalExitCode !== undefined) process.exit(signalExitCode);
  signalExitCode = code;
  controller.abort(new InterruptedError());
  // Token files are only ever replaced atomically, so leaving now cannot damage them.
  setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS).unref();
  // The terminal echoed `^C` mid-line; what follows starts on a line of its own.
  if (process.stderr.isTTY) process.stderr.write('\n');
}

process.on('SIGINT', () => onSignal(130));
process.on('SIGTERM', () => onSignal(143));

// A last line of defence: whatever escapes the command's own handling is still reported in plain,
// redacted words (no stack, which could quote a request) and exits 1.
const debug = process.argv.includes('--debug');
function onUnexpected(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const hint = debug ? '' : ': run again with --debug for details';
  process.stderr.write(`error: Unexpected error: ${redact(message)}${hint}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${redact(error.stack)}\n`);
  process.exit(1);
}
process.on('uncaughtException', onUnexpected);
process.on('unhandledRejection', onUnexpected);

// `bankkit transactions | head`: the reader went away, which is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), { signal: controller.signal });
const exitCode = signalExitCode !== undefined && code !== 0 ? signalExitCode : code;
// Flush what is buffered for a pipe, then exit without waiting for idle keep-alive sockets.
process.stdout.write('', () => process.exit(exitCode));
