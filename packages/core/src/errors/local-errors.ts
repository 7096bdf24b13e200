import { BankkitError, type BankkitErrorCode, type BankkitErrorOptions } from './bankkit-error.js';

/** A user-scoped call was made without a valid token while automatic renewal is off. */
export class UserAuthenticationError extends BankkitError {
  static override readonly kind: string = 'UserAuthenticationError';
  constructor(message: string, options?: BankkitErrorOptions) {
    super('user_authentication_required', message, options);
  }
}

/**
 * A token store could not do what was asked: its engine is unreachable or failed, or the stored
 * data cannot be read. Nothing is lost by it: a renewed set that could not be saved is not used
 * (see `TokenManager`). Shared-engine stores (`RedisTokenStore`) reject with it while their server
 * is down; `TokenManager` reports a failed write with the same code.
 */
export class TokenStoreError extends BankkitError {
  static override readonly kind: string = 'TokenStoreError';
  constructor(
    message: string,
    options: BankkitErrorOptions = {},
    code: BankkitErrorCode = 'token_store_failed',
  ) {
    super(code, message, options);
  }
}

/**
 * A token store refused a write made under a lock that was lost: the lease expired (the holder
 * paused past it: GC, SIGSTOP, a network stall) and a newer holder was granted the lock since, so
 * the store may hold newer tokens than the ones this writer meant to store. Nothing was written.
 * `TokenManager` then re-reads the store and uses the newer set when it is valid.
 */
export class TokenStoreFencedError extends TokenStoreError {
  static override readonly kind: string = 'TokenStoreFencedError';
  /** The fence the refused write carried. */
  declare readonly fence: number;
  /** The newest fence the store had granted for the key. */
  declare readonly currentFence: number;
  constructor(message: string, details: { fence: number; currentFence: number } & BankkitErrorOptions) {
    const { fence, currentFence, ...options } = details;
    super(message, options, 'token_store_fenced');
    Object.defineProperty(this, 'fence', { value: fence, enumerable: true });
    Object.defineProperty(this, 'currentFence', { value: currentFence, enumerable: true });
  }
}

/** Where a {@link NetworkError} happened, besides the message. */
export interface NetworkErrorDetails extends BankkitErrorOptions {
  method?: string | undefined;
  endpoint?: string | undefined;
  /**
   * False only when the connection could not be opened (refused, unknown host), so the server cannot
   * have seen the request. Default true: a reset, a cut body or a timeout may come after the server
   * acted on it.
   */
  requestSent?: boolean | undefined;
}

/** The request could not be completed at the network level (DNS, refused, reset, TLS, truncated body). */
export class NetworkError extends BankkitError {
  static override readonly kind: string = 'NetworkError';
  /** HTTP method of the failed request. */
  declare readonly method?: string;
  /** The endpoint, redacted. */
  declare readonly endpoint?: string;
  /**
   * Whether the request may have reached the server. False only when the connection could not be
   * opened. For a request that moves money, true means its outcome is unknown.
   */
  declare readonly requestSent: boolean;
  constructor(message: string, options: NetworkErrorDetails = {}, code: BankkitErrorCode = 'network_error') {
    super(code, message, options);
    if (options.method) Object.defineProperty(this, 'method', { value: options.method, enumerable: true });
    if (options.endpoint)
      Object.defineProperty(this, 'endpoint', { value: options.endpoint, enumerable: true });
    Object.defineProperty(this, 'requestSent', { value: options.requestSent ?? true, enumerable: true });
  }
}

/** The request (headers and body included) did not finish within its time limit. */
export class TimeoutError extends NetworkError {
  static override readonly kind: string = 'TimeoutError';
  /** The limit that was exceeded, in milliseconds. */
  declare readonly timeoutMs?: number;
  constructor(message: string, options: NetworkErrorDetails & { timeoutMs?: number | undefined } = {}) {
    super(message, options, 'timeout');
    if (options.timeoutMs !== undefined) {
      Object.defineProperty(this, 'timeoutMs', { value: options.timeoutMs, enumerable: true });
    }
  }
}

/** One problem found when a response did not match the expected schema. */
export interface ValidationIssue {
  /** Where in the body, e.g. `resources.3.amount`. */
  path: string;
  /** What was wrong there. */
  message: string;
}

/**
 * A response body was not what the provider documents (schema drift, truncated or non-JSON body).
 * Nothing was silently dropped: the issues say where the body went wrong.
 */
export class ResponseValidationError extends BankkitError {
  static override readonly kind: string = 'ResponseValidationError';
  /** The endpoint whose response failed, redacted. */
  declare readonly endpoint?: string;
  /** HTTP status of the response. */
  declare readonly status?: number;
  /** The problems found, with their paths. */
  declare readonly issues: readonly ValidationIssue[];
  /** The raw HTTP response (non-enumerable, never serialized). */
  declare readonly response?: Response;

