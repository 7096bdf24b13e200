import type { ProviderId } from '../config/settings.js';

/** The process exit codes of `bankkit`. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** Something failed (the message says what). */
  error: 1,
  /** The command line was wrong: unknown flag, bad value, bad date. */
  usage: 2,
  /** A login is missing or expired: run `bankkit login <provider>`. */
  loginRequired: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI raises itself, already in plain words, with an optional next step and exit code. */
export class CliError extends Error {
  /** What the user can do about it, e.g. "run `bankkit login sparebank1`". */
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.error;
  }
}

/** The command line itself was wrong (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, ...(hint ? { hint } : {}) });
    this.name = 'UsageError';
  }
}

/** No usable login is stored for a provider (exit code 3). */
export class LoginRequiredError extends CliError {
  readonly provider: ProviderId;

  constructor(provider: ProviderId, message: string, hint: string) {
    super(message, { exitCode: ExitCode.loginRequired, hint });
    this.name = 'LoginRequiredError';
    this.provider = provider;
  }
}

/** The configuration cannot work (a missing secret, an unreadable config file); exit code 1. */
export class ConfigError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, hint ? { hint } : {});
    this.name = 'ConfigError';
  }
}

/** The user pressed Ctrl-C (exit code 130). */
export class InterruptedError extends CliError {
  constructor() {
    super('Interrupted.', { exitCode: ExitCode.interrupted });
    this.name = 'InterruptedError';
  }
}
