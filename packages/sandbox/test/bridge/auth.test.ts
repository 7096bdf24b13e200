import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

const TOKEN = /^[0-9a-f]{40}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TWO_HOURS = 2 * 3_600_000;

let h: BridgeHarness;

beforeAll(async () => {
  h = await startBridge({ now: '2024-03-01T10:00:00.000Z' });
});
afterAll(() => h.sandbox.close());

async function authenticate(body: unknown) {
  const response = await h.call('/v2/authenticate', { method: 'POST', body });
  return { response, json: (await response.json()) as Record<string, unknown> };
}

describe('Bridge authentication', () => {
  it('authenticates with email and password: token shape, expires_at two hours ahead, user', async () => {
    const before = h.sandbox.clock.nowMs();
    const { response, json } = await authenticate({ email: 'demo@bankkit.dev', password: 'bankkit-demo' });
    const after = h.sandbox.clock.nowMs();
    expect(response.status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['access_token', 'expires_at', 'user']);
    expect(json.access_token).toMatch(TOKEN);
    expect(json.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const expires = Date.parse(json.expires_at as string);
    expect(expires).toBeGreaterThanOrEqual(before + TWO_HOURS);
    expect(expires).toBeLessThanOrEqual(after + TWO_HOURS);
    expect(json.user).toEqual({ uuid: h.sandbox.bridge.users[0]?.uuid, email: 'demo@bankkit.dev' });
  });

  it('authenticates with user_uuid or external_user_id', async () => {
    const uuid = h.sandbox.bridge.users[0]?.uuid;
    const byUuid = await authenticate({ user_uuid: uuid });
    expect(byUuid.response.status).toBe(200);
    expect(byUuid.json.user).toEqual({ uuid, external_user_id: 'bankkit-demo-user' });
    const byExternal = await authenticate({ external_user_id: 'bankkit-demo-user' });
    expect(byExternal.response.status).toBe(200);
    expect(byExternal.json.access_token).toMatch(TOKEN);
  });

  it('answers 401 with the envelope to a wrong password or an unknown user', async () => {
    const wrong = await h.call('/v2/authenticate', {
      method: 'POST',
      body: { email: 'demo@bankkit.dev', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    const error = await errorOf(wrong);
    expect(error.message).not.toContain('not-the-password');
    const unknown = await h.call('/v2/authenticate', {
      method: 'POST',
      body: { user_uuid: crypto.randomUUID() },
    });
    expect(unknown.status).toBe(401);
    const empty = await h.call('/v2/authenticate', { method: 'POST', body: {} });
    expect(empty.status).toBe(400);
  });

  it('expires tokens on the sandbox clock', async () => {
    const token = await h.login();
    h.sandbox.clock.advance(TWO_HOURS - 60_000);
    expect((await h.call('/v2/items', { token })).status).toBe(200);
    h.sandbox.clock.advance(61_000);
    const expired = await h.call('/v2/items', { token });
    expect(expired.status).toBe(401);
    expect((await errorOf(expired)).type).toBe('unauthorized');
  });

  it('revokes a token on logout', async () => {
    const token = await h.login();
    const other = await h.login();
    const logout = await h.call('/v2/logout', { method: 'POST', token });
    expect(logout.status).toBe(204);
    expect((await h.call('/v2/items', { token })).status).toBe(401);
    expect((await h.call('/v2/items', { token: other })).status).toBe(200);
  });

  it('revokes every token of the user on a password change, and the new password works', async () => {
    const created = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'revoke@example.com', password: 'first-password' },
    });
    const user = (await created.json()) as { uuid: string };
    const first = await h.login('revoke@example.com', 'first-password');
    const second = await h.login('revoke@example.com', 'first-password');
    const changed = await h.call(`/v2/users/${user.uuid}/password`, {
      method: 'POST',
      body: { current_password: 'first-password', new_password: 'second-password' },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ uuid: user.uuid, email: 'revoke@example.com' });
    expect((await h.call('/v2/items', { token: first })).status).toBe(401);
    expect((await h.call('/v2/items', { token: second })).status).toBe(401);
    const old = await h.call('/v2/authenticate', {
      method: 'POST',
      body: { email: 'revoke@example.com', password: 'first-password' },
    });
    expect(old.status).toBe(401);
    expect(
      (await h.call('/v2/items', { token: await h.login('revoke@example.com', 'second-password') })).status,
    ).toBe(200);
  });

  it('revokes every token of the user on an email change', async () => {
    const created = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'mover@example.com', password: 'mover-password' },
    });
    const user = (await created.json()) as { uuid: string };
    const token = await h.login('mover@example.com', 'mover-password');
    const wrongPassword = await h.call(`/v2/users/${user.uuid}/email`, {
      method: 'POST',
      body: { password: 'nope-nope', new_email: 'moved@example.com' },
    });
    expect(wrongPassword.status).toBe(401);
    expect((await h.call('/v2/items', { token })).status).toBe(200);
    const changed = await h.call(`/v2/users/${user.uuid}/email`, {
      method: 'POST',
      body: { password: 'mover-password', new_email: 'moved@example.com' },
    });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { email: string }).email).toBe('moved@example.com');
    expect((await h.call('/v2/items', { token })).status).toBe(401);
    await h.login('moved@example.com', 'mover-password');
  });
});

describe('Bridge token lifetime option', () => {
  it('honours tokenTtlSeconds', async () => {
    const short = await startBridge({ bridge: { tokenTtlSeconds: 60 } });
    try {
      const token = await short.login();
      short.sandbox.clock.advance(59_000);
      expect((await short.call('/v2/items', { token })).status).toBe(200);
      short.sandbox.clock.advance(2_000);
      expect((await short.call('/v2/items', { token })).status).toBe(401);
    } finally {
      await short.sandbox.close();
    }
  });
});
