import { describe, expect, it } from 'vitest';
import { api, createTestSandbox, login, V1 } from './helpers.js';

describe('SpareBank 1 sandbox API conventions', () => {
  it.each([
    ['no Authorization header', undefined],
    ['an unknown token', 'Bearer abc'],
    ['a Basic header', 'Basic Zm9vOmJhcg=='],
    ['an empty bearer', 'Bearer '],
  ])('answers %s with 401 text/plain "Unauthorized"', async (_, authorization) => {
    const t = createTestSandbox();
    const headers: Record<string, string> = { accept: V1 };
    if (authorization) headers.authorization = authorization;
    for (const path of [
      '/personal/banking/accounts',
      '/common/helloworld',
      '/personal/banking/nothing-here',
    ]) {
      const response = await t.request(path, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('Unauthorized');
    }
  });

  it('serves hello world, ping and pong to a valid token', async () => {
    const t = createTestSandbox();
    const { access_token } = await login(t);
    for (const path of ['/common/helloworld', '/common/helloworld/ping', '/common/helloworld/pong']) {
      const response = await api(t, access_token, path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(V1);
      expect(await response.json()).toEqual({ message: 'Hello, World!' });
    }
  });

  it.each([
    'application/vnd.sparebank1.v1+json; charset=utf-8',
    'application/vnd.sparebank1.v1+json;charset=utf-8',
    'application/vnd.sparebank1.v1+json',
    '*/*',
    '',
  ])('accepts Accept: %j on JSON endpoints', async (accept) => {
    const t = createTestSandbox();
    const { access_token } = await login(t);
    const headers: Record<string, string> = { authorization: `Bearer ${access_token}` };
    if (accept) headers.accept = accept;
    const response = await t.request('/personal/banking/accounts', { headers });
    expect(response.status).toBe(200);
  });

  it('answers accounts in v4 and v5, and refuses versions an endpoint does not offer with 406', async () => {
    const t = createTestSandbox();
    const { access_token } = await login(t);
    const v5 = 'application/vnd.sparebank1.v5+json; charset=utf-8';
    const accounts = await api(t, access_token, '/personal/banking/accounts', { headers: { accept: v5 } });
    expect(accounts.status).toBe(200);
    expect(accounts.headers.get('content-type')).toBe(v5);

    const transactionsV5 = await api(t, access_token, '/common/helloworld', { headers: { accept: v5 } });
    expect(transactionsV5.status).toBe(406);
    const error = (await transactionsV5.json()) as { errors: Array<{ code: string; httpCode: number }> };
    expect(error.errors[0]?.httpCode).toBe(406);

    const child = await api(t, access_token, '/personal/banking/accounts/child/abc', {
      headers: { accept: V1 },
    });
    expect(child.status).toBe(406);
    const childV5 = await api(t, access_token, '/personal/banking/accounts/child/abc', {
      headers: { accept: v5 },
    });
    expect(childV5.status).toBe(200);
  });

  it('uses the ErrorsDTO envelope with httpCode equal to the status and a unique traceId', async () => {
    const t = createTestSandbox();
    const { access_token } = await login(t);
    const first = await api(t, access_token, '/personal/banking/accounts/unknown-key');
    const second = await api(t, access_token, '/personal/banking/accounts/unknown-key');
    expect(first.status).toBe(404);
    const a = (await first.json()) as { errors: Array<Record<string, unknown>> };
    const b = (await second.json()) as { errors: Array<Record<string, unknown>> };
    expect(a.errors[0]).toMatchObject({ code: 'NOT_FOUND', httpCode: 404, message: expect.any(String) });
    expect(a.errors[0]?.traceId).toEqual(expect.any(String));
    expect(a.errors[0]?.traceId).not.toBe(b.errors[0]?.traceId);
  });

  it('renders injected errors through errorBody', () => {
    const t = createTestSandbox();
    const rendered = t.sandbox.errorBody(500, 'general.error', 'Something went wrong.');
    expect(rendered.contentType).toBe(V1);
    expect(JSON.parse(rendered.body)).toEqual({
      errors: [
        {
          code: 'general.error',
          message: 'Something went wrong.',
          traceId: expect.any(String),
          httpCode: 500,
        },
      ],
    });
  });

  it('limits a client to 60 requests per hour with 429 and Retry-After when rate limits are on', async () => {
    // Long-lived access token so the hour of waiting does not log the client out.
    const t = createTestSandbox({ accessTokenTtlSeconds: 7200 }, { rateLimits: true });
    const { access_token } = await login(t);
    for (let i = 0; i < 60; i++) {
      expect((await api(t, access_token, '/common/helloworld')).status).toBe(200);
      t.clock.advance(1000);
    }
    const limited = await api(t, access_token, '/common/helloworld');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(3600 - 60);
    const body = (await limited.json()) as { errors: Array<{ httpCode: number }> };
    expect(body.errors[0]?.httpCode).toBe(429);

    t.clock.advance(retryAfter * 1000);
    expect((await api(t, access_token, '/common/helloworld')).status).toBe(200);
  });

  it('can leave out Retry-After, and does not limit when rate limits are off', async () => {
    const t = createTestSandbox({ rateLimit: { limit: 2, retryAfterHeader: false } }, { rateLimits: true });
    const { access_token } = await login(t);
    await api(t, access_token, '/common/helloworld');
    await api(t, access_token, '/common/helloworld');
    const limited = await api(t, access_token, '/common/helloworld');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();

    const off = createTestSandbox({ rateLimit: { limit: 2 } });
    const tokens = await login(off);
    for (let i = 0; i < 5; i++)
      expect((await api(off, tokens.access_token, '/common/helloworld')).status).toBe(200);
  });

  it('serves the user info the community reads', async () => {
    const t = createTestSandbox();
    const { access_token } = await login(t);
    const info = await (await api(t, access_token, '/common/user/info')).json();
    expect(info).toMatchObject({ firstname: 'Ola', lastname: 'Nordmann' });
  });
});
