import type { ZodType } from 'zod';
import type { BankkitError } from '../errors/bankkit-error.js';
import { ConfigurationError } from '../errors/local-errors.js';
import type { RequestPacer, RequestPacing } from '../pacing/request-pacer.js';
import type { TokenManager } from '../tokens/token-manager.js';
import { type BodyContext, parseJsonBody, validateBody } from './json-body.js';
import type { Logger } from './logger.js';
import { createRequestLog } from './request-log.js';
import { attemptHooks, checkedTimeout } from './request-parts.js';
import { type ClientRuntime, runRequest } from './request-run.js';
import { StandingSecrets } from './request-secrets.js';
import { LazyHttpResult, LazyJsonResult, readableResponse } from './result.js';
import { resolveRetryPolicy } from './retry-policy.js';
import { createUrlResolver } from './url.js';

/** A query value. Arrays of them become repeated keys; adapters format dates themselves. */
export type QueryValue = string | number | boolean;

/** Retry policy for idempotent requests. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. `0` disables retrying. */
  retries?: number;
  /** First backoff delay; doubled each time, with full jitter. Default 250 ms. */
  minDelayMs?: number;
  /** Largest backoff delay. Default 8 000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown at once. Default 60 000 ms. */
  maxRetryAfterMs?: number;
}

/** What a provider's error body says, in bankkit's terms. */
export interface ProviderErrorInfo {
  /** The provider's own error code, e.g. `invalid_grant`. */
  providerCode?: string | undefined;
  /** The provider's own error message, quoted (redacted) in the error's message. */
  providerMessage?: string | undefined;
  /**
   * An id to quote to the provider's support. When absent, the layer looks at the `X-Request-Id`,
   * `X-Correlation-Id`, `X-Trace-Id`, `Request-Id` and `traceparent` response headers.
   */
  requestId?: string | undefined;
}

/** The failed exchange handed to {@link HttpClientOptions.mapError}. */
export interface FailedExchange {
  status: number;
  /** The body as text (possibly empty or HTML). */
  body: string;
  /** The response, with a body that can be read again. */
  response: Response;
  method: string;
  /** The redacted endpoint. */
  endpoint: string;
  info: ProviderErrorInfo;
}

/**
 * Hooks around each attempt (retries and the repeat after a 401 included), for tracing and
 * metrics. They must not throw; one that does is logged and ignored.
 */
export interface HttpHooks {
  /** Called with the request about to be sent. */
  beforeRequest?: (request: Request) => void | Promise<void>;
  /** Called with each response, before its body is read; `response` is a copy the hook may read. */
  afterResponse?: (request: Request, response: Response) => void | Promise<void>;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Provider id used in errors and logs. */
  provider: string;
  /** Origin plus optional base path, e.g. `https://api.sparebank1.no/personal/banking`. */
  baseUrl: string;
  /** Headers on every request (a function is called per attempt). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Injectable fetch. Default: the global one. */
  fetch?: typeof fetch;
  /** Per-attempt time limit covering headers and body. Default 30 000 ms; `Infinity` for none. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Gets a debug line per attempt (method, URL, status, duration) and a warning per retry, all redacted. */
  logger?: Logger | undefined;
  /** Bearer auth from a token manager: on a 401 the token is invalidated, renewed once and the request repeated once. */
  tokens?: TokenManager | undefined;
  /** Reads the provider's error envelope. Default: nothing is read. One that throws is ignored. */
  parseError?: (body: string, response: Response) => ProviderErrorInfo;
  /** Turns a failed exchange into a more specific error; return undefined for the default mapping. */
  mapError?: (exchange: FailedExchange) => BankkitError | undefined;
  /** Tracing and metrics hooks. */
  hooks?: HttpHooks;
  /**
   * Keeps requests within the provider's rate limits (a {@link RequestPacer}'s `pace`): awaited
   * before each attempt is sent, retries and the repeat after a 401 included.
   */
  pace?: RequestPacing | undefined;
}

