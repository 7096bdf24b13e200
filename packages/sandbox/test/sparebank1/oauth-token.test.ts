import { describe, expect, it } from 'vitest';
import {
  api,
  createTestSandbox,
  decide,
  login,
  REDIRECT_URI,
  type TestSandbox,
  type TokenBody,
  tokenRequest,
} from './helpers.js';

const DAY_MS = 86_400_000;

async function freshCode(t: TestSandbox): Promise<string> {
  return (await decide(t, 'Approve')).searchParams.get('code') ?? '';
}

function codeGrant(t: TestSandbox, code: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: t.sandbox.clientId,
    client_secret: t.sandbox.clientSecret,
    ...extra,
  };
}

function refreshGrant(t: TestSandbox, refreshToken: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: t.sandbox.clientId,
    client_secret: t.sandbox.clientSecret,
    ...extra,
  };
}

async function body(response: Response): Promise<TokenBody> {
  return (await response.json()) as TokenBody;
}

describe('SpareBank 1 sandbox /oauth/token', () => {
  it('exchanges a code for the documented token response', async () => {
    const t = createTestSandbox();
    const response = await tokenRequest(t, codeGrant(t, await freshCode(t), { state: 'echo-me' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const tokens = await body(response);
    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{54}$/),
      token_type: 'Bearer',
      expires_in: 600,
      refresh_token: expect.stringMatching(/^[A-Za-z0-9]{54}$/),
      refresh_token_expires_in: 30 * 86_400,
      refresh_token_absolute_expires_in: 365 * 86_400,
      state: 'echo-me',
    });
    const hello = await api(t, tokens.access_token, '/common/helloworld');
    expect(await hello.json()).toEqual({ message: 'Hello, World!' });
  });

  it('is served on the same app for both origins (SB-01): any host works', async () => {
    const t = createTestSandbox();
    const code = await freshCode(t);
    const response = await t.sandbox.app.request('http://127.0.0.1:4200/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(codeGrant(t, code)).toString(),
    });
    expect(response.status).toBe(200);
  });

  it('accepts client credentials as HTTP Basic', async () => {
    const t = createTestSandbox();
    const basic = Buffer.from(`${t.sandbox.clientId}:${t.sandbox.clientSecret}`).toString('base64');
    const response = await tokenRequest(
      t,
      { grant_type: 'authorization_code', code: await freshCode(t), redirect_uri: REDIRECT_URI },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(response.status).toBe(200);
  });

  it('accepts every parameter in the query string with an empty body', async () => {
    const t = createTestSandbox();
    const response = await tokenRequest(t, codeGrant(t, await freshCode(t)), { query: true });
    expect(response.status).toBe(200);
    const refreshed = await tokenRequest(t, refreshGrant(t, (await body(response)).refresh_token), {
      query: true,
    });
    expect(refreshed.status).toBe(200);
  });

  it('ignores redirect_url (sic) and extra state/redirect_uri on the refresh grant', async () => {
    const t = createTestSandbox();
    const first = await tokenRequest(
      t,
      codeGrant(t, await freshCode(t), { redirect_url: 'https://elsewhere.example/cb' }),
    );
    expect(first.status).toBe(200);
    const refreshed = await tokenRequest(
      t,
      refreshGrant(t, (await body(first)).refresh_token, {
        redirect_uri: 'https://elsewhere.example/cb',
        redirect_url: 'x',
        state: 's1',
      }),
    );
    expect(refreshed.status).toBe(200);
    expect((await body(refreshed)).state).toBe('s1');
  });

  it('ignores a redirect_uri on the code grant that differs from the authorize one by default (SB-09)', async () => {
    const t = createTestSandbox();
    const response = await tokenRequest(
      t,
      codeGrant(t, await freshCode(t), { redirect_uri: 'http://127.0.0.1:9999/callback' }),
    );
    expect(response.status).toBe(200);
    expect((await body(response)).token_type).toBe('Bearer');
  });

  it('refuses a code exchanged with another redirect_uri when checkTokenRedirectUri is on', async () => {
    const t = createTestSandbox({ checkTokenRedirectUri: true });
    const response = await tokenRequest(
      t,
      codeGrant(t, await freshCode(t), { redirect_uri: 'http://127.0.0.1:9999/callback' }),
    );
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe('invalid_grant');
    expect((await tokenRequest(t, codeGrant(t, await freshCode(t)))).status).toBe(200);
  });

  it('spends a code once, and a failed exchange spends it too', async () => {
    const t = createTestSandbox({ checkTokenRedirectUri: true });
    const code = await freshCode(t);
    expect((await tokenRequest(t, codeGrant(t, code))).status).toBe(200);
    const reused = await tokenRequest(t, codeGrant(t, code));
    expect(reused.status).toBe(400);
    expect((await body(reused)).error).toBe('invalid_grant');

    const other = await freshCode(t);
    const failed = await tokenRequest(
      t,
      codeGrant(t, other, { redirect_uri: 'http://127.0.0.1:1/callback' }),
    );
    expect(failed.status).toBe(400);
    const retried = await tokenRequest(t, codeGrant(t, other));
    expect(retried.status).toBe(400);
    expect((await body(retried)).error).toBe('invalid_grant');
  });

  it.each([
    ['a wrong client secret', { client_secret: 'nope' }],
    ['an unknown client id', { client_id: 'not-a-client' }],
    ['no client secret', { client_secret: '' }],
  ])('spends the code on a 401 invalid_client exchange with %s (SB-07)', async (_, extra) => {
    const t = createTestSandbox();
    const code = await freshCode(t);
    const failed = await tokenRequest(t, codeGrant(t, code, extra));
    expect(failed.status).toBe(401);
    expect((await body(failed)).error).toBe('invalid_client');
    const retried = await tokenRequest(t, codeGrant(t, code));
    expect(retried.status).toBe(400);
    expect((await body(retried)).error).toBe('invalid_grant');
  });

  it('spends the code when the client secret has expired', async () => {
    const t = createTestSandbox();
    const code = await freshCode(t);
    t.sandbox.control.expireClientSecret();
    expect((await tokenRequest(t, codeGrant(t, code))).status).toBe(401);
    t.sandbox.control.renewClientSecret();
    const retried = await tokenRequest(t, codeGrant(t, code));
    expect(retried.status).toBe(400);
    expect((await body(retried)).error).toBe('invalid_grant');
  });

  it('leaves a code alone on a refresh-grant request, which exchanges no code', async () => {
    const t = createTestSandbox();
    const tokens = await login(t);
    const code = await freshCode(t);
    const refreshed = await tokenRequest(t, refreshGrant(t, tokens.refresh_token, { code }));
    expect(refreshed.status).toBe(200);
    expect((await tokenRequest(t, codeGrant(t, code))).status).toBe(200);
  });

  it('lets a code expire after 120 seconds on the sandbox clock', async () => {
    const t = createTestSandbox();
    const fresh = await freshCode(t);
    t.clock.advance(119_000);
    expect((await tokenRequest(t, codeGrant(t, fresh))).status).toBe(200);

    const stale = await freshCode(t);
    t.clock.advance(120_000);
    const response = await tokenRequest(t, codeGrant(t, stale));
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe('invalid_grant');
  });

  it('answers a wrong secret, an unknown client and missing credentials with 401 invalid_client', async () => {
    const t = createTestSandbox();
    const code = await freshCode(t);
    const wrong = await tokenRequest(t, codeGrant(t, code, { client_secret: 'nope' }));
    expect(wrong.status).toBe(401);
    const wrongBody = await body(wrong);
    expect(wrongBody.error).toBe('invalid_client');
    expect(JSON.stringify(wrongBody)).not.toContain('nope');

    const unknown = await tokenRequest(t, codeGrant(t, code, { client_id: 'someone-else' }));
    expect(unknown.status).toBe(401);

    const basic = Buffer.from(`${t.sandbox.clientId}:bad`).toString('base64');
    const viaBasic = await tokenRequest(
      t,
      { grant_type: 'authorization_code', code },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(viaBasic.status).toBe(401);
    expect(viaBasic.headers.get('www-authenticate')).toBe('Basic');

    const none = await tokenRequest(t, { grant_type: 'authorization_code', code });
    expect(none.status).toBe(401);
  });

  it('answers invalid_client once the client secret has expired', async () => {
    const t = createTestSandbox();
    const tokens = await login(t);
    t.sandbox.control.expireClientSecret();
    const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
    expect(response.status).toBe(401);
    expect((await body(response)).error).toBe('invalid_client');
    t.sandbox.control.renewClientSecret();
    expect((await tokenRequest(t, refreshGrant(t, tokens.refresh_token))).status).toBe(200);
  });

  it('rotates the refresh token: the old one then fails with 400 invalid_grant', async () => {
    const t = createTestSandbox();
    const first = await login(t);
    const second = await body(await tokenRequest(t, refreshGrant(t, first.refresh_token)));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const replay = await tokenRequest(t, refreshGrant(t, first.refresh_token));
    expect(replay.status).toBe(400);
    expect(replay.headers.get('content-type')).toMatch(/^application\/json/);
    const error = await body(replay);
    expect(error.error).toBe('invalid_grant');
    expect(typeof error.error_description).toBe('string');

    const third = await tokenRequest(t, refreshGrant(t, second.refresh_token));
    expect(third.status).toBe(200);
  });

  it('keeps a refresh token alive while it is used within 30 days, and kills it after 30 idle days', async () => {
    const t = createTestSandbox();
    let tokens = await login(t);
    for (let i = 0; i < 3; i++) {
      t.clock.advance(29 * DAY_MS);
      const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
      expect(response.status).toBe(200);
      tokens = await body(response);
      expect(tokens.refresh_token_expires_in).toBe(30 * 86_400);
      expect(tokens.refresh_token_absolute_expires_in).toBe(365 * 86_400 - (i + 1) * 29 * 86_400);
    }
    t.clock.advance(30 * DAY_MS);
    const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe('invalid_grant');
  });

  it('caps a session at 365 days after the login however often it refreshes', async () => {
    const t = createTestSandbox();
    let tokens = await login(t);
    for (let i = 0; i < 13; i++) {
      t.clock.advance(28 * DAY_MS);
      const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
      expect(response.status).toBe(200);
      tokens = await body(response);
    }
    // 364 days in: one day left, and the sliding lifetime is capped by it.
    expect(tokens.refresh_token_absolute_expires_in).toBe(86_400);
    expect(tokens.refresh_token_expires_in).toBe(86_400);
    t.clock.advance(tokens.refresh_token_absolute_expires_in * 1000);
    const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe('invalid_grant');
  });

  it('lets access tokens expire after expires_in on the sandbox clock', async () => {
    const t = createTestSandbox({ accessTokenTtlSeconds: 60 });
    const tokens = await login(t);
    expect(tokens.expires_in).toBe(60);
    t.clock.advance(59_000);
    expect((await api(t, tokens.access_token, '/common/helloworld')).status).toBe(200);
    t.clock.advance(1_000);
    const expired = await api(t, tokens.access_token, '/common/helloworld');
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('Unauthorized');
  });

  it('kills refresh tokens on revokeRefreshTokens', async () => {
    const t = createTestSandbox();
    const tokens = await login(t);
    t.sandbox.control.revokeRefreshTokens();
    const response = await tokenRequest(t, refreshGrant(t, tokens.refresh_token));
    expect(response.status).toBe(400);
    expect((await body(response)).error).toBe('invalid_grant');
  });

  it('names unsupported and missing grant types', async () => {
    const t = createTestSandbox();
    const creds = { client_id: t.sandbox.clientId, client_secret: t.sandbox.clientSecret };
    const unsupported = await tokenRequest(t, { grant_type: 'client_credentials', ...creds });
    expect(unsupported.status).toBe(400);
    expect((await body(unsupported)).error).toBe('unsupported_grant_type');
    const missing = await tokenRequest(t, creds);
    expect((await body(missing)).error).toBe('invalid_request');
  });
});
