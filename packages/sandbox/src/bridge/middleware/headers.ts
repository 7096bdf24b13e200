import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { BridgeDeps, BridgeEnv } from '../context.js';
import { BridgeApiError, unauthorized } from '../errors.js';

/** The only API version this emulator speaks. */
export const BRIDGE_VERSION = '2021-06-01';

/** Headers every real Bridge v2 response carries (from recorded traffic); no rate-limit headers. */
const RESPONSE_HEADERS: readonly (readonly [string, string])[] = [
  ['server', 'Bridge'],
  ['cache-control', 'no-cache, no-store, max-age=0, must-revalidate'],
  ['pragma', 'no-cache'],
  ['expires', '0'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['x-xss-protection', '1; mode=block'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
];

/** Adds Bridge's standard response headers to every answer, errors included. */
export const responseHeaders: MiddlewareHandler<BridgeEnv> = async (c, next) => {
  await next();
  for (const [name, value] of RESPONSE_HEADERS) c.res.headers.set(name, value);
};

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks what every `/v2` request needs: `Bridge-Version` (or its old name `Bankin-Version`) set to
 * 2021-06-01, and the app's `Client-Id` + `Client-Secret`. Then counts the request against the app's
 * rate limit.
 */
export function appHeaders(deps: BridgeDeps): MiddlewareHandler<BridgeEnv> {
  return async (c, next) => {
    const version = c.req.header('bridge-version') ?? c.req.header('bankin-version');
    if (version === undefined) {
      throw new BridgeApiError(
        deps.options.missingVersionStatus,
        'bad_request',
        'The Bridge-Version header is required',
      );
    }
    if (version.trim() !== BRIDGE_VERSION) {
      throw new BridgeApiError(
        400,
        'bad_request',
        `Unsupported Bridge-Version ${version}; this API speaks ${BRIDGE_VERSION}`,
      );
    }
    const clientId = c.req.header('client-id');
    const clientSecret = c.req.header('client-secret');
    if (clientId === undefined || clientSecret === undefined) {
      throw unauthorized('The Client-Id and Client-Secret headers are required');
    }
    if (
      !sameSecret(clientId, deps.options.clientId) ||
      !sameSecret(clientSecret, deps.options.clientSecret)
    ) {
      throw unauthorized('Invalid client credentials');
    }
    deps.limits.app(deps.options.clientId);
    await next();
  };
}
