import { type KyInstance, NetworkError as KyNetworkError } from 'ky';
import { InvalidInputError } from '../errors/local-errors.js';
import { AttemptFailure } from './attempt-failure.js';
import { describeCause } from './error-mapping.js';
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
  signal: AbortSignal | undefined;
}

/** A response with its body read within the time limit. */
export interface Exchange {
  response: Response;
  text: string;
  durationMs: number;
}

/**
 * Sends one request through ky and reads the whole body, both within the attempt's time limit.
 *
 * ky's own timeout is off, so its internal abort controller never fires; the attempt's signal is
 * handed straight to fetch instead of through ky's `signal` option, which would cost an extra
 * `AbortSignal.any` on every request.
 *
 * @throws the caller's abort reason when the caller aborted; {@link AttemptFailure} (`timeout` or
 * `network`) when the exchange failed; InvalidInputError when no request could be built from the input.
 */
export async function exchange(
  api: KyInstance,
  fetchImpl: typeof fetch | undefined,
  request: ExchangeRequest,
): Promise<Exchange> {
  const deadline = new AttemptDeadline(request.timeoutMs, request.signal);
  const started = performance.now();
  try {
    let pending: Promise<Response>;
    try {
      pending = api(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        fetch: (input) => (fetchImpl ?? globalThis.fetch)(input, { signal: deadline.signal }),
      });
    } catch (error) {
      throw new InvalidInputError(
        `${request.provider}: could not build the ${request.method} request to ${request.endpoint()}: ${describeCause(error)}. Check the path, headers and body given.`,
        { provider: request.provider, cause: error },
      );
    }
    const response = await pending;
    const text = await readText(response, deadline.signal);
    return { response, text, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    if (request.signal?.aborted) throw request.signal.reason;
    const cause = error instanceof KyNetworkError && error.cause !== undefined ? error.cause : error;
    throw new AttemptFailure(deadline.timedOut ? 'timeout' : 'network', {
      cause,
      durationMs: performance.now() - started,
    });
  } finally {
    deadline.dispose();
  }
}
