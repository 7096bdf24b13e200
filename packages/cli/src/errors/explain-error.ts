import { inspect } from 'node:util';
import {
  isBankkitError,
  isHttpError,
  isOAuthCallbackError,
  isRateLimitError,
  isSyncCursorError,
  redact,
} from '@bankkit/core';
import { CommanderError } from 'commander';
import { isProviderId, PROVIDER_NAMES } from '../config/settings.js';
import { CliError, ExitCode, type ExitCodeValue } from './cli-errors.js';

/** An error as the CLI shows it: plain words, what to do next, and the exit code. */
export interface ExplainedError {
  message: string;
  hint?: string | undefined;
  exitCode: ExitCodeValue;
}

/** What {@link explainError} needs to know to name the right next step. */
export interface ExplainContext {
  /** The command targets a sandbox, so next steps carry `--sandbox`. */
  sandbox?: boolean;
  /** `--debug` is on: the details follow, so no hint asks for it. */
  debug?: boolean;
}

/**
 * Turns any error into plain words with a next step and an exit code: 3 for a missing or expired
 * login, 2 for a bad command line, 130 for Ctrl-C, 1 for everything else. The words are redacted;
 * no secret gets through, whatever the error carried.
 */
export function explainError(error: unknown, context: ExplainContext = {}): ExplainedError {
  const explained = explain(error, context);
  return {
    message: redact(explained.message),
    hint: explained.hint === undefined ? undefined : redact(explained.hint),
    exitCode: explained.exitCode,
  };
}

/** The `--debug` view of an error: stack and fields, redacted. */
export function debugDetails(error: unknown): string {
  return redact(inspect(error, { depth: 4 }));
}

