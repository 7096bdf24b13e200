import {
  ConfigurationError,
  type Logger,
  type PacedAttempt,
  type PacingClaim,
  type PacingStore,
  type PacingWait,
  pacesByDefault,
  RequestPacer,
  type RequestPacing,
} from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';

/** One rate limit: at most `limit` requests in any `windowMs`. */
export interface BridgeRateLimit {
  limit: number;
  windowMs: number;
}

/** Bridge's rate limits, as documented (bridge-v2 §8, v3 F-13). */
export interface BridgeRateLimits {
  /** Every request of the app: 2,000 per 5 minutes (Bridge's support can raise it). */
  perApp: BridgeRateLimit;
  /** Every request made with one user's token: 60 per 60 s. */
  perUser: BridgeRateLimit;
  /** Token requests (`/v2/authenticate`, `/v3/aggregation/authorization/token`) for one user: 10 per 60 s. */
  tokenPerUser: BridgeRateLimit;
}

/** The documented limits, used where {@link BridgePacingOptions.limits} says nothing else. */
export const BRIDGE_RATE_LIMITS: Readonly<BridgeRateLimits> = Object.freeze({
  perApp: { limit: 2000, windowMs: 300_000 },
  perUser: { limit: 60, windowMs: 60_000 },
  tokenPerUser: { limit: 10, windowMs: 60_000 },
});

/** How a Bridge client paces its requests (the `pacing` option). */
export interface BridgePacingOptions {
  /**
   * Where the windows are counted. Default: core's process-wide store, so every client of the app
   * in this process (any user, any client object) shares them. Give a shared store (Redis) to pace
   * several processes together.
   */
  store?: PacingStore;
  /** Limits that differ from the documented ones (a raised app limit, a scaled sandbox). */
  limits?: Partial<BridgeRateLimits>;
  /** Called for every wait for a free slot (a debug log line is written too). */
  onWait?: (wait: PacingWait) => void;
}

const TOKEN_PATH = /\/(?:authenticate|authorization\/token)$/;

/**
 * The pacing hook of one Bridge client: every request takes a slot in the app's window; a request
 * with the user's bearer token in that user's window too, and a token request in the user's token
 * window. `userKey` names the user (how the client logs them in); app clients have none.
 */
export function bridgePacing(options: {
  pacing: BridgePacingOptions | false | undefined;
  origin: string;
  clientId: string;
  userKey: string | undefined;
  logger: Logger | undefined;
}): RequestPacing | undefined {
  const { pacing, origin, clientId, userKey } = options;
  if (pacing === false || (pacing === undefined && !pacesByDefault(origin))) return undefined;
  const limits = { ...BRIDGE_RATE_LIMITS, ...pacing?.limits };
  for (const [name, limit] of Object.entries(limits)) checkLimit(name, limit);
  const scope = `${BRIDGE_PROVIDER_ID}|${origin}|${clientId}`;
  const app = claim(`${scope}|app`, limits.perApp, 'per app');
  const user =
    userKey === undefined ? undefined : claim(`${scope}|user|${userKey}`, limits.perUser, 'per user');
  const token =
    userKey === undefined
      ? undefined
      : claim(`${scope}|token|${userKey}`, limits.tokenPerUser, 'token requests per user');
  const appOnly = [app];
  const userCall = user ? [app, user] : appOnly;
  const tokenCall = token ? [app, token] : appOnly;
  return new RequestPacer({
    provider: BRIDGE_PROVIDER_ID,
    store: pacing?.store,
    logger: options.logger,
    onWait: pacing?.onWait,
    claims: (attempt: PacedAttempt) => {
      if (attempt.auth) return userCall;
      return TOKEN_PATH.test(new URL(attempt.url).pathname) ? tokenCall : appOnly;
    },
  }).pace;
}

function checkLimit(name: string, limit: BridgeRateLimit): void {
  if (!Number.isInteger(limit?.limit) || limit.limit < 1 || !(limit.windowMs > 0)) {
    throw new ConfigurationError(
      `Bridge: pacing.limits.${name} must be { limit: a positive integer, windowMs: a positive number }.`,
      { provider: BRIDGE_PROVIDER_ID },
    );
  }
}

function claim(key: string, limit: BridgeRateLimit, scope: string): PacingClaim {
  return { key, limit: limit.limit, windowMs: limit.windowMs, label: `${scope}: ${describeLimit(limit)}` };
}

/** `60 requests / 1 min`. */
function describeLimit(limit: BridgeRateLimit): string {
  const seconds = limit.windowMs / 1000;
  return `${limit.limit} requests / ${seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`}`;
}
