import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

let h: BridgeHarness;

beforeAll(async () => {
  h = await startBridge({ bridge: { users: 3, transactionsPerUser: 20 } });
});
afterAll(() => h.sandbox.close());

type User = { uuid: string; email: string };

describe('Bridge users', () => {
  it('lists the seeded users, newest first, in the paginated envelope', async () => {
    const response = await h.call('/v2/users');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { resources: User[]; pagination: unknown };
    expect(body.pagination).toEqual({ next_uri: null });
    expect(body.resources.map((user) => user.email)).toEqual([
      'user3@bankkit.dev',
      'user2@bankkit.dev',
      'demo@bankkit.dev',
    ]);
    expect(h.sandbox.bridge.users.map((user) => user.email)).toEqual([
      'demo@bankkit.dev',
      'user2@bankkit.dev',
      'user3@bankkit.dev',
    ]);
    await h.login('user2@bankkit.dev', 'bankkit-demo-2');
  });

  it('creates a user (201), gets it, and answers 409 to the same email', async () => {
    const created = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'john@doe.com', password: 'secret-pw' },
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as User;
    expect(Object.keys(user).sort()).toEqual(['email', 'uuid']);
    expect(user.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const got = await h.call(`/v2/users/${user.uuid}`);
    expect(await got.json()).toEqual(user);
    const duplicate = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'john@doe.com', password: 'other-pw' },
    });
    expect(duplicate.status).toBe(409);
    expect(await errorOf(duplicate)).toEqual({
      type: 'conflict',
      message: "User 'john@doe.com' already exists",
      documentation_url: null,
    });
  });

  it('validates the email and password of a new user', async () => {
    for (const body of [
      { email: 'no-at-sign.example.com', password: 'secret-pw' },
      { email: 'john%40doe.com', password: 'secret-pw' },
      { email: 'short@doe.com', password: '12345' },
      { email: 'long@doe.com', password: 'x'.repeat(72) },
      { email: 'missing@doe.com' },
    ]) {
      const response = await h.call('/v2/users', { method: 'POST', body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      await errorOf(response);
    }
    const edge = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'edge@doe.com', password: 'x'.repeat(71) },
    });
    expect(edge.status).toBe(201);
  });

  it('creates new-style users by external_user_id', async () => {
    const created = await h.call('/v2/users', { method: 'POST', body: { external_user_id: 'crm-42' } });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { uuid: string; external_user_id: string };
    expect(user.external_user_id).toBe('crm-42');
    const auth = await h.call('/v2/authenticate', { method: 'POST', body: { external_user_id: 'crm-42' } });
    expect(((await auth.json()) as { user: unknown }).user).toEqual({
      uuid: user.uuid,
      external_user_id: 'crm-42',
    });
    expect((await h.call('/v2/users', { method: 'POST', body: { external_user_id: 'crm-42' } })).status).toBe(
      409,
    );
  });

  it('answers 404 to an unknown user', async () => {
    const response = await h.call(`/v2/users/${crypto.randomUUID()}`);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).type).toBe('not_found');
  });

  it('deletes a user with any password of 6+ characters, with all their data', async () => {
    const target = h.sandbox.bridge.users[1];
    const token = await h.login(target?.email, target?.password);
    expect(h.sandbox.bridge.control.transactionCount(target?.uuid ?? '')).toBe(20);
    const short = await h.call(`/v2/users/${target?.uuid}/delete`, {
      method: 'POST',
      body: { password: '12345' },
    });
    expect(short.status).toBe(400);
    const response = await h.call(`/v2/users/${target?.uuid}/delete`, {
      method: 'POST',
      body: { password: '******' },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await h.call(`/v2/users/${target?.uuid}`)).status).toBe(404);
    expect((await h.call('/v2/transactions', { token })).status).toBe(401);
    expect(h.sandbox.bridge.control.user(target?.uuid ?? '')).toBeUndefined();
  });

  it('reports email confirmation for the authenticated user', async () => {
    const token = await h.login();
    const response = await h.call('/v2/users/me/email/confirmation', { token });
    expect(await response.json()).toEqual({ name: 'email', is_confirmed: true });
    await h.call('/v2/users', { method: 'POST', body: { email: 'fresh@doe.com', password: 'fresh-pw' } });
    const fresh = await h.login('fresh@doe.com', 'fresh-pw');
    expect(await (await h.call('/v2/users/me/email/confirmation', { token: fresh })).json()).toEqual({
      name: 'email',
      is_confirmed: false,
    });
  });

  it('deletes every user with DELETE /v2/users (204), and control.reset() brings the seed back', async () => {
    const response = await h.call('/v2/users', { method: 'DELETE' });
    expect(response.status).toBe(204);
    const list = (await (await h.call('/v2/users')).json()) as { resources: User[] };
    expect(list.resources).toEqual([]);
    h.sandbox.bridge.control.reset();
    const restored = (await (await h.call('/v2/users')).json()) as { resources: User[] };
    expect(restored.resources.map((user) => user.uuid).sort()).toEqual(
      h.sandbox.bridge.users.map((user) => user.uuid).sort(),
    );
    await h.login();
  });
});

describe('Bridge user updates in the July 2023 mode', () => {
  it('answers 404 to email and password updates', async () => {
    const old = await startBridge({ bridge: { userUpdates: 'not-found', transactionsPerUser: 0 } });
    try {
      const uuid = old.sandbox.bridge.users[0]?.uuid;
      const email = await old.call(`/v2/users/${uuid}/email`, {
        method: 'POST',
        body: { password: 'bankkit-demo', new_email: 'x@y.z' },
      });
      expect(email.status).toBe(404);
      const password = await old.call(`/v2/users/${uuid}/password`, {
        method: 'POST',
        body: { current_password: 'bankkit-demo', new_password: 'another-one' },
      });
      expect(password.status).toBe(404);
      await old.login();
    } finally {
      await old.sandbox.close();
    }
  });
});
