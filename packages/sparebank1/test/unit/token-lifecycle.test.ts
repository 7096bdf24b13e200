import {
  AuthenticationError,
  MemoryTokenStore,
  NetworkError,
  ReauthorizationRequiredError,
  type TokenSet,
} from '@bankkit/core';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import {
  API,
  AUTH,
  account,
  CLIENT_SECRET,
  DAY,
  makeClient,
  seedTokens,
  TOKEN_KEY,
  tokenResponse,
  useNock,
} from '../helpers.js';

useNock();

const accounts = { accounts: [account()], errors: [] };

function refreshBody(expected: string) {
  return (body: Record<string, string>) =>
    body.grant_type === 'refresh_token' && body.refresh_token === expected;
}

describe('token renewal', () => {
  it('renews an access token about to expire before the call, and uses the new one', async () => {
    const { client, store } = makeClient();
    await seedTokens(store, {}, { accessMs: 30_000 });
    const token = nock(AUTH)
      .post('/oauth/token', refreshBody('refresh-token-rrrrrrrrrrrr1'))
      .reply(200, tokenResponse(2));
    const api = nock(API)
      .get('/personal/banking/accounts')
      .matchHeader('authorization', 'Bearer access-token-2-xxxxxxxxxxxx')
      .reply(200, accounts);
    await client.listAccounts();
    expect(token.isDone()).toBe(true);
    expect(api.isDone()).toBe(true);
  });

  it('stores the rotated refresh token before the call that uses the new access token', async () => {
    const store = new MemoryTokenStore();
    const { client } = makeClient({ tokenStore: store });
    await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH).post('/oauth/token', refreshBody('refresh-token-rrrrrrrrrrrr1')).reply(200, tokenResponse(2));
    let storedDuringCall: TokenSet | undefined;
    nock(API)
      .get('/personal/banking/accounts')
      .reply(async (req: Request) => {
        storedDuringCall = await store.get(TOKEN_KEY);
        expect(req.headers.get('authorization')).toBe('Bearer access-token-2-xxxxxxxxxxxx');
        return [200, accounts];
      });
    await client.listAccounts();
    expect(storedDuringCall?.refreshToken).toBe('refresh-token-2-yyyyyyyyyyyy');
    expect(storedDuringCall?.accessToken).toBe('access-token-2-xxxxxxxxxxxx');
  });

  it('awaits onTokens with the new set before the call that uses it', async () => {
    const order: string[] = [];
    const onTokens = vi.fn(async (tokens: TokenSet) => {
      order.push(`onTokens:${tokens.refreshToken}`);
    });
    const { client, store } = makeClient({ onTokens });
    await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    nock(API)
      .get('/personal/banking/accounts')
      .reply(() => {
        order.push('api');
        return [200, accounts];
      });
    await client.listAccounts();
    expect(order).toEqual(['onTokens:refresh-token-2-yyyyyyyyyyyy', 'api']);
  });

  it('keeps the old refresh token (and its expiries) when the refresh answer has none', async () => {
    const { client, store } = makeClient();
    const seeded = await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH)
      .post('/oauth/token')
      .reply(200, { access_token: 'access-token-3-zzzzzzzzzzzz', token_type: 'Bearer', expires_in: 600 });
    const renewed = await client.refresh();
    expect(renewed.accessToken).toBe('access-token-3-zzzzzzzzzzzz');
    expect(renewed.refreshToken).toBe('refresh-token-rrrrrrrrrrrr1');
    const stored = await store.get(TOKEN_KEY);
    expect(stored?.refreshToken).toBe('refresh-token-rrrrrrrrrrrr1');
    expect(stored?.refreshTokenExpiresAt?.toISOString()).toBe(seeded.refreshTokenExpiresAt?.toISOString());
    const status = await client.tokenStatus();
    expect(status.refreshTokenAbsoluteExpiresAt?.toISOString()).toBe(
      (seeded.refreshTokenAbsoluteExpiresAt as Date).toISOString(),
    );
  });

  it('sends exactly one refresh request for 1,000 concurrent calls at expiry', async () => {
    let refreshes = 0;
    let apiCalls = 0;
    const fakeFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.url.endsWith('/oauth/token')) {
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return Response.json(tokenResponse(2));
      }
      apiCalls++;
      expect(request.headers.get('authorization')).toBe('Bearer access-token-2-xxxxxxxxxxxx');
      return new Response(JSON.stringify(accounts), { headers: { 'content-type': 'application/json' } });
    };
    // 1,000 calls at once are far past the 60-per-hour pacing; this test is about renewal only.
    const { client, store } = makeClient({ fetch: fakeFetch, pacing: false });
    await seedTokens(store, {}, { accessMs: 0 });
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.listAccounts()));
    expect(results).toHaveLength(1000);
    expect(refreshes).toBe(1);
    expect(apiCalls).toBe(1000);
  });

  it('on a plain-text 401 refreshes once and repeats the call once', async () => {
    const { client, store } = makeClient();
    await seedTokens(store);
    const refused = nock(API)
      .get('/personal/banking/accounts')
      .matchHeader('authorization', 'Bearer access-token-aaaaaaaaaaaa')
      .reply(401, 'Unauthorized', { 'Content-Type': 'text/plain' });
    const token = nock(AUTH)
      .post('/oauth/token', refreshBody('refresh-token-rrrrrrrrrrrr1'))
      .once()
      .reply(200, tokenResponse(2));
    const repeated = nock(API)
      .get('/personal/banking/accounts')
      .matchHeader('authorization', 'Bearer access-token-2-xxxxxxxxxxxx')
      .reply(200, accounts);
    const list = await client.listAccounts();
    expect(list[0]?.key).toBe('M0wOq64MXStdRKQE4udw');
    expect(refused.isDone() && token.isDone() && repeated.isDone()).toBe(true);
  });

  it('recognises a 401 by status and media type, whatever its text says', async () => {
    const { client, store } = makeClient();
    await seedTokens(store);
    nock(API)
      .get('/personal/banking/accounts')
      .reply(401, '', { 'Content-Type': 'text/plain; charset=utf-8' });
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    nock(API).get('/personal/banking/accounts').reply(200, accounts);
    await client.listAccounts();
    expect(token.isDone()).toBe(true);
  });

  it('gives up with an AuthenticationError when the renewed token is refused too (one refresh, two calls)', async () => {
    const { client, store } = makeClient();
    await seedTokens(store);
    const calls = nock(API)
      .get('/personal/banking/accounts')
      .times(2)
      .reply(401, 'Unauthorized', { 'Content-Type': 'text/plain' });
    let refreshes = 0;
    nock(AUTH)
      .post('/oauth/token')
      .times(3)
      .reply(() => {
        refreshes++;
        return [200, tokenResponse(refreshes + 1)];
      });
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(calls.isDone()).toBe(true);
    expect(refreshes).toBe(1);
  });

  it('turns invalid_grant into ReauthorizationRequiredError asking for a BankID login, keeping secrets out', async () => {
    const { client, store } = makeClient();
    const seeded = await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH)
      .post('/oauth/token')
      .reply(400, { error: 'invalid_grant', error_description: 'Refresh token expired' });
    const api = nock(API).get('/personal/banking/accounts').reply(200, accounts);
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as Error).message).toMatch(/BankID/);
    expect((error as ReauthorizationRequiredError).providerCode).toBe('invalid_grant');
    expect(api.isDone()).toBe(false);
    const text = `${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(text).not.toContain(seeded.refreshToken);
    expect(text).not.toContain(CLIENT_SECRET);
  });

  it('turns invalid_client on refresh into an AuthenticationError about the client secret', async () => {
    const { client, store } = makeClient();
    await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH).post('/oauth/token').reply(401, { error: 'invalid_client' });
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/client secret/);
  });

  it('fails locally, without a request, when the refresh token is past its idle expiry', async () => {
    const { client, store } = makeClient();
    await seedTokens(store, { refreshTokenExpiresAt: new Date(Date.now() - 1000) }, { accessMs: 0 });
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    await expect(client.listAccounts()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(token.isDone()).toBe(false);
  });

  it('fails locally when the refresh token is past its absolute expiry, even as an ISO string from a store', async () => {
    const { client, store } = makeClient();
    await seedTokens(
      store,
      { refreshTokenAbsoluteExpiresAt: new Date(Date.now() - 1000).toISOString() },
      { accessMs: 0 },
    );
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as Error).message).toMatch(/absolute/);
    expect(token.isDone()).toBe(false);
  });

  it('asks for a login when nothing is stored', async () => {
    const { client } = makeClient();
    await expect(client.listAccounts()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
  });

  it('never repeats a refresh that failed at the network level, and leaves the stored tokens as they were', async () => {
    const { client, store } = makeClient();
    const seeded = await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH)
      .post('/oauth/token')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const second = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    const error = await client.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(second.isDone()).toBe(false);
    const stored = await store.get(TOKEN_KEY);
    expect(stored?.refreshToken).toBe(seeded.refreshToken);
    expect(stored?.accessToken).toBe(seeded.accessToken);
  });

  it('never repeats a refresh that got a server error', async () => {
    const { client, store } = makeClient();
    await seedTokens(store, {}, { accessMs: 0 });
    nock(AUTH).post('/oauth/token').reply(503, 'busy');
    const second = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(2));
    await expect(client.refresh()).rejects.toMatchObject({ status: 503 });
    expect(second.isDone()).toBe(false);
  });
});

describe('token status', () => {
  it('reports both refresh-token expiries and warns within seven days of the earlier one', async () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const { client, store } = makeClient({ now: () => now });
    await seedTokens(
      store,
      {
        refreshTokenExpiresAt: new Date(now + 20 * DAY),
        refreshTokenAbsoluteExpiresAt: new Date(now + 6 * DAY),
      },
      { now },
    );
    const status = await client.tokenStatus();
    expect(status.authenticated).toBe(true);
    expect(status.accessTokenExpiresAt?.toISOString()).toBe(new Date(now + 600_000).toISOString());
    expect(status.refreshTokenExpiresAt?.toISOString()).toBe(new Date(now + 20 * DAY).toISOString());
    expect(status.refreshTokenAbsoluteExpiresAt?.toISOString()).toBe(new Date(now + 6 * DAY).toISOString());
    expect(status.reauthorizationRequiredAt?.toISOString()).toBe(new Date(now + 6 * DAY).toISOString());
    expect(status.needsReauthorizationSoon).toBe(true);
  });

  it('is not authenticated once the refresh token is dead and the access token expired', async () => {
    const now = Date.now();
    const { client, store } = makeClient();
    await seedTokens(store, { refreshTokenExpiresAt: new Date(now - 1) }, { accessMs: -1 });
    expect(await client.isAuthenticated()).toBe(false);
    expect((await client.tokenStatus()).needsReauthorizationSoon).toBe(true);
  });

  it('counts an expired access token with a live refresh token as authenticated', async () => {
    const { client, store } = makeClient();
    await seedTokens(store, {}, { accessMs: -60_000 });
    expect(await client.isAuthenticated()).toBe(true);
    expect((await client.tokenStatus()).needsReauthorizationSoon).toBe(false);
  });

  it('logout forgets the stored tokens', async () => {
    const { client, store } = makeClient();
    await seedTokens(store);
    await client.logout();
    expect(await store.get(TOKEN_KEY)).toBeUndefined();
    expect(await client.isAuthenticated()).toBe(false);
    expect(await client.tokenStatus()).toEqual({ authenticated: false, needsReauthorizationSoon: false });
  });

  it('tracks sliding and absolute expiry from the refresh response', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { client, store } = makeClient({ now: () => now });
    await seedTokens(store, {}, { now, accessMs: 0 });
    now += 10 * DAY;
    nock(AUTH)
      .post('/oauth/token')
      .reply(200, tokenResponse(2, { refresh_token_absolute_expires_in: 200 * 86_400 }));
    const renewed = await client.refresh();
    expect(renewed.refreshTokenExpiresAt?.toISOString()).toBe(new Date(now + 2_591_999_000).toISOString());
    expect(renewed.refreshTokenAbsoluteExpiresAt?.toISOString()).toBe(
      new Date(now + 200 * DAY).toISOString(),
    );
  });
});
