import { redact } from '@bankkit/core';
import { CommanderError } from 'commander';
import type { CliIo, CommandContext } from './context.js';
import { ExitCode, type ExitCodeValue } from './errors/cli-errors.js';
import { debugDetails, explainError } from './errors/explain-error.js';
import { createProgram } from './program.js';

/** Options of {@link runCli}. */
export interface RunOptions {
  /** Streams and environment; the process's own by default. */
  io?: CliIo;
  /** Aborts the running command (the binary wires it to Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Runs the `bankkit` command line with `args` (without `node` and the script path) and resolves to
 * the exit code; it never throws. Errors are printed on stderr in plain words with the next step,
 * redacted, with details only under `--debug`.
 */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<ExitCodeValue> {
  const io = options.io ?? processIo();
  const signal = options.signal ?? new AbortController().signal;
  let context: CommandContext | undefined;
  const program = createProgram(io, signal, (created) => {
    context = created;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    if (context?.implicitSandbox) io.stderr.write(SANDBOX_BANNER);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    const failure = signal.aborted ? (signal.reason ?? error) : error;
    const debug = context?.options.debug ?? args.includes('--debug');
    const explained = explainError(failure, { sandbox: context?.usingSandbox ?? false, debug });
    if (explained.exitCode === ExitCode.interrupted) {
      io.stderr.write('Interrupted.\n');
    } else {
      const hint = explained.hint ? `: ${explained.hint}` : '';
      io.stderr.write(`error: ${stripPeriod(explained.message)}${hint}\n`);
    }
    if (debug) io.stderr.write(`${debugDetails(error)}\n`);
    return explained.exitCode;
  }
}

/**
 * Ends every command that fell back to the sandbox because nothing is configured: whatever it
 * printed is made-up data, and that must be impossible to miss.
 */
const SANDBOX_BANNER = [
  '',
  '╭─ SANDBOX DATA ─────────────────────────────────────────────────────╮',
  '│ None of this came from a bank. No bank is configured here, so      │',
  '│ bankkit used its built-in sandbox: made-up accounts and money.     │',
  '│ Configure a bank (`bankkit --help`, docs/cli.md), or pass          │',
  '│ --sandbox to ask for the sandbox on purpose.                       │',
  '╰────────────────────────────────────────────────────────────────────╯',
  '',
].join('\n');

/** Commander already printed its message (and the help hint); only the exit code is left. */
function commanderExitCode(error: CommanderError): ExitCodeValue {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
  if (error.exitCode === 0) return ExitCode.ok;
  return ExitCode.usage;
}

function stripPeriod(message: string): string {
  return redact(message).replace(/\.$/, '');
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
