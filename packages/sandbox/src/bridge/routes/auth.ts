import type { BridgeApp, BridgeDeps } from '../context.js';
import { BridgeApiError, badRequest } from '../errors.js';
import { formatTimestamp } from '../format.js';
import { sendJson, stringField } from '../http.js';
import { requireBody } from '../middleware/body.js';
import { requireUser } from '../middleware/user-auth.js';
import { userByIdJson, userJson } from '../serialize.js';
import type { UserRecord } from '../store/types.js';

/** `POST /v2/authenticate` (email + password, `user_uuid` or `external_user_id`) and `POST /v2/logout`. */
export function registerAuthRoutes(app: BridgeApp, deps: BridgeDeps): void {
  app.post('/v2/authenticate', (c) => {
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const store = deps.store;
    const failed = (message: string) =>
      new BridgeApiError(deps.options.authenticateFailureStatus, 'unauthorized', message);
    let user: UserRecord | undefined;
    let byId = false;
    if (body.email !== undefined || body.password !== undefined) {
      const email = stringField(body, 'email', true);
      const password = stringField(body, 'password', true);
      user = store.userByEmail(email);
      deps.limits.authenticate(user?.uuid ?? `email:${email.toLowerCase()}`);
      if (user === undefined || user.password !== password) throw failed('Invalid email or password');
    } else if (body.user_uuid !== undefined) {
      const uuid = stringField(body, 'user_uuid', true);
      deps.limits.authenticate(uuid);
      user = store.users.get(uuid);
      if (user === undefined) throw failed('Unknown user');
      byId = true;
    } else if (body.external_user_id !== undefined) {
      const externalId = stringField(body, 'external_user_id', true);
      user = store.userByExternalId(externalId);
      deps.limits.authenticate(user?.uuid ?? `external:${externalId}`);
      if (user === undefined) throw failed('Unknown user');
      byId = true;
    } else {
      throw badRequest('Provide email and password, user_uuid or external_user_id');
    }
    const { token, expiresAtMs } = store.tokens.issue(
      user.uuid,
      deps.runtime.clock.nowMs(),
      deps.options.tokenTtlMs,
    );
    return sendJson(
      c,
      `{"access_token":"${token}","expires_at":"${formatTimestamp(expiresAtMs)}","user":${byId ? userByIdJson(user) : userJson(user)}}`,
    );
  });

  app.post('/v2/logout', requireUser(deps), (c) => {
    deps.store.tokens.revoke(c.get('accessToken'));
    return c.body(null, 204);
  });
}
