import type { BridgeApp, BridgeDeps } from '../context.js';
import { BridgeApiError, badRequest, notFound, unauthorized } from '../errors.js';
import { pathOf, queryOf, sendJson, stringField } from '../http.js';
import { requireBody } from '../middleware/body.js';
import { requireUser } from '../middleware/user-auth.js';
import { renderPage } from '../pagination.js';
import { userJson } from '../serialize.js';
import type { UserRecord } from '../store/types.js';

function checkEmail(email: string, field: string): void {
  if (!email.includes('@')) throw badRequest(`${field} must contain an @`);
}

function checkPassword(password: string, field: string): void {
  if (password.length < 6 || password.length >= 72) {
    throw badRequest(`${field} must be at least 6 and fewer than 72 characters long`);
  }
}

/** User management (app-scoped) and the user's email confirmation (user-scoped). */
export function registerUserRoutes(app: BridgeApp, deps: BridgeDeps): void {
  const userOr404 = (uuid: string): UserRecord => {
    const user = deps.store.users.get(uuid);
    if (user === undefined) throw notFound('User');
    return user;
  };

  app.get('/v2/users', (c) =>
    sendJson(
      c,
      renderPage({
        list: {
          items: deps.store.usersNewestFirst(),
          keyOf: (user) => [user.seq, 0],
          direction: 'desc',
        },
        scope: 'users',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.cursors,
        toJson: userJson,
      }),
    ),
  );

  app.post('/v2/users', (c) => {
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const store = deps.store;
    const externalUserId = stringField(body, 'external_user_id', false);
    const email = stringField(body, 'email', externalUserId === null);
    let password: string | null = null;
    if (email !== null) {
      password = stringField(body, 'password', true);
      checkEmail(email, 'email');
      checkPassword(password, 'password');
      if (store.userByEmail(email) !== undefined) {
        throw new BridgeApiError(409, 'conflict', `User '${email}' already exists`);
      }
    }
    if (externalUserId !== null && store.userByExternalId(externalUserId) !== undefined) {
      throw new BridgeApiError(409, 'conflict', `User '${externalUserId}' already exists`);
    }
    const user = store.addUser({
      uuid: deps.runtime.random.uuid(),
      email,
      password,
      externalUserId,
      emailConfirmed: false,
    });
    return sendJson(c, userJson(user), deps.options.createUserStatus);
  });

  app.delete('/v2/users', (c) => {
    const store = deps.store;
    for (const uuid of [...store.users.keys()]) store.deleteUser(uuid);
    return c.body(null, 204);
  });

  app.get('/v2/users/me/email/confirmation', requireUser(deps), (c) =>
    sendJson(c, `{"name":"email","is_confirmed":${c.get('user').emailConfirmed}}`),
  );

  app.get('/v2/users/:uuid', (c) => sendJson(c, userJson(userOr404(c.req.param('uuid')))));

  app.post('/v2/users/:uuid/delete', (c) => {
    const user = userOr404(c.req.param('uuid'));
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    // The real API accepts any password of 6+ characters here, not only the user's.
    checkPassword(stringField(body, 'password', true), 'password');
    deps.store.deleteUser(user.uuid);
    return c.body(null, 204);
  });

  app.post('/v2/users/:uuid/email', (c) => {
    if (deps.options.userUpdates === 'not-found') throw notFound('Route');
    const user = userOr404(c.req.param('uuid'));
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const password = stringField(body, 'password', true);
    const newEmail = stringField(body, 'new_email', true);
    if (user.password === null || user.password !== password) throw unauthorized('Invalid password');
    checkEmail(newEmail, 'new_email');
    const existing = deps.store.userByEmail(newEmail);
    if (existing !== undefined && existing.uuid !== user.uuid) {
      throw new BridgeApiError(409, 'conflict', `User '${newEmail}' already exists`);
    }
    deps.store.changeEmail(user, newEmail);
    user.emailConfirmed = false;
    deps.store.tokens.revokeUser(user.uuid);
    return sendJson(c, userJson(user));
  });

  app.post('/v2/users/:uuid/password', (c) => {
    if (deps.options.userUpdates === 'not-found') throw notFound('Route');
    const user = userOr404(c.req.param('uuid'));
    const body = requireBody(c.req.header('content-type'), c.get('body'));
    const current = stringField(body, 'current_password', true);
    const next = stringField(body, 'new_password', true);
    if (user.password === null || user.password !== current) throw unauthorized('Invalid password');
    checkPassword(next, 'new_password');
    user.password = next;
    deps.store.tokens.revokeUser(user.uuid);
    return sendJson(c, userJson(user));
  });
}
