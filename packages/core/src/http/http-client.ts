import type { ZodType } from 'zod';
import type { BankkitError } from '../errors/bankkit-error.js';
import type { TokenManager } from '../tokens/token-manager.js';
import type { Logger } from './logger.js';

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
  providerCode?: string | undefined;
  providerMessage?: string | undefined;
  requestId?: string | undefined;
}

/** The failed exchange handed to {@link HttpClientOptions.mapError}. */
export interface FailedExchange {
  status: number;
  /** The body as text (possibly empty or HTML). */
  body: string;
  response: Response;
  method: string;
  /** The redacted endpoint. */
  endpoint: string;
  info: ProviderErrorInfo;
}

/** Hooks around each attempt; for tracing and metrics. They must not throw. */
export interface HttpHooks {
  beforeRequest?: (request: Request) => void | Promise<void>;
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
  /** Per-attempt time limit covering headers and body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  logger?: Logger | undefined;
  /** Bearer auth from a token manager: on a 401 the token is invalidated, renewed once and the request repeated once. */
  tokens?: TokenManager | undefined;
  /** Reads the provider's error envelope. */
  parseError?: (body: string, response: Response) => ProviderErrorInfo;
  /** Turns a failed exchange into a more specific error; return undefined for the default mapping. */
  mapError?: (exchange: FailedExchange) => BankkitError | undefined;
  hooks?: HttpHooks;
}

/** One request. */
export interface RequestOptions {
  method?: 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Relative to `baseUrl` (`accounts/1`), an absolute path on its origin (`/v2/transactions?after=x`,
   * used as it is), or a full URL, which must be on the configured origin.
   */
  path: string;
  /** Query parameters; arrays are sent as repeated keys; undefined values are dropped. */
  query?: Record<string, QueryValue | readonly QueryValue[] | undefined | null>;
  /** A JSON body (sets `Content-Type: application/json` unless given). */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Send the bearer token (when the client has a token manager). Default true. */
  auth?: boolean;
  /** Marks a POST or PATCH as safe to repeat; never set it on anything that moves money. */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
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
  data: T;
}

/** The HTTP layer every adapter uses. */
export interface HttpClient {
  /** Sends a request; resolves on 2xx with the body read, rejects with a typed bankkit error otherwise. */
  request(options: RequestOptions): Promise<HttpResult>;
  /**
   * Sends a request and parses the JSON body, validating it with the schema when given.
   * @throws ResponseValidationError for non-JSON (HTML, truncated) bodies and schema mismatches.
   */
  json<T>(options: RequestOptions, schema?: ZodType<T>): Promise<JsonResult<T>>;
  /** The configured origin (`https://api.bridgeapi.io`). */
  readonly origin: string;
}

/** Builds the HTTP layer for one provider. */
export function createHttpClient(_options: HttpClientOptions): HttpClient {
  throw new Error('not implemented');
}