  constructor(
    message: string,
    details: BankkitErrorOptions & {
      issues?: readonly ValidationIssue[];
      endpoint?: string | undefined;
      status?: number | undefined;
      response?: Response | undefined;
    } = {},
  ) {
    super('response_validation_failed', message, details);
    Object.defineProperty(this, 'issues', { value: details.issues ?? [], enumerable: true });
    if (details.endpoint)
      Object.defineProperty(this, 'endpoint', { value: details.endpoint, enumerable: true });
    if (details.status) Object.defineProperty(this, 'status', { value: details.status, enumerable: true });
    if (details.response)
      Object.defineProperty(this, 'response', { value: details.response, enumerable: false });
  }
}

/**
 * A response body grew past the client's `maxResponseBytes` (counted on the decoded bytes, as they
 * stream in). The read stopped there, so the body was never held whole; the request is never
 * retried, since the same answer would come again.
 */
export class ResponseTooLargeError extends BankkitError {
  static override readonly kind: string = 'ResponseTooLargeError';
  /** The endpoint whose response was too large, redacted. */
  declare readonly endpoint?: string;
  /** HTTP status of the response. */
  declare readonly status?: number;
  /** The limit that was passed, in bytes. */
  declare readonly limitBytes: number;

  constructor(
    message: string,
    details: BankkitErrorOptions & {
      limitBytes: number;
      endpoint?: string | undefined;
      status?: number | undefined;
    },
  ) {
    super('response_too_large', message, details);
    Object.defineProperty(this, 'limitBytes', { value: details.limitBytes, enumerable: true });
    if (details.endpoint)
      Object.defineProperty(this, 'endpoint', { value: details.endpoint, enumerable: true });
    if (details.status) Object.defineProperty(this, 'status', { value: details.status, enumerable: true });
  }
}

/** A page was asked for that does not exist, or `fetchAll()` was called on a page after the first. */
export class PaginationError extends BankkitError {
  static override readonly kind: string = 'PaginationError';
  constructor(message: string, options?: BankkitErrorOptions) {
    super('pagination_error', message, options);
  }
}

/**
 * A request that moves money was sent, and its outcome is unknown (the connection failed or the
 * bank answered with a server error after receiving it). It was not retried. Check the account's
 * transactions or the bank's app before trying again, or the money may move twice.
 */
export class TransferOutcomeUnknownError extends BankkitError {
  static override readonly kind: string = 'TransferOutcomeUnknownError';
  /** HTTP status, when the bank answered. */
  declare readonly status?: number;
  /** The bank's own error code, when it answered with one. */
  declare readonly providerCode?: string;
  /** Request or trace id to quote to the bank. */
  declare readonly requestId?: string;
  constructor(
    message: string,
    details: BankkitErrorOptions & {
      status?: number | undefined;
      providerCode?: string | undefined;
      requestId?: string | undefined;
    } = {},
  ) {
    super('transfer_outcome_unknown', message, details);
    for (const key of ['status', 'providerCode', 'requestId'] as const) {
      if (details[key] !== undefined)
        Object.defineProperty(this, key, { value: details[key], enumerable: true });
    }
  }
}

/** A client was constructed with options that cannot work; the message names what is missing or wrong. */
export class ConfigurationError extends BankkitError {
  static override readonly kind: string = 'ConfigurationError';
  constructor(message: string, options?: BankkitErrorOptions) {
    super('configuration_error', message, options);
  }
}

/** A method was called with an argument that fails local validation; nothing was sent. */
export class InvalidInputError extends BankkitError {
  static override readonly kind: string = 'InvalidInputError';
  /** The argument or field at fault, e.g. `amount`. */
  declare readonly field?: string;
  constructor(message: string, options: BankkitErrorOptions & { field?: string | undefined } = {}) {
    super('invalid_input', message, options);
    if (options.field) Object.defineProperty(this, 'field', { value: options.field, enumerable: true });
  }
}

/**
 * The OAuth authorization step did not give a usable code: the user denied access, the provider
 * reported an error, or the `state` did not match (a possible forgery; nothing was exchanged).
 */
export class OAuthCallbackError extends BankkitError {
  static override readonly kind: string = 'OAuthCallbackError';
  /** The OAuth `error` parameter (`access_denied`, ...), or `state_mismatch` / `missing_code`. */
  declare readonly oauthError: string;
  constructor(message: string, options: BankkitErrorOptions & { oauthError: string }) {
    super('oauth_callback_error', message, options);
    Object.defineProperty(this, 'oauthError', { value: options.oauthError, enumerable: true });
  }
}
