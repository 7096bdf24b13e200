import { InvalidInputError, ResponseTooLargeError } from '../errors/local-errors.js';
import { AttemptFailure } from './attempt-failure.js';
import { describeCause } from './error-mapping.js';
import type { AttemptHooks } from './request-parts.js';
import { AttemptDeadline, readText } from './timeout.js';

/** Everything one exchange sends. */
export interface ExchangeRequest {
  provider: string;
  url: string;
  /** The redacted URL, computed only when needed. */
  endpoint: () => string;
  method: string;
  headers: Record<string, string>;
  body: BodyInit | undefined;
  timeoutMs: number;
  /** The most decoded body bytes read before the exchange fails with ResponseTooLargeError. */
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
}

/** A response with its body read within the time limit. */
export interface Exchange {
  response: Response;
  text: string;
  durationMs: number;
}

/**
 * Sends one request with fetch and reads the whole body, both within the attempt's time limit.
 *
 * The request goes to fetch as it is, with no client library in between: the retries, the time
 * limit, the hooks and the errors are this layer's own, and a wrapper per request (ky's) cost more
 * than the rest of the layer together (see docs/performance.md). The global fetch gets the URL and
 * init and builds its own `Request`; a `Request` object is built here only for hooks and for an
 * injected fetch, which see the very object that is sent (as fetch wrappers commonly expect).
 *
 * @throws the caller's abort reason when the caller aborted; {@link AttemptFailure} (`timeout` or
 * `network`) when the exchange failed; InvalidInputError when no request could be built from the input;
 * ResponseTooLargeError when the body passed `maxResponseBytes` (never retried).
 */
export async function exchange(
  fetchImpl: typeof fetch | undefined,
  hooks: AttemptHooks | undefined,
  request: ExchangeRequest,
): Promise<Exchange> {
  const deadline = new AttemptDeadline(request.timeoutMs, request.signal);
  const init: RequestInit = {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    signal: deadline.signal,
    // Never followed: a redirect would carry the credentials (Client-Secret, a token, a transfer
    // body) to whatever host it names. A 3xx is answered as a failed response instead.
    redirect: 'manual',
  };
  const started = performance.now();
  try {
    let response: Response;
    if (hooks || fetchImpl) {
      const sent = buildRequest(request, init);
      await hooks?.beforeRequest(sent);
      response = await (fetchImpl ?? globalThis.fetch)(sent);
      await hooks?.afterResponse(sent, response);
    } else {
      // Looked up per request, so that a global fetch replaced later (by a test's mock) is used.
      response = await globalThis.fetch(request.url, init);
    }
    const text = await readText(response, deadline.signal, request.maxResponseBytes, (bytes) =>
      tooLarge(request, response.status, bytes),
    );
    return { response, text, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof ResponseTooLargeError) throw error;
    if (request.signal?.aborted) throw request.signal.reason;
    // fetch reports input it cannot send (an invalid header value) with the same TypeError as a
    // failed connection; whether a Request can be built from the input tells them apart, and
    // costs nothing on the way to a successful response.
    if (!deadline.timedOut) buildRequest(request, { ...init, signal: null });
    throw new AttemptFailure(deadline.timedOut ? 'timeout' : 'network', {
      cause: error,
      durationMs: performance.now() - started,
    });
  } finally {
    deadline.dispose();
  }
}

function tooLarge(request: ExchangeRequest, status: number, bytes: number): ResponseTooLargeError {
  const limit = request.maxResponseBytes;
  return new ResponseTooLargeError(
    `${request.provider}: the answer to ${request.method} ${request.endpoint()} (HTTP ${status}) passed the ${limit}-byte limit ` +
      `(${bytes} bytes or more once decoded), so reading stopped there and the request was not repeated. ` +
      'No legitimate answer of the provider is that large: ask for less (a shorter date range, a smaller page), or raise maxResponseBytes.',
    { provider: request.provider, endpoint: request.endpoint(), status, limitBytes: limit },
  );
}

/**
 * The request as a `Request` object.
 * @throws InvalidInputError when fetch could not send it (an invalid header name or value).
 */
function buildRequest(request: ExchangeRequest, init: RequestInit): Request {
  try {
    return new Request(request.url, init);
  } catch (error) {
    throw new InvalidInputError(
      `${request.provider}: could not build the ${request.method} request to ${request.endpoint()}: ${describeCause(error)}. Check the path, headers and body given.`,
      { provider: request.provider, cause: error },
    );
  }
}