function explain(error: unknown, context: ExplainContext): ExplainedError {
  const sandboxFlag = context.sandbox ? ' --sandbox' : '';
  if (error instanceof CliError)
    return { message: error.message, hint: error.hint, exitCode: error.exitCode };
  if (error instanceof CommanderError) {
    return { message: error.message.replace(/^error:\s*/i, ''), exitCode: ExitCode.usage };
  }
  if (isAbortError(error)) return { message: 'Interrupted.', exitCode: ExitCode.interrupted };

  const provider = isBankkitError(error) ? error.provider : undefined;
  // Core's messages start with the provider id and often end with advice of their own: the CLI
  // names the bank in words and adds a next step only where the message has none.
  const detail = error instanceof Error ? withoutProviderPrefix(error.message, provider) : String(error);
  const hintUnlessAdvised = (hint: string | undefined) => (carriesAdvice(detail) ? undefined : hint);
  const name = provider && isProviderId(provider) ? PROVIDER_NAMES[provider] : (provider ?? 'The bank');
  const loginCommand = `\`bankkit login ${provider && isProviderId(provider) ? provider : '<provider>'}${sandboxFlag}\``;

  if (!isBankkitError(error)) return unexpected(error, context);
  const generic = { message: error.message, exitCode: ExitCode.error };
  const code = error.code;
  switch (code) {
    case 'reauthorization_required':
      return {
        message: `${name} login has expired.`,
        hint: `run ${loginCommand}`,
        exitCode: ExitCode.loginRequired,
      };
    case 'user_authentication_required':
      return {
        message: `${name} needs a login.`,
        hint: `run ${loginCommand}`,
        exitCode: ExitCode.loginRequired,
      };
    case 'oauth_callback_error':
      if (!isOAuthCallbackError(error)) return generic;
      return {
        message: oauthFailure(name, error.oauthError),
        hint: `run ${loginCommand} again`,
        exitCode: ExitCode.error,
      };
    case 'authentication_failed':
      return {
        message: `${name} refused the credentials: ${detail}`,
        hint:
          provider === 'sparebank1'
            ? carriesAdvice(detail)
              ? 'client secrets expire: renew it in the developer portal'
              : 'check the client id and secret (client secrets expire: renew it in the developer portal)'
            : hintUnlessAdvised(
                provider === 'bridge'
                  ? `check the client id and secret, and the user's email and password (${loginCommand})`
                  : 'check the configured credentials',
              ),
        exitCode: ExitCode.error,
      };
    case 'rate_limited': {
      const retryAfterMs = isRateLimitError(error) ? error.retryAfterMs : undefined;
      const wait = retryAfterMs ? ` for about ${Math.ceil(retryAfterMs / 1000)} s` : '';
      return {
        message: `${name} is limiting how often it may be called.`,
        hint: `wait${wait || ' a while'} and try again`,
        exitCode: ExitCode.error,
      };
    }
    case 'timeout':
      return {
        message: `${name} did not answer in time.`,
        hint: 'try again; if it keeps happening, the bank may be having problems',
        exitCode: ExitCode.error,
      };
    case 'network_error':
      return {
        message: `Could not reach ${name}: ${detail}`,
        hint: hintUnlessAdvised('check your network connection and try again'),
        exitCode: ExitCode.error,
      };
    case 'transfer_outcome_unknown':
      return {
        message: error.message,
        hint: "check the account's transactions before trying again",
        exitCode: ExitCode.error,
      };
    case 'response_validation_failed':
      return {
        message: `${name} sent a response bankkit does not understand: ${detail}`,
        hint: context.debug
          ? 'report it, with the details below, at the bankkit issue tracker'
          : 'run again with --debug and report it at the bankkit issue tracker',
        exitCode: ExitCode.error,
      };
    case 'http_error':
    case 'transfer_not_completed': {
      if (!isHttpError(error)) return generic;
      const providerDetail = error.providerMessage ? `: ${error.providerMessage}` : '';
      return {
        message: `${name} answered with HTTP ${error.status}${providerDetail}`,
        hint: error.status >= 500 ? 'the bank may be having problems; try again later' : undefined,
        exitCode: ExitCode.error,
      };
    }
    case 'invalid_sync_cursor':
      if (!isSyncCursorError(error)) return generic;
      return {
        message: `The ledger's sync position for ${name} cannot be used (${error.problem}): ${error.message}`,
        hint: '`bankkit sync --full` syncs that bank again from the beginning',
        exitCode: ExitCode.error,
      };
    case 'configuration_error':
    case 'invalid_input':
    case 'response_too_large':
    case 'pagination_error':
    case 'sync_restart_required':
    case 'incomplete_data':
    case 'token_store_failed':
    case 'token_store_fenced':
    case 'token_store_locked':
    case 'webhook_signature_invalid':
    case 'sync_lease_lost':
    case 'ledger_failed':
      return generic;
    default: {
      // An error from a newer core can carry a code this CLI does not know: its message still helps.
      const unknownCode: never = code;
      void unknownCode;
      return generic;
    }
  }
}

function unexpected(error: unknown, context: ExplainContext): ExplainedError {
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Unexpected error: ${message}`,
    hint: context.debug ? undefined : 'run again with --debug for details',
    exitCode: ExitCode.error,
  };
}

/** Removes the `bridge: ` that core puts before its messages (the CLI names the bank itself). */
function withoutProviderPrefix(message: string, provider: string | undefined): string {
  return provider && message.startsWith(`${provider}: `) ? message.slice(provider.length + 2) : message;
}

/** Whether a message already tells the user what to do, so that no second hint repeats it. */
function carriesAdvice(message: string): boolean {
  return /\b(check|retry|try again|log in again)\b/i.test(message);
}

/** Why an OAuth login came back without a usable code, in words. */
function oauthFailure(name: string, oauthError: string): string {
  switch (oauthError) {
    case 'access_denied':
      return `${name} login was not approved (access denied; a wrong bank id in BANKKIT_SPAREBANK1_FIN_INST ends the same way).`;
    case 'state_mismatch':
      return `The login callback did not belong to this login (its state did not match), so its code was not used.`;
    case 'invalid_grant':
      return `${name} refused the authorization code: a code works once, within a couple of minutes.`;
    case 'missing_code':
      return `The login callback carried no authorization code.`;
    default:
      return `${name} login failed (${oauthError}).`;
  }
}

function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR')
  );
}
