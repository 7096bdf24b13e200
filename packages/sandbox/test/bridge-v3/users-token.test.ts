import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type Page, startV3, type V3Harness, v3ErrorOf } from './helpers.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: V3Harness;

beforeAll(async () => {
  h = await startV3({ now: '2026-03-02T10:00:00.000Z' });
});
afterAll(() => h.sandbox.close());

describe('Bridge v3 users', () => {
  it('creates users with or without an external id (201), external_user_id omitted when unset', async () => {
    const plain = await h.call('/v3/aggregation/users', { method: 'POST' });
    expect(plain.status).toBe(201);
    const bare = (await plain.json()) as Json;
    expect(Object.keys(bare)).toEqual(['uuid']);
    expect(bare.uuid).toMatch(UUID);
    const named = await h.call('/v3/aggregation/users', {
      method: 'POST',
      body: { external_user_id: 'customer_42-a' },
    });
    expect(named.status).toBe(201);
    expect(await named.json()).toEqual({
      uuid: expect.stringMatching(UUID),
      external_user_id: 'customer_42-a',
    });
  });

  it('refuses a malformed external id (400 with property) and a taken one (409)', async () => {
    for (const bad of ['', 'has space', 'é', 'x'.repeat(129)]) {
      const response = await h.call('/v3/aggregation/users', {
        method: 'POST',
        body: { external_user_id: bad },
      });
      expect(response.status, bad).toBe(400);
      expect(await v3ErrorOf(response)).toMatchObject({
        code: 'invalid_parameter',
        property: 'external_user_id',
      });
    }
    const taken = await h.call('/v3/aggregation/users', {
      method: 'POST',
      body: { external_user_id: 'bankkit-demo-user' },
    });
    expect(taken.status).toBe(409);
    expect((await v3ErrorOf(taken)).code).toBe('conflict');
  });

  it('lists, gets and deletes users; a deleted user is gone with its tokens', async () => {
    const created = (await (
      await h.call('/v3/aggregation/users', { method: 'POST', body: { external_user_id: 'to-delete' } })
    ).json()) as { uuid: string };
    const list = await h.pageAll<{ uuid: string }>('/v3/aggregation/users?limit=2');
    expect(list.resources[0]?.uuid).toBe(created.uuid);
    expect(list.resources.map((user) => user.uuid)).toContain(h.sandbox.bridge.users[0]?.uuid);
    expect(await h.get(`/v3/aggregation/users/${created.uuid}`)).toEqual({
      uuid: created.uuid,
      external_user_id: 'to-delete',
    });
    const token = await h.token({ user_uuid: created.uuid });
    expect((await h.call(`/v3/aggregation/users/${created.uuid}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.call(`/v3/aggregation/users/${created.uuid}`)).status).toBe(404);
    expect((await h.call(`/v3/aggregation/users/${created.uuid}`, { method: 'DELETE' })).status).toBe(404);
    expect((await h.call('/v3/aggregation/items', { token })).status).toBe(401);
  });

  it('shares users with v2: a v3 user is listed by /v2/users', async () => {
    const created = (await (await h.call('/v3/aggregation/users', { method: 'POST', body: {} })).json()) as {
      uuid: string;
    };
    const v2 = (await (
      await fetch(`${h.base}/v2/users?limit=500`, { headers: { ...h.app, 'Bridge-Version': '2021-06-01' } })
    ).json()) as Page<{ uuid: string }>;
    expect(v2.resources.map((user) => user.uuid)).toContain(created.uuid);
  });
});

describe('Bridge v3 authorization token', () => {
  it('issues a 2-hour token by user_uuid or external_user_id (201)', async () => {
    const demo = h.sandbox.bridge.users[0];
    for (const body of [{ user_uuid: demo?.uuid }, { external_user_id: 'bankkit-demo-user' }]) {
      const response = await h.call('/v3/aggregation/authorization/token', { method: 'POST', body });
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { access_token: string; expires_at: string; user: Json };
      expect(Object.keys(answer).sort()).toEqual(['access_token', 'expires_at', 'user']);
      expect(answer.access_token).toMatch(/^[0-9a-f]{40}-[0-9a-f-]{36}$/);
      expect(answer.expires_at).toMatch(TIMESTAMP);
      const lifetime = Date.parse(answer.expires_at) - h.sandbox.clock.nowMs();
      expect(lifetime).toBeGreaterThan(2 * 3600_000 - 5_000);
      expect(lifetime).toBeLessThanOrEqual(2 * 3600_000);
      expect(answer.user).toEqual({ uuid: demo?.uuid, external_user_id: 'bankkit-demo-user' });
    }
  });

  it('expires the token after two hours on the sandbox clock (401 invalid_access_token)', async () => {
    const token = await h.token();
    expect((await h.call('/v3/aggregation/items', { token })).status).toBe(200);
    h.sandbox.clock.advance(2 * 3600_000 + 1);
    const expired = await h.call('/v3/aggregation/items', { token });
    expect(expired.status).toBe(401);
    expect((await v3ErrorOf(expired)).code).toBe('invalid_access_token');
  });

  it('answers 404 for an unknown user and 400 when no user is named', async () => {
    for (const body of [
      { user_uuid: '00000000-0000-4000-8000-000000000000' },
      { external_user_id: 'nobody' },
    ]) {
      const response = await h.call('/v3/aggregation/authorization/token', { method: 'POST', body });
      expect(response.status).toBe(404);
      expect((await v3ErrorOf(response)).code).toBe('not_found');
    }
    const none = await h.call('/v3/aggregation/authorization/token', { method: 'POST', body: {} });
    expect(none.status).toBe(400);
    expect((await v3ErrorOf(none)).code).toBe('missing_parameter');
    const noBody = await h.call('/v3/aggregation/authorization/token', { method: 'POST' });
    expect(noBody.status).toBe(415);
  });

  it('can answer another status for an unknown user (option)', async () => {
    const other = await startV3({ bridge: { v3: { unknownUserTokenStatus: 401 } } });
    try {
      const response = await other.call('/v3/aggregation/authorization/token', {
        method: 'POST',
        body: { external_user_id: 'nobody' },
      });
      expect(response.status).toBe(401);
    } finally {
      await other.sandbox.close();
    }
  });
});
