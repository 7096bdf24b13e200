import { InvalidInputError } from '../errors/local-errors.js';
import { describeCause } from './error-mapping.js';
import type { HttpClientOptions, HttpHooks, RequestOptions } from './http-client.js';
import type { RequestLog } from './request-log.js';

/** A request body, serialized once so that every attempt sends the same bytes. */
export interface PreparedBody {
  text: string | undefined;
  contentType: string | undefined;
}

const NO_BODY: PreparedBody = Object.freeze({ text: undefined, contentType: undefined });

/**
 * The body of a request from its `json` or `form` option.
 * @throws InvalidInputError for both at once, a body on GET or HEAD, or a value JSON cannot hold.
 */
export function requestBody(method: string, request: RequestOptions, provider: string): PreparedBody {
  const { json, form } = request;
  if (json === undefined && form === undefined) return NO_BODY;
  const refuse = (why: string): never => {
    throw new InvalidInputError(`${provider}: ${method} ${request.path}: ${why}. Nothing was sent.`, {
      provider,
      field: json === undefined ? 'form' : 'json',
    });
  };
  if (json !== undefined && form !== undefined) refuse('give either a json or a form body, not both');
  if (method === 'GET' || method === 'HEAD') refuse(`a ${method} request cannot carry a body`);
  if (form !== undefined) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value !== undefined) params.append(key, value);
    return { text: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(json);
  } catch (error) {
    refuse(`the json body cannot be serialized (${describeCause(error)})`);
  }
  if (text === undefined) refuse('the json body is not a JSON value');
  return { text, contentType: 'application/json' };
}

/**
 * The headers of one attempt, names lower-cased so a caller's `Accept` replaces the default
 * `accept` instead of joining it. The bearer token, when there is one, always wins.
 */
export function requestHeaders(
  defaults: HttpClientOptions['headers'],
  perRequest: Record<string, string> | undefined,
  accept: string | undefined,
  contentType: string | undefined,
  token: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (accept !== undefined) headers.accept = accept;
  if (contentType !== undefined) headers['content-type'] = contentType;
  copyLowerCased(typeof defaults === 'function' ? defaults() : defaults, headers);
  copyLowerCased(perRequest, headers);
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return headers;
}

function copyLowerCased(from: Record<string, string> | undefined, to: Record<string, string>): void {
  if (!from) return;
  for (const name in from) {
    const value = from[name];
    if (value !== undefined) to[name.toLowerCase()] = value;
  }
}

/** `value` when it is a usable time limit (a positive number; `Infinity` means none), else `fail()`. */
export function checkedTimeout(value: unknown, fail: () => never): number {
  return typeof value === 'number' && value > 0 ? value : fail();
}

/** The client's hooks, ready to run around each attempt. */
export interface AttemptHooks {
  /** Runs before the request is sent; it may still change the request's headers. */
  beforeRequest(request: Request): Promise<void>;
  /** Runs with a copy of the response, so that reading its body leaves the original unread. */
  afterResponse(request: Request, response: Response): Promise<void>;
}

/**
 * The client's hooks, run on every attempt, or undefined when there are none (the request then
 * never needs a `Request` object of its own). A hook that throws is logged and ignored: tracing must
 * not fail a request.
 */
export function attemptHooks(
  hooks: HttpHooks | undefined,
  log: RequestLog | undefined,
): AttemptHooks | undefined {
  const { beforeRequest, afterResponse } = hooks ?? {};
  if (!beforeRequest && !afterResponse) return undefined;
  const guarded = async (name: string, run: () => void | Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      log?.('warn', `The ${name} hook threw; ignoring it: ${describeCause(error)}`, { hook: name });
    }
  };
  return {
    beforeRequest: async (request) => {
      if (beforeRequest) await guarded('beforeRequest', () => beforeRequest(request));
    },
    afterResponse: async (request, response) => {
      if (afterResponse) await guarded('afterResponse', () => afterResponse(request, response.clone()));
    },
  };
}
