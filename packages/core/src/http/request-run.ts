import pRetry from 'p-retry';
import type { BankkitError } from '../errors/bankkit-error.js';
import { InvalidInputError } from '../errors/local-errors.js';
import { redactUrl } from '../redaction/redact.js';
import type { TokenManager } from '../tokens/token-manager.js';
import { AttemptFailure } from './attempt-failure.js';
import {
  describeCause,
  type FailureContext,
  mapFailedResponse,
  networkFailure,
  readProviderInfo,
  timeoutFailure,
} from './error-mapping.js';
import { type Exchange, exchange } from './exchange.js';
import type { HttpClientOptions, RequestOptions } from './http-client.js';
import type { RequestLog } from './request-log.js';
import {
  type AttemptHooks,
  checkedTimeout,
  type PreparedBody,
  requestBody,
  requestHeaders,
} from './request-parts.js';
import {
  registerBodySecrets,
  registerHeaderSecrets,
  registerQuerySecrets,
  type StandingSecrets,
} from './request-secrets.js';
import { readableResponse } from './result.js';
import { parseRetryAfter } from './retry-after.js';
import { backoffDelay, isIdempotent, isRetryableStatus, type RetryPolicy, sleep } from './retry-policy.js';
import type { UrlResolver } from './url.js';

/** What every request of one client shares. */
export interface ClientRuntime {
  readonly options: HttpClientOptions;
  readonly urls: UrlResolver;
  readonly policy: RetryPolicy;
  readonly defaultTimeoutMs: number;
  /** An injected fetch; the global one when undefined. */
  readonly fetch: typeof fetch | undefined;
  readonly hooks: AttemptHooks | undefined;
  /** The client's default headers' secrets and its current token, registered for redaction. */
  readonly secrets: StandingSecrets;
  readonly log: RequestLog | undefined;
}

/** A successful exchange, and how to name its request in messages. */
export interface Performed extends Exchange {
  method: string;
  /** The redacted URL, computed on first use. */
  endpoint: () => string;
}

/**
 * Sends one request to completion: attempts with bearer auth (one renewal on a 401), retries of
 * idempotent requests on network errors, timeouts and 408/429/5xx, and on failure the typed error.
 * @param accept the default `Accept` header, when the caller expects a media type.
 */
export async function runRequest(
  client: ClientRuntime,
  request: RequestOptions,
  accept?: string,
): Promise<Performed> {
  return new RequestRun(client, request, accept).run();
}

class RequestRun {
  readonly #client: ClientRuntime;
  readonly #request: RequestOptions;
  readonly #accept: string | undefined;
  readonly #method: string;
  readonly #url: string;
  readonly #body: PreparedBody;
  readonly #timeoutMs: number;
  readonly #idempotent: boolean;
  readonly #auth: TokenManager | undefined;
  #redactedUrl: string | undefined;
  #attempts = 0;
  #renewed = false;

  constructor(client: ClientRuntime, request: RequestOptions, accept: string | undefined) {
    const { provider, tokens } = client.options;
    this.#client = client;
    this.#request = request;
    this.#accept = accept;
    this.#method = request.method ?? 'GET';
    this.#url = client.urls.resolve(request.path, request.query);
    this.#body = requestBody(this.#method, request, provider);
    this.#timeoutMs =
      request.timeoutMs === undefined
        ? client.defaultTimeoutMs
        : checkedTimeout(request.timeoutMs, () => {
            throw new InvalidInputError(`${provider}: timeoutMs must be a positive number of milliseconds.`, {
              provider,
              field: 'timeoutMs',
            });
          });
    this.#idempotent = isIdempotent(this.#method, request.idempotent);
    this.#auth = request.auth === false ? undefined : tokens;
    registerQuerySecrets(request.query);
    registerBodySecrets(request.json, request.form);
  }

  /** The redacted URL, for messages and logs. */
  readonly endpoint = (): string => {
    this.#redactedUrl ??= redactUrl(this.#url);
    return this.#redactedUrl;
  };

  async run(): Promise<Performed> {
    const { signal } = this.#request;
    try {
      const result = await pRetry(this.#attempt, {
        retries: this.#idempotent ? this.#client.policy.retries : 0,
        // The wait is decided in shouldRetry (full jitter, Retry-After), so p-retry adds none.
        minTimeout: 0,
        shouldRetry: this.#shouldRetry,
        ...(signal ? { signal } : {}),
      });
      return { ...result, method: this.#method, endpoint: this.endpoint };
    } catch (error) {
      throw error instanceof AttemptFailure ? this.#typedError(error) : error;
    }
  }

