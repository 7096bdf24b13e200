import type { BridgeApp } from '../../context.js';
import { formatTimestamp } from '../../format.js';
import { pathOf, queryOf, sendJson } from '../../http.js';
import { requireBody } from '../../middleware/body.js';
import type { UserRecord } from '../../store/types.js';
import type { BridgeV3Bank } from '../bank.js';
import type { BridgeV3Deps } from '../context.js';
import { BridgeV3ApiError, invalidParameter, v3NotFound } from '../errors.js';
import { v3Body, v3String } from '../http.js';
import { renderV3Page } from '../pagination.js';
import { userV3Json } from '../serialize.js';

const EXTERNAL_USER_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Users (app headers only) and the authorization token. */
export function registerV3UserRoutes(app: BridgeApp, deps: BridgeV3Deps, bank: BridgeV3Bank): void {
  const userOr404 = (uuid: string): UserRecord => {
    const user = deps.bridge.store.users.get(uuid);
    if (user === undefined) throw v3NotFound('User');
    return user;
  };

  app.post('/v3/aggregation/users', (c) => {
    const body = v3Body(c);
    const externalUserId = v3String(body, 'external_user_id', false);
    const store = deps.bridge.store;
    if (externalUserId !== null) {
      if (!EXTERNAL_USER_ID.test(externalUserId)) {
        throw invalidParameter(
          'external_user_id',
          'external_user_id must be 1 to 128 characters of A-Z, a-z, 0-9, - and _',
        );
      }
      if (store.userByExternalId(externalUserId) !== undefined) {
        throw new BridgeV3ApiError(
          409,
          'conflict',
          `A user with external_user_id '${externalUserId}' already exists`,
          'external_user_id',
        );
      }
    }
    const user = store.addUser({
      uuid: deps.bridge.runtime.random.uuid(),
      email: null,
      password: null,
      externalUserId,
      emailConfirmed: false,
    });
    return sendJson(c, userV3Json(user), deps.bridge.options.createUserStatus);
  });

  app.get('/v3/aggregation/users', (c) =>
    sendJson(
      c,
      renderV3Page({
        list: {
          items: deps.bridge.store.usersNewestFirst(),
          keyOf: (user) => [user.seq, 0],
          direction: 'desc',
        },
        scope: 'users',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.bridge.cursors,
        toJson: userV3Json,
        lastPage: deps.options.lastPageNextUri,
      }),
    ),
  );

  app.get('/v3/aggregation/users/:uuid', (c) => sendJson(c, userV3Json(userOr404(c.req.param('uuid')))));

  app.delete('/v3/aggregation/users/:uuid', (c) => {
    const user = userOr404(c.req.param('uuid'));
    deps.bridge.store.deleteUser(user.uuid);
    bank.userDeleted(user);
    return c.body(null, 204);
  });

  app.post('/v3/aggregation/authorization/token', (c) => {
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const store = deps.bridge.store;
    const unknown = () =>
      new BridgeV3ApiError(
        deps.options.unknownUserTokenStatus,
        deps.options.unknownUserTokenStatus === 404
          ? 'not_found'
          : deps.options.unknownUserTokenStatus === 401
            ? 'invalid_access_token'
            : 'invalid_parameter',
        'User not found',
      );
    let user: UserRecord | undefined;
    const uuid = v3String(body, 'user_uuid', false);
    const externalUserId = v3String(body, 'external_user_id', false);
    if (uuid !== null) {
      deps.bridge.limits.authenticate(uuid);
      user = store.users.get(uuid);
    } else if (externalUserId !== null) {
      user = store.userByExternalId(externalUserId);
      deps.bridge.limits.authenticate(user?.uuid ?? `external:${externalUserId}`);
    } else {
      throw new BridgeV3ApiError(
        400,
        'missing_parameter',
        'Provide user_uuid or external_user_id',
        'user_uuid',
      );
    }
    if (user === undefined) throw unknown();
    const { token, expiresAtMs } = store.tokens.issue(
      user.uuid,
      deps.bridge.runtime.clock.nowMs(),
      deps.bridge.options.tokenTtlMs,
    );
    return sendJson(
      c,
      `{"access_token":"${token}","expires_at":"${formatTimestamp(expiresAtMs)}","user":${userV3Json(user)}}`,
      201,
    );
  });
}
