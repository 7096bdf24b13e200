import { redact } from '../redaction/redact.js';
import { BankkitError, type BankkitErrorCode, type BankkitErrorOptions } from './bankkit-error.js';

/** Details of an HTTP exchange that failed, as carried by {@link HttpError} and friends. */
export interface HttpErrorDetails extends BankkitErrorOptions {
  /** HTTP status code. */
  status: number;
  /** The provider's own error code (`type` for Bridge, `errors[0].code` or `error` for SpareBank 1). */
  providerCode?: string | undefined;
  /** The provider's own error message. */
  providerMessage?: string | undefined;
  /** A request or trace id to quote to the provider's support. */
  requestId?: string | undefined;
  /** The raw response; its body may already have been read. Never serialized. */
  response?: Response | undefined;
  /** HTTP method of the failed request. */
  method?: string | undefined;
  /** The endpoint, redacted: path and non-secret query. */
  endpoint?: string | undefined;
}

function assignHttpDetails(target: object, details: HttpErrorDetails): void {
  const { provider: _p, cause: _c, response, ...fields } = details;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // The provider's own text can echo what it was sent (a token, a password): redact it like ours.
    const safe = typeof value === 'string' ? redact(value) : value;
    Object.defineProperty(target, key, { value: safe, enumerable: true });
  }
  if (response) Object.defineProperty(target, 'response', { value: response, enumerable: false });
}

/** A provider answered with a non-2xx status that no more specific error describes. */
export class HttpError extends BankkitError {
  static override readonly kind: string = 'HttpError';
  /** HTTP status code. */
  declare readonly status: number;
  /** The provider's own error code. */
  declare readonly providerCode?: string;
  /** The provider's own error message. */
  declare readonly providerMessage?: string;
  /** Request or trace id to quote to the provider's support. */
  declare readonly requestId?: string;
  /** The raw HTTP response (non-enumerable, never serialized). */
  declare readonly response?: Response;
  /** HTTP method of the failed request. */
  declare readonly method?: string;
  /** The endpoint that failed, redacted. */
  declare readonly endpoint?: string;

  constructor(message: string, details: HttpErrorDetails, code: BankkitErrorCode = 'http_error') {
    super(code, message, details);
    assignHttpDetails(this, details);
  }

  /** `traceId` is SpareBank 1's name for the request id. */
  get traceId(): string | undefined {
    return this.requestId;
  }
}

/** The provider's rate limit was hit (HTTP 429). */
export class RateLimitError extends HttpError {
  static override readonly kind: string = 'RateLimitError';
  /** How long the provider asked to wait, when it said (`Retry-After`); otherwise undefined. */
  declare readonly retryAfterMs?: number;

  constructor(message: string, details: HttpErrorDetails & { retryAfterMs?: number | undefined }) {
    const { retryAfterMs, ...rest } = details;
    super(message, rest, 'rate_limited');
    if (retryAfterMs !== undefined) {
      Object.defineProperty(this, 'retryAfterMs', { value: retryAfterMs, enumerable: true });
    }
  }
}

/**
 * The application's own credentials were refused (wrong or expired client secret, wrong user
 * credentials): fixing it needs a configuration change, not a retry.
 */
export class AuthenticationError extends BankkitError {
  static override readonly kind: string = 'AuthenticationError';
  /** HTTP status, when the refusal came from the server. */
  declare readonly status?: number;
  /** The provider's own error code, e.g. `invalid_client`. */
  declare readonly providerCode?: string;
  /** The provider's own error message. */
  declare readonly providerMessage?: string;
  /** Request or trace id. */
  declare readonly requestId?: string;
  /** The raw HTTP response (non-enumerable, never serialized). */
  declare readonly response?: Response;

  constructor(message: string, details: Partial<HttpErrorDetails> = {}) {
    super('authentication_failed', message, details);
    assignHttpDetails(this, details as HttpErrorDetails);
  }
}

/**
 * The user's login is gone for good (refresh token used, revoked or aged out; consent expired):
 * the user must log in again through the provider's own flow (BankID for SpareBank 1).
 */
export class ReauthorizationRequiredError extends BankkitError {
  static override readonly kind: string = 'ReauthorizationRequiredError';
  /** HTTP status, when the refusal came from the server. */
  declare readonly status?: number;
  /** The provider's own error code, e.g. `invalid_grant`. */
  declare readonly providerCode?: string;
  /** The raw HTTP response (non-enumerable, never serialized). */
  declare readonly response?: Response;

  constructor(message: string, details: Partial<HttpErrorDetails> = {}) {
    super('reauthorization_required', message, details);
    assignHttpDetails(this, details as HttpErrorDetails);
  }
}