  readonly #attempt = async (): Promise<Exchange> => {
    this.#attempts++;
    this.#request.signal?.throwIfAborted();
    const auth = this.#auth;
    const token = auth ? await auth.getAccessToken() : undefined;
    let result = await this.#send(token);
    if (result.response.status === 401 && auth && !this.#renewed) {
      // The gateway refuses a bad token before doing anything, so even a POST is safe to repeat once.
      this.#renewed = true;
      this.#log('info', 'was refused with 401: renewing the access token and repeating once', {});
      // Only the refused token: a 401 arriving after another call already renewed must not throw
      // the new token away (with rotating refresh tokens, that would spend one more).
      await auth.invalidate(token);
      result = await this.#send(await auth.getAccessToken());
    }
    const { response, text } = result;
    if (response.ok) return result;
    const retryAfterMs =
      response.status === 429 || isRetryableStatus(response.status)
        ? parseRetryAfter(response.headers.get('retry-after'))
        : undefined;
    throw new AttemptFailure('status', { response, text, retryAfterMs });
  };

  async #send(token: string | undefined): Promise<Exchange> {
    const { options } = this.#client;
    // Fixed default headers and the token are the client's standing secrets; headers computed per
    // attempt and this request's own are registered every time.
    this.#client.secrets.register(token);
    const defaults = typeof options.headers === 'function' ? options.headers() : options.headers;
    if (typeof options.headers === 'function') registerHeaderSecrets(defaults);
    registerHeaderSecrets(this.#request.headers);
    const headers = requestHeaders(
      defaults,
      this.#request.headers,
      this.#accept,
      this.#body.contentType,
      token,
    );
    const done = options.pace
      ? await options.pace({
          method: this.#method,
          url: this.#url,
          auth: token !== undefined,
          endpoint: this.endpoint,
          signal: this.#request.signal,
        })
      : undefined;
    try {
      const result = await exchange(this.#client.fetch, this.#client.hooks, {
        provider: options.provider,
        url: this.#url,
        endpoint: this.endpoint,
        method: this.#method,
        headers,
        body: this.#body.text,
        timeoutMs: this.#timeoutMs,
        signal: this.#request.signal,
      });
      const durationMs = Math.round(result.durationMs);
      this.#log('debug', `-> ${result.response.status} in ${durationMs} ms`, {
        status: result.response.status,
        durationMs,
        attempt: this.#attempts,
      });
      return result;
    } catch (error) {
      if (error instanceof AttemptFailure) {
        const durationMs = Math.round(error.durationMs ?? 0);
        this.#log('debug', `failed after ${durationMs} ms: ${error.kind}`, {
          error:
            error.kind === 'timeout' ? `timed out after ${this.#timeoutMs} ms` : describeCause(error.cause),
          durationMs,
          attempt: this.#attempts,
        });
      }
      throw error;
    } finally {
      done?.();
    }
  }

  readonly #shouldRetry = async ({ error, attemptNumber }: { error: Error; attemptNumber: number }) => {
    if (!(error instanceof AttemptFailure)) return false;
    const { status, retryAfterMs } = error;
    if (status !== undefined && !isRetryableStatus(status)) return false;
    const { policy } = this.#client;
    const reason = status === undefined ? error.kind : `HTTP ${status}`;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
      this.#log(
        'warn',
        `got ${reason} with Retry-After ${Math.ceil(retryAfterMs / 1000)} s, over the ${policy.maxRetryAfterMs} ms limit: not waiting`,
        { reason, retryAfterMs },
      );
      return false;
    }
    const delayMs = retryAfterMs ?? backoffDelay(attemptNumber, policy);
    this.#log('warn', `failed (${reason}); retry ${attemptNumber} of ${policy.retries} in ${delayMs} ms`, {
      reason,
      delayMs,
      attempt: attemptNumber,
    });
    await sleep(delayMs, this.#request.signal);
    return true;
  };

  /** The typed error for the last failed attempt, once no attempt is left. */
  #typedError(failure: AttemptFailure): BankkitError {
    const { provider, parseError, mapError } = this.#client.options;
    const context: FailureContext = {
      provider,
      method: this.#method,
      endpoint: this.endpoint(),
      attempts: this.#attempts,
      idempotent: this.#idempotent,
    };
    if (failure.kind === 'timeout') return timeoutFailure(context, this.#timeoutMs, failure.cause);
    if (failure.kind === 'network' || !failure.response) return networkFailure(context, failure.cause);
    const response = readableResponse(failure.response, failure.text);
    const exchange = {
      status: response.status,
      body: failure.text,
      response,
      method: this.#method,
      endpoint: context.endpoint,
      info: readProviderInfo(parseError, failure.text, response),
    };
    return mapFailedResponse(exchange, context, failure.retryAfterMs, mapError);
  }

  /** Logs "METHOD url message" with the method and URL as fields too; nothing is built without a logger. */
  #log(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    const log = this.#client.log;
    if (!log) return;
    const url = this.endpoint();
    log(level, `${this.#method} ${url} ${message}`, { method: this.#method, url, ...fields });
  }
}
