import {
  ConfigurationError,
  createHttpClient,
  type HttpClient,
  type HttpHooks,
  type Logger,
  type QueryValue,
  type RequestOptions,
  type RetryOptions,
  registerSecret,
  type TokenManager,
} from '@bankkit/core';
import type { z } from 'zod';
import {
  BRIDGE_PROVIDER_ID,
  type BridgeApiVersion,
  DEFAULT_BRIDGE_API_VERSION,
  DEFAULT_BRIDGE_BASE_URL,
} from '../api-version.js';
import { compiled } from '../schemas/compiled.js';
import { parseBridgeError } from './error-envelope.js';
import { type BridgePacingOptions, bridgePacing } from './pacing.js';
import { type WithResponse, withResponse } from './with-response.js';

/** Options every Bridge client takes: the app's credentials and how to reach the API. */
export interface BridgeConnectionOptions {
  /** The application's client id. */
  clientId: string;
  /** The application's client secret; sent as `Client-Secret` on every request, never logged. */
  clientSecret: string;
  /** Origin of the API. Default `https://api.bridgeapi.io`; point it at a sandbox for tests. */
  baseUrl?: string;
  /** Injectable fetch. Default: the global one. */
  fetch?: typeof fetch;
  /** Per-attempt time limit covering headers and body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy for idempotent requests (GET, DELETE), or `false`. POSTs are never retried. */
  retry?: RetryOptions | false;
  /** Where request logs go (redacted). */
  logger?: Logger;
  /** Hooks around each attempt, for tracing and metrics. */
  hooks?: HttpHooks;
  /** The API version to speak. Default 2021-06-01. */
  apiVersion?: BridgeApiVersion;
  /**
   * Client-side pacing within Bridge's documented rate limits (on by default: 2,000 requests per app
   * per 5 minutes, 60 per user per minute, 10 token requests per user per minute), shared by every
   * client of the app in the process; `false` turns it off.
   */
  pacing?: BridgePacingOptions | false;
}

/** Query parameters of one request, already encoded; `undefined` values are left out. */
export type Query = Record<string, QueryValue | readonly QueryValue[] | undefined>;

/** What a call may add to a request. */
export interface CallOptions {
  /** Query parameters, already encoded. */
  query?: Query | undefined;
  /** `Accept-Language`: sent only when given. */
  language?: string | undefined;
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
  /** Attach the user's bearer token (user clients only). Default true. */
  auth?: boolean;
  /** Extra headers. */
  headers?: Record<string, string> | undefined;
}

/**
 * The request plumbing the app and user clients share: the version and app-credential headers on
 * every request, Bridge's error envelope, JSON parsing with a schema, and the raw response kept on
 * each result. Built on core's HTTP layer (timeouts, retries of idempotent requests only, redaction,
 * bearer tokens with one renewal on a 401).
 */
export class BridgeTransport {
  /** Core's HTTP client for this API. */
  readonly http: HttpClient;
  /** The origin requests go to (and the only one a `next_uri` may point at). */
  readonly origin: string;
  /** The API version spoken. */
  readonly apiVersion: BridgeApiVersion;

  /**
   * @param tokens - The user's token manager (user clients).
   * @param userKey - Who the user is (how the client logs them in), for the per-user rate limits.
   */
  constructor(options: BridgeConnectionOptions, tokens?: TokenManager, userKey?: string) {
    requireString(options.clientId, 'clientId');
    requireString(options.clientSecret, 'clientSecret');
    registerSecret(options.clientSecret);
    this.apiVersion = options.apiVersion ?? DEFAULT_BRIDGE_API_VERSION;
    const base = parseBaseUrl(options.baseUrl ?? DEFAULT_BRIDGE_BASE_URL);
    this.origin = base.origin;
    const headers = {
      [this.apiVersion.header]: this.apiVersion.version,
      'Client-Id': options.clientId,
      'Client-Secret': options.clientSecret,
    };
    this.http = createHttpClient({
      provider: BRIDGE_PROVIDER_ID,
      baseUrl: `${base.origin}${base.pathname.replace(/\/+$/, '')}${this.apiVersion.basePath}`,
      headers,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      retry: options.retry,
      logger: options.logger,
      hooks: options.hooks,
      tokens,
      parseError: parseBridgeError,
      pace: bridgePacing({
        pacing: options.pacing,
        origin: base.origin,
        clientId: options.clientId,
        userKey,
        logger: options.logger,
      }),
    });
  }

  /** A JSON resource, validated by `schema`, with its raw response attached. */
  async get<T extends object>(
    path: string,
    schema: z.ZodType<T>,
    options: CallOptions = {},
  ): Promise<WithResponse<T>> {
    return this.json(this.request('GET', path, options), schema);
  }

  /** Sends a request with a JSON body (or none) and validates the JSON answer. */
  async send<T extends object>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: z.ZodType<T>,
    options: CallOptions & { json?: unknown } = {},
  ): Promise<WithResponse<T>> {
    return this.json(this.request(method, path, options), schema);
  }

  /** Sends a request whose answer has no body to read (202, 204). */
  async sendEmpty(
    method: 'POST' | 'DELETE',
    path: string,
    options: CallOptions & { json?: unknown } = {},
  ): Promise<void> {
    await this.http.request(this.request(method, path, options));
  }

  /** Sends a prepared request and validates its JSON answer. */
  async json<T extends object>(request: RequestOptions, schema: z.ZodType<T>): Promise<WithResponse<T>> {
    const result = await this.http.json(request, compiled(schema));
    return withResponse(result.data, result);
  }

  /** The request core's HTTP layer sends for a call: headers, query, body, auth and signal. */
  request(
    method: NonNullable<RequestOptions['method']>,
    path: string,
    options: CallOptions & { json?: unknown },
  ): RequestOptions {
    const headers: Record<string, string> = { ...options.headers };
    if (options.language !== undefined) {
      requireString(options.language, 'language');
      headers['Accept-Language'] = options.language;
    }
    const request: RequestOptions = { method, path, headers };
    if (options.query) request.query = options.query;
    if (options.json !== undefined) request.json = options.json;
    if (options.auth !== undefined) request.auth = options.auth;
    if (options.signal) request.signal = options.signal;
    return request;
  }
}

function requireString(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(`Bridge: ${name} must be a non-empty string.`, {
      provider: BRIDGE_PROVIDER_ID,
    });
  }
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`Bridge: baseUrl must be an absolute http(s) URL, got ${baseUrl}.`, {
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`Bridge: baseUrl must use http or https, got ${url.protocol}.`, {
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  if (url.search || url.hash) {
    throw new ConfigurationError('Bridge: baseUrl must not carry a query or a fragment.', {
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return url;
}
