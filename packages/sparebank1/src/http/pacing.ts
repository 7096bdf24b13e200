import {
  ConfigurationError,
  type Logger,
  type PacingClaim,
  type PacingStore,
  type PacingWait,
  pacesByDefault,
  RequestPacer,
  type RequestPacing,
} from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';

/** One rate limit: at most `limit` requests in any `windowMs`. */
export interface SpareBank1RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * The limit bankkit paces SpareBank 1 requests to by default: 60 per hour per OAuth client. No
 * official source gives a number; this is the one the community reports (sparebank1.md §9). Its scope
 * is unknown too, so every request of the client counts, the token endpoint's included: the stricter
 * reading, which also keeps within the looser ones.
 */
export const SPAREBANK1_RATE_LIMIT: Readonly<SpareBank1RateLimit> = Object.freeze({
  limit: 60,
  windowMs: 3_600_000,
});

/** How a SpareBank 1 client paces its requests (the `pacing` option). */
export interface SpareBank1PacingOptions {
  /**
   * Where the window is counted. Default: core's process-wide store, so every client object with
   * the same client id in this process shares it. Give a shared store (Redis) to pace several
   * processes together.
   */
  store?: PacingStore;
  /** A limit other than {@link SPAREBANK1_RATE_LIMIT}. */
  limit?: SpareBank1RateLimit;
  /** Called for every wait for a free slot (a debug log line is written too). */
  onWait?: (wait: PacingWait) => void;
}

/**
 * The pacing hook of one SpareBank 1 client (its API and its token endpoint share it): every
 * request takes a slot in the client id's window.
 */
export function spareBank1Pacing(options: {
  pacing: SpareBank1PacingOptions | false | undefined;
  origin: string;
  clientId: string;
  logger: Logger | undefined;
}): RequestPacing | undefined {
  const { pacing, origin, clientId } = options;
  if (pacing === false || (pacing === undefined && !pacesByDefault(origin))) return undefined;
  const limit = pacing?.limit ?? SPAREBANK1_RATE_LIMIT;
  if (!Number.isInteger(limit?.limit) || limit.limit < 1 || !(limit.windowMs > 0)) {
    throw new ConfigurationError(
      'SpareBank1Client: pacing.limit must be { limit: a positive integer, windowMs: a positive number }.',
      { provider: PROVIDER_ID },
    );
  }
  const claims: readonly PacingClaim[] = [
    {
      key: `${PROVIDER_ID}|${origin}|${clientId}`,
      limit: limit.limit,
      windowMs: limit.windowMs,
      label: `per client: ${limit.limit} requests / ${formatWindow(limit.windowMs)}`,
    },
  ];
  return new RequestPacer({
    provider: PROVIDER_ID,
    store: pacing?.store,
    logger: options.logger,
    onWait: pacing?.onWait,
    claims: () => claims,
  }).pace;
}

function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
