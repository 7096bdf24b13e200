import type { Readable } from 'node:stream';
import { type Logger, type PacingWait, redact, redactValue } from '@bankkit/core';
import { type ConfigPaths, resolveConfigPaths } from './config/paths.js';
import { type MaybeTty, Progress } from './progress.js';

/** The process's streams and environment, injectable so the CLI can run inside another program. */
export interface CliIo {
  stdout: MaybeTty;
  stderr: MaybeTty;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Options every command accepts. */
export interface GlobalOptions {
  /** Target the sandbox (a running `bankkit sandbox`, else an embedded one) instead of the real banks. */
  sandbox: boolean;
  /** Show stack traces and HTTP debug lines (redacted) on stderr. */
  debug: boolean;
}

/**
 * What a command runs with: streams, options, paths, the Ctrl-C signal, and the one way to talk to
 * the user on stderr. Everything written to stderr goes through `redact`, `--debug` included.
 */
export class CommandContext {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  readonly paths: ConfigPaths;
  /** Aborted on Ctrl-C: every fetch and wait listens to it. */
  readonly signal: AbortSignal;
  /** Set once the command knows it talks to a sandbox, so next-step hints can add `--sandbox`. */
  usingSandbox = false;
  /**
   * Set when the command uses the sandbox without being asked, because nothing is configured: its
   * data is marked, and it ends with a banner saying that none of it came from a bank.
   */
  implicitSandbox = false;
  /**
   * The progress line of the listing under way: cleared before anything else is written, and where
   * rate-limit waits show when it is on screen.
   */
  #progress: Progress | undefined;

  constructor(io: CliIo, options: GlobalOptions, signal: AbortSignal) {
    this.io = io;
    this.options = options;
    this.signal = signal;
    this.paths = resolveConfigPaths(io.env);
  }

  /**
   * A progress line on stderr for a long fetch. It shows only when stderr is a terminal and is
   * cleared before any other line of this context, and before the command's output (`clearProgress`).
   * While stdout is the same terminal and streams the data itself, no progress line is shown.
   */
  startProgress(label: string, options: { streamsToTerminal?: boolean } = {}): Progress {
    const enabled = this.io.stderr.isTTY === true && !options.streamsToTerminal;
    this.#progress = new Progress(this.io.stderr, label, { enabled });
    return this.#progress;
  }

  /** The width of the terminal stdout is, so tables fit in it; undefined when stdout is no terminal. */
  get stdoutWidth(): number | undefined {
    const { stdout } = this.io;
    return stdout.isTTY === true && stdout.columns ? stdout.columns : undefined;
  }

  /** Removes the progress line, if one is showing. */
  clearProgress(): void {
    this.#progress?.done();
  }

  /** A line for the user on stderr (so machine formats on stdout stay clean). */
  info(line: string): void {
    this.clearProgress();
    this.io.stderr.write(`${redact(line)}\n`);
  }

  /** A warning on stderr. */
  warn(line: string): void {
    this.clearProgress();
    this.io.stderr.write(`warning: ${redact(line)}\n`);
  }

  /** A `--debug` line on stderr; nothing without `--debug`. */
  debug(line: string): void {
    if (!this.options.debug) return;
    this.clearProgress();
    this.io.stderr.write(`debug: ${redact(line)}\n`);
  }

  /**
   * Tells the user a request waits for a free slot under a bank's rate limit: on the progress line
   * when one is shown, else as a line on stderr.
   */
  readonly pacingWait = (wait: PacingWait): void => {
    if (this.#progress?.waiting(wait)) return;
    this.info(
      `Waiting ${Math.ceil(wait.waitMs / 1000)} s for ${wait.provider}'s rate limit (${wait.limit}).`,
    );
  };

  /** The logger handed to the bank clients: their debug output with `--debug`, warnings always. */
  get logger(): Logger {
    const write = (level: string, message: string, fields?: Record<string, unknown>) => {
      const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redactValue(fields))}` : '';
      this.clearProgress();
      this.io.stderr.write(`${level}: ${redact(message + extra)}\n`);
    };
    const debug = this.options.debug;
    return {
      debug: (message, fields) => {
        if (debug) write('debug', message, fields);
      },
      info: (message, fields) => {
        if (debug) write('info', message, fields);
      },
      warn: (message, fields) => write('warning', message, fields),
      error: (message, fields) => write('error', message, fields),
    };
  }
}
