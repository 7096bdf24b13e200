import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startV3, type V3Harness, v3ErrorOf } from './helpers.js';

let h: V3Harness;
let token: string;

beforeAll(async () => {
  h = await startV3();
  token = await h.token();
});
afterAll(() => h.sandbox.close());

describe('Bridge v3 headers and errors', () => {
  it('requires Bridge-Version 2025-01-15', async () => {
    const { 'Bridge-Version': _, ...noVersion } = h.app;
    const missing = await fetch(`${h.base}/v3/providers`, { headers: noVersion });
    expect(missing.status).toBe(400);
    expect(await v3ErrorOf(missing)).toMatchObject({
      code: 'invalid_bridge_version',
      property: 'Bridge-Version',
    });
    const v2 = await h.call('/v3/providers', { headers: { 'Bridge-Version': '2021-06-01' } });
    expect(v2.status).toBe(400);
    expect((await v3ErrorOf(v2)).code).toBe('invalid_bridge_version');
  });

  it('answers invalid_client_credentials (the documented example) to missing or wrong app credentials', async () => {
    for (const headers of [{ 'Client-Secret': 'wrong' }, { 'Client-Id': 'nobody' }] as Record<
      string,
      string
    >[]) {
      const response = await h.call('/v3/providers', { headers });
      expect(response.status).toBe(401);
      const error = await v3ErrorOf(response);
      expect(error.code).toBe('invalid_client_credentials');
      expect(error.message).toMatch(/client id and secret/i);
    }
    const none = await fetch(`${h.base}/v3/providers`, { headers: { 'Bridge-Version': '2025-01-15' } });
    expect(none.status).toBe(401);
  });

  it('rejects a Bearer token alone on user routes: the app headers are needed too', async () => {
    const bearerOnly = await fetch(`${h.base}/v3/aggregation/items`, {
      headers: { 'Bridge-Version': '2025-01-15', Authorization: `Bearer ${token}` },
    });
    expect(bearerOnly.status).toBe(401);
    expect((await v3ErrorOf(bearerOnly)).code).toBe('invalid_client_credentials');
    const appOnly = await h.call('/v3/aggregation/items');
    expect(appOnly.status).toBe(401);
    expect((await v3ErrorOf(appOnly)).code).toBe('invalid_access_token');
    const both = await h.call('/v3/aggregation/items', { token });
    expect(both.status).toBe(200);
    const garbage = await h.call('/v3/aggregation/items', { token: 'nope' });
    expect(garbage.status).toBe(401);
  });

  it('answers 415 to a body without a JSON content type and 422 to a body that does not parse', async () => {
    const plain = await h.call('/v3/aggregation/users', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect((await v3ErrorOf(plain)).code).toBe('unsupported_media_type');
    const broken = await h.call('/v3/aggregation/users', { method: 'POST', body: '{"external_user_id":' });
    expect(broken.status).toBe(422);
    expect((await v3ErrorOf(broken)).code).toBe('invalid_json');
  });

  it('answers 404 not_found in the v3 envelope for unknown routes and ids', async () => {
    const route = await h.call('/v3/aggregation/nothing-here', { token });
    expect(route.status).toBe(404);
    expect((await v3ErrorOf(route)).code).toBe('not_found');
    for (const path of [
      '/v3/aggregation/items/1',
      '/v3/aggregation/accounts/abc',
      '/v3/aggregation/transactions/5',
    ]) {
      const response = await h.call(path, { token });
      expect(response.status, path).toBe(404);
      expect((await v3ErrorOf(response)).code).toBe('not_found');
    }
  });

  it('serves JSON with Bridge headers and no rate-limit headers', async () => {
    const response = await h.call('/v3/providers?limit=1');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('server')).toBe('Bridge');
    expect([...response.headers.keys()].some((name) => /rate|retry/i.test(name))).toBe(false);
  });

  it('gives injected faults on /v3 paths the v3 envelope', async () => {
    h.sandbox.faults.set([
      { provider: 'bridge', path: '/v3/providers', kind: 'status', status: 503, times: 1 },
      { provider: 'bridge', path: '/v3/aggregation/items', kind: 'rate-limit', times: 1 },
    ]);
    try {
      const unavailable = await h.call('/v3/providers');
      expect(unavailable.status).toBe(503);
      expect(await v3ErrorOf(unavailable)).toEqual({
        code: 'service_unavailable',
        message: expect.any(String),
      });
      const limited = await h.call('/v3/aggregation/items', { token });
      expect(limited.status).toBe(429);
      expect((await v3ErrorOf(limited)).code).toBe('too_many_requests');
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('leaves v2 untouched on the same origin', async () => {
    const v2 = await fetch(`${h.base}/v2/banks?limit=1`, {
      headers: { ...h.app, 'Bridge-Version': '2021-06-01' },
    });
    expect(v2.status).toBe(200);
    const bad = await fetch(`${h.base}/v2/banks/0`, {
      headers: { ...h.app, 'Bridge-Version': '2021-06-01' },
    });
    expect(Object.keys((await bad.json()) as object).sort()).toEqual([
      'documentation_url',
      'message',
      'type',
    ]);
  });
});

describe('Bridge v3 pagination', () => {
  it('puts after first and limit second in next_uri, omits next_uri on the last page', async () => {
    const first = await h.get<{ resources: unknown[]; pagination: { next_uri?: string } }>(
      '/v3/providers?country_code=FR,DE&limit=2',
    );
    expect(first.resources).toHaveLength(2);
    expect(first.pagination.next_uri).toMatch(
      /^\/v3\/providers\?after=[\w-]+\.[\w-]+&limit=2&country_code=FR%2CDE$/,
    );
    const all = await h.pageAll('/v3/providers?limit=3');
    const ids = all.resources.map((provider) => provider.id as number);
    expect(new Set(ids).size).toBe(ids.length);
    const last = await h.get<{ pagination: object }>('/v3/providers?limit=500');
    expect(last.pagination).toEqual({});
    const defaults = await h.get<{ pagination: { next_uri?: string } }>(
      '/v3/aggregation/transactions',
      token,
    );
    expect(defaults.pagination.next_uri).toMatch(
      /^\/v3\/aggregation\/transactions\?after=[\w-]+\.[\w-]+&limit=50$/,
    );
  });

  it.each(['0', '501', 'x'])('answers 400 invalid_parameter limit to limit=%s', async (limit) => {
    const response = await h.call(`/v3/providers?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(await v3ErrorOf(response)).toMatchObject({ code: 'invalid_parameter', property: 'limit' });
  });

  it('answers 400 invalid_cursor to a forged cursor', async () => {
    const response = await h.call('/v3/providers?after=bm90.dGhpcw', {});
    expect(response.status).toBe(400);
    expect((await v3ErrorOf(response)).code).toBe('invalid_cursor');
  });

  it('can answer next_uri: null on the last page (the other reading)', async () => {
    const other = await startV3({ bridge: { v3: { lastPageNextUri: 'null' } } });
    try {
      const last = await other.get<{ pagination: object }>('/v3/providers?limit=500');
      expect(last.pagination).toEqual({ next_uri: null });
    } finally {
      await other.sandbox.close();
    }
  });
});
