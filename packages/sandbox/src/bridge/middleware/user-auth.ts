import type { MiddlewareHandler } from 'hono';
import type { BridgeDeps, BridgeEnv } from '../context.js';
import { unauthorized } from '../errors.js';

/**
 * User-scoped routes: a live `Authorization: Bearer <token>` (not unknown, expired on the sandbox
 * clock, logged out or revoked), then the per-user rate limit.
 */
export function requireUser(deps: BridgeDeps): MiddlewareHandler<BridgeEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) throw unauthorized('A Bearer access token is required');
    const token = match[1] as string;
    const store = deps.store;
    const uuid = store.tokens.resolve(token, deps.runtime.clock.nowMs());
    const user = uuid === undefined ? undefined : store.users.get(uuid);
    if (user === undefined) throw unauthorized('The access token is invalid or expired');
    deps.limits.user(user.uuid);
    c.set('user', user);
    c.set('accessToken', token);
    await next();
  };
}