/** One request. */
export interface RequestOptions {
  /** Default `GET`. */
  method?: 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Relative to `baseUrl` (`accounts/1`), an absolute path on its origin (`/v2/transactions?after=x`,
   * used as it is), or a full URL, which must be on the configured origin.
   */
  path: string;
  /**
   * Query parameters, added to any query the path has: arrays are sent as repeated keys, booleans as
   * `true` / `false`, undefined and null values are dropped.
   */
  query?: Record<string, QueryValue | readonly QueryValue[] | undefined | null>;
  /** A JSON body (sets `Content-Type: application/json` unless given). Not on GET or HEAD. */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`); undefined fields are dropped. Not on GET or HEAD. */
  form?: Record<string, string | undefined>;
  /** Headers of this request, over the client's (names compare case-insensitively). */
  headers?: Record<string, string>;
  /** Send the bearer token (when the client has a token manager). Default true. */
  auth?: boolean;
  /**
   * Whether the request may be retried. Default: true for GET, HEAD, OPTIONS, PUT and DELETE, false
   * for POST and PATCH. `true` marks a POST or PATCH as safe to repeat: never set it on anything
   * that moves money. `false` opts any request out of retries.
   */
  idempotent?: boolean;
  /** Cancels the request, and any wait before a retry; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** This request's per-attempt time limit, over the client's. */
  timeoutMs?: number;
}

/** A successful response whose body was read within the time limit. */
export interface HttpResult {
  /** The response; its body is still readable (`await result.response.json()`). */
  response: Response;
  /** The body as text. */
  text: string;
}

/** A parsed JSON result. */
export interface JsonResult<T> extends HttpResult {
  /** The parsed body, validated when a schema was given. */
  data: T;
}

/** The HTTP layer every adapter uses. */
export interface HttpClient {
  /**
   * Sends a request; resolves on 2xx with the body read, rejects with a typed bankkit error otherwise.
   * @throws HttpError (RateLimitError for 429, or what `mapError` returns) for non-2xx statuses;
   * NetworkError; TimeoutError; InvalidInputError for a request that cannot be sent (a URL on
   * another origin, a body on a GET); the signal's reason when the caller aborts.
   */
  request(options: RequestOptions): Promise<HttpResult>;
  /**
   * Sends a request (with `Accept: application/json` unless given) and parses the JSON body,
   * validating it with the schema when given. A body labelled as neither JSON nor `text/plain` is
   * refused unparsed.
   * @throws ResponseValidationError for empty, non-JSON (HTML) or broken (truncated) bodies and schema
   * mismatches, with each issue's dotted path; otherwise as {@link HttpClient.request}.
   */
  json<T>(options: RequestOptions, schema?: ZodType<T>): Promise<JsonResult<T>>;
  /** The configured origin (`https://api.bridgeapi.io`). */
  readonly origin: string;
}

/** The per-attempt time limit when none is configured. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Builds the HTTP layer for one provider: fetch with a per-attempt time limit that covers the body,
 * p-retry for idempotent requests, bearer auth with one renewal on a 401, hooks around each
 * attempt, and typed, redacted errors.
 * @throws ConfigurationError for an unusable `baseUrl`, `timeoutMs` or `retry` option.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { provider } = options;
  const urls = createUrlResolver(options.baseUrl, provider);
  const policy = resolveRetryPolicy(options.retry, provider);
  const defaultTimeoutMs = checkedTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => {
    throw new ConfigurationError(`${provider}: timeoutMs must be a positive number of milliseconds.`, {
      provider,
    });
  });
  const log = options.logger ? createRequestLog(options.logger, provider) : undefined;
  const runtime: ClientRuntime = {
    options,
    urls,
    policy,
    defaultTimeoutMs,
    fetch: options.fetch,
    hooks: attemptHooks(options.hooks, log),
    secrets: new StandingSecrets(typeof options.headers === 'function' ? undefined : options.headers),
    log,
  };

  return {
    origin: urls.origin,
    async request(request) {
      const { response, text } = await runRequest(runtime, request);
      return new LazyHttpResult(response, text);
    },
    async json<T>(request: RequestOptions, schema?: ZodType<T>): Promise<JsonResult<T>> {
      const { response, text, method, endpoint } = await runRequest(runtime, request, 'application/json');
      // Built only when the body is refused: redacting the URL and copying the response cost time.
      const context = (): BodyContext => ({
        provider,
        method,
        endpoint: endpoint(),
        response: readableResponse(response, text),
      });
      const data = parseJsonBody(text, response, context);
      return new LazyJsonResult(response, text, schema ? validateBody(data, schema, context) : (data as T));
    },
  };
}
