import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { BridgeEnv } from '../context.js';
import type { BridgeV3Deps } from './context.js';
import { BridgeV3ApiError } from './errors.js';

/** The API version the `/v3` routes speak. */
export const BRIDGE_V3_VERSION = '2025-01-15';

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What every `/v3` request needs: `Bridge-Version: 2025-01-15` (F-2) and the app's `Client-Id` +
 * `Client-Secret` (F-3), then the app's rate limit (shared with `/v2`: it is the same app).
 */
export function v3AppHeaders(deps: BridgeV3Deps): MiddlewareHandler<BridgeEnv> {
  return async (c, next) => {
    const version = c.req.header('bridge-version');
    if (version?.trim() !== BRIDGE_V3_VERSION) {
      throw new BridgeV3ApiError(
        400,
        'invalid_bridge_version',
        version === undefined
          ? `The Bridge-Version header is required (${BRIDGE_V3_VERSION})`
          : `Unsupported Bridge-Version ${version}; this API speaks ${BRIDGE_V3_VERSION}`,
        'Bridge-Version',
      );
    }
    const options = deps.bridge.options;
    if (
      !sameSecret(c.req.header('client-id'), options.clientId) ||
      !sameSecret(c.req.header('client-secret'), options.clientSecret)
    ) {
      throw new BridgeV3ApiError(401, 'invalid_client_credentials', 'The client id and secret are invalid');
    }
    deps.bridge.limits.app(options.clientId);
    await next();
  };
}

/**
 * User routes: a live `Authorization: Bearer` token (on top of the app headers, F-4), then the
 * per-user rate limit.
 */
export function v3User(deps: BridgeV3Deps): MiddlewareHandler<BridgeEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) {
      throw new BridgeV3ApiError(401, 'invalid_access_token', 'A Bearer access token is required');
    }
    const token = match[1] as string;
    const store = deps.bridge.store;
    const uuid = store.tokens.resolve(token, deps.bridge.runtime.clock.nowMs());
    const user = uuid === undefined ? undefined : store.users.get(uuid);
    if (user === undefined) {
      throw new BridgeV3ApiError(401, 'invalid_access_token', 'The access token is invalid or expired');
    }
    deps.bridge.limits.user(user.uuid);
    c.set('user', user);
    c.set('accessToken', token);
    await next();
  };
}
