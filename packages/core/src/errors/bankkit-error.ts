import { inspect } from 'node:util';
import { redact, redactValue } from '../redaction/redact.js';

/**
 * The kinds of an error, as plain strings on the instance, so that `instanceof` also holds when two
 * copies of `@bankkit/core` are loaded (a bundled CLI and a user's install, `src/` and `dist/`).
 */
const KINDS = Symbol.for('bankkit.error.kinds');

/**
 * Every `code` a {@link BankkitError} can carry, one per kind of failure. Codes are stable: programs
 * may switch on them (the compiler then checks the switch covers each one). Most belong to one class
 * of `@bankkit/core`; the last few are thrown by other bankkit packages with the base class or their
 * own subclass.
 */
export type BankkitErrorCode =
  /** `HttpError`: any other non-2xx answer. */
  | 'http_error'
  /** An `HttpError` of `@bankkit/sparebank1`: the bank refused a transfer, so it did not happen. */
  | 'transfer_not_completed'
  /** `RateLimitError`: HTTP 429. */
  | 'rate_limited'
  /** `AuthenticationError`: the app's own credentials were refused. */
  | 'authentication_failed'
  /** `UserAuthenticationError`: no valid user token and automatic renewal is off. */
  | 'user_authentication_required'
  /** `ReauthorizationRequiredError`: the refresh token or consent is gone; the user must log in again. */
  | 'reauthorization_required'
  /** `NetworkError`: the connection failed or broke. */
  | 'network_error'
  /** `TimeoutError`: headers or body did not arrive in time. */
  | 'timeout'
  /** `ResponseValidationError`: a body bankkit does not understand. */
  | 'response_validation_failed'
  /** `ResponseTooLargeError`: a body passed `maxResponseBytes`. */
  | 'response_too_large'
  /** `PaginationError`: a listing that cannot go on. */
  | 'pagination_error'
  /** `TransferOutcomeUnknownError`: a transfer was sent and its outcome is unknown. */
  | 'transfer_outcome_unknown'
  /** `ConfigurationError`: bad options. */
  | 'configuration_error'
  /** `InvalidInputError`: bad arguments; nothing was sent. */
  | 'invalid_input'
  /** `OAuthCallbackError`: the OAuth authorization step gave no usable code. */
  | 'oauth_callback_error'
  /** `SyncCursorError`: a sync cursor that cannot be used. */
  | 'invalid_sync_cursor'
  /** `SyncRestartRequiredError`: the data changed under a multi-page sync. */
  | 'sync_restart_required'
  /** `IncompleteDataError`: the bank left rows out of its answer. */
  | 'incomplete_data'
  /** `TokenStoreError` (and the file token store, lock files): a token store failed. */
  | 'token_store_failed'
  /** `TokenStoreFencedError`: a write under a lease that was granted to another holder since. */
  | 'token_store_fenced'
  /** A token lock file stayed taken past its timeout (file token store). */
  | 'token_store_locked'
  /** `WebhookSignatureError` of `@bankkit/bridge`: a webhook failed signature verification. */
  | 'webhook_signature_invalid'
  /** `@bankkit/postgres`: a sync lease was released or lost. */
  | 'sync_lease_lost'
  /** `@bankkit/postgres`: a ledger operation failed in PostgreSQL. */
  | 'ledger_failed';

/** Fields every bankkit error may carry, besides the message. */
export interface BankkitErrorOptions {
  /** The provider the failed call was made to, e.g. `bridge` or `sparebank1`. */
  provider?: string | undefined;
  /** The underlying error. It is never serialized; only its redacted message is shown. */
  cause?: unknown;
}

/**
 * Base class of every error bankkit throws. `code` is stable and meant for programs; `message` is
 * for people and says what failed and what to do. Neither ever holds a secret: messages are
 * redacted when the error is built, and serialization (`JSON.stringify`, `util.inspect`) is redacted
 * again and leaves out raw responses and causes.
 */
export class BankkitError extends Error {
  /** The stable kind name `instanceof` checks against, one per class. */
  static readonly kind: string = 'BankkitError';

  // `this` is the class `instanceof` was asked about (a subclass too), hence its use in a static.
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    // biome-ignore lint/complexity/noThisInStatic: polymorphic on purpose
    return Array.isArray(kinds) && kinds.includes((this as typeof BankkitError).kind);
  }

  /** Stable, machine-readable error code, e.g. `rate_limited`. */
  readonly code: BankkitErrorCode;
  /** The provider the failed call was made to. */
  readonly provider?: string | undefined;

  constructor(code: BankkitErrorCode, message: string, options: BankkitErrorOptions = {}) {
    super(redact(message));
    this.code = code;
    if (options.provider !== undefined) this.provider = options.provider;
    const kinds: string[] = [];
    for (let ctor = new.target as typeof BankkitError | undefined; ctor?.kind; ) {
      kinds.push(ctor.kind);
      const parent = Object.getPrototypeOf(ctor) as typeof BankkitError;
      ctor = parent === ctor ? undefined : parent;
    }
    Object.defineProperty(this, KINDS, { value: [...new Set(kinds)], enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, configurable: true });
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, configurable: true });
    }
    if (this.stack) this.stack = redact(this.stack);
  }

  /** The redacted, JSON-safe fields of this error: what `JSON.stringify(error)` gives. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value === undefined || typeof value === 'function' || value instanceof Response) continue;
      fields[key] = value;
    }
    const cause = (this as { cause?: unknown }).cause;
    if (cause instanceof Error) fields.cause = `${cause.name}: ${redact(cause.message)}`;
    return redactValue(fields) as Record<string, unknown>;
  }

  /** What `console.log(error)` and `util.inspect(error)` print: stack and redacted fields, no raw response. */
  [inspect.custom](
    depth: number,
    options: { stylize?: unknown },
    inspectFn: typeof inspect = inspect,
  ): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const body = Object.keys(fields).length > 0 ? ` ${inspectFn(fields, { ...options, depth })}` : '';
    return `${redact(this.stack ?? `${this.name}: ${this.message}`)}${body}`;
  }
}
