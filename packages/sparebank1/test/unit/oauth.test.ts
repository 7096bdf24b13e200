import { createHash } from 'node:crypto';
import { AuthenticationError, ConfigurationError, MemoryTokenStore, OAuthCallbackError } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { SpareBank1Client } from '../../src/index.js';
import { constantTimeEqual } from '../../src/oauth/random.js';
import {
  AUTH,
  CLIENT_ID,
  CLIENT_SECRET,
  makeClient,
  REDIRECT_URI,
  TOKEN_KEY,
  tokenResponse,
  useNock,
} from '../helpers.js';

useNock();

function callback(params: Record<string, string>): string {
  const url = new URL(REDIRECT_URI);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

describe('createAuthorizationUrl', () => {
  it('builds the authorize URL on the auth host with every required parameter', () => {
    const { client } = makeClient({ finInst: 'fid-smn' });
    const { url, state, codeVerifier } = client.createAuthorizationUrl();
    expect(url.origin + url.pathname).toBe(`${AUTH}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('finInst')).toBe('fid-smn');
    expect(url.searchParams.get('state')).toBe(state);
    expect(url.searchParams.has('code_challenge')).toBe(false);
    expect(codeVerifier).toBeUndefined();
    // 32 random bytes, base64url.
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes a fresh state every time and keeps a given one', () => {
    const { client } = makeClient();
    const states = new Set(Array.from({ length: 50 }, () => client.createAuthorizationUrl().state));
    expect(states.size).toBe(50);
    const { url, state } = client.createAuthorizationUrl({ state: 'my-own-state', finInst: 'fid-ostlandet' });
    expect(state).toBe('my-own-state');
    expect(url.searchParams.get('state')).toBe('my-own-state');
    expect(url.searchParams.get('finInst')).toBe('fid-ostlandet');
  });

  it('leaves finInst out when none is configured, so the user picks the bank', () => {
    const { client } = makeClient();
    expect(client.createAuthorizationUrl().url.searchParams.has('finInst')).toBe(false);
  });

  it('adds an S256 PKCE challenge that matches the returned verifier', () => {
    const { client } = makeClient();
    const { url, codeVerifier } = client.createAuthorizationUrl({ pkce: true });
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const expected = createHash('sha256')
      .update(codeVerifier ?? '')
      .digest('base64url');
    expect(url.searchParams.get('code_challenge')).toBe(expected);
  });

  it('honours a custom auth host with a base path', () => {
    const { client } = makeClient({ authBaseUrl: 'http://127.0.0.1:9999/sb1-auth/' });
    expect(client.createAuthorizationUrl().url.href).toMatch(
      /^http:\/\/127\.0\.0\.1:9999\/sb1-auth\/oauth\/authorize\?/,
    );
  });

  it('refuses a client without its credentials', () => {
    expect(
      () => new SpareBank1Client({ clientId: '', clientSecret: 'x', redirectUri: REDIRECT_URI }),
    ).toThrow(ConfigurationError);
    expect(
      () => new SpareBank1Client({ clientId: 'a', clientSecret: 'b', redirectUri: 'not a url' }),
    ).toThrow(ConfigurationError);
  });
});

describe('handleCallback', () => {
  it('rejects a mismatched state without calling the token endpoint', async () => {
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(1));
    const { client, store } = makeClient();
    const { state } = client.createAuthorizationUrl();
    const error = await client
      .handleCallback(callback({ code: 'a8e0938a44924b148c8d72daa736c3af', state: `${state}x` }), {
        expectedState: state,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthCallbackError);
    expect((error as OAuthCallbackError).oauthError).toBe('state_mismatch');
    expect(token.isDone()).toBe(false);
    expect(await store.get(TOKEN_KEY)).toBeUndefined();
  });

  it('rejects a missing state, and a state of another length, without a token request', async () => {
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(1));
    const { client } = makeClient();
    const callbacks: Array<Record<string, string>> = [
      { code: 'abc123abc123' },
      { code: 'abc123abc123', state: 'short' },
    ];
    for (const params of callbacks) {
      await expect(
        client.handleCallback(callback(params), { expectedState: 'expected-state-value' }),
      ).rejects.toMatchObject({
        oauthError: 'state_mismatch',
      });
    }
    expect(token.isDone()).toBe(false);
  });

  it('compares states through equal-length digests, whatever their lengths', () => {
    expect(constantTimeEqual('same-state-value', 'same-state-value')).toBe(true);
    expect(constantTimeEqual('same-state-value', 'same-state-valuf')).toBe(false);
    expect(constantTimeEqual('short', 'a-much-longer-state-value')).toBe(false);
    expect(constantTimeEqual('', 'x')).toBe(false);
  });

  it('turns error=access_denied into an OAuthCallbackError that explains it, without a token request', async () => {
    const token = nock(AUTH).post('/oauth/token').reply(200, tokenResponse(1));
    const { client } = makeClient();
    const { state } = client.createAuthorizationUrl();
    const error = await client
      .handleCallback(callback({ error: 'access_denied', state }), { expectedState: state })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthCallbackError);
    expect((error as OAuthCallbackError).oauthError).toBe('access_denied');
    expect((error as Error).message).toMatch(/declined/);
    expect((error as Error).message).toMatch(/finInst/);
    expect(token.isDone()).toBe(false);
  });

  it('rejects a callback without a code', async () => {
    const { client } = makeClient();
    await expect(
      client.handleCallback(callback({ state: 's-1234567' }), { expectedState: 's-1234567' }),
    ).rejects.toMatchObject({
      oauthError: 'missing_code',
    });
  });

  it('exchanges the code with form-field client authentication and stores the tokens', async () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    let body: URLSearchParams | undefined;
    let authorization: string | null = 'unset';
    const token = nock(AUTH)
      .post('/oauth/token')
      .reply(async (req: Request) => {
        body = new URLSearchParams(await req.text());
        authorization = req.headers.get('authorization');
        return [200, tokenResponse(1)];
      });
    const onTokens = vi.fn();
    const store = new MemoryTokenStore();
    const { client } = makeClient({ tokenStore: store, now: () => now, onTokens });
    const { state } = client.createAuthorizationUrl();
    const tokens = await client.handleCallback(
      callback({ code: 'a8e0938a44924b148c8d72daa736c3af', state }),
      {
        expectedState: state,
      },
    );
    expect(token.isDone()).toBe(true);
    expect(body?.get('grant_type')).toBe('authorization_code');
    expect(body?.get('code')).toBe('a8e0938a44924b148c8d72daa736c3af');
    expect(body?.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(body?.get('client_id')).toBe(CLIENT_ID);
    expect(body?.get('client_secret')).toBe(CLIENT_SECRET);
    expect(body?.has('code_verifier')).toBe(false);
    expect(authorization).toBeNull();

    expect(tokens.accessToken).toBe('access-token-1-xxxxxxxxxxxx');
    expect(tokens.refreshToken).toBe('refresh-token-1-yyyyyyyyyyyy');
    expect(tokens.expiresAt.toISOString()).toBe(new Date(now + 600_000).toISOString());
    expect(tokens.refreshTokenExpiresAt?.toISOString()).toBe(new Date(now + 2_591_999_000).toISOString());
    expect(tokens.refreshTokenAbsoluteExpiresAt?.toISOString()).toBe(
      new Date(now + 31_535_999_000).toISOString(),
    );
    expect((await store.get(TOKEN_KEY))?.refreshToken).toBe('refresh-token-1-yyyyyyyyyyyy');
    expect(onTokens).toHaveBeenCalledTimes(1);
    expect(await client.isAuthenticated()).toBe(true);
  });

  it('exchanges the code with HTTP Basic client authentication when asked', async () => {
    let body: URLSearchParams | undefined;
    let authorization: string | null = null;
    nock(AUTH)
      .post('/oauth/token')
      .reply(async (req: Request) => {
        body = new URLSearchParams(await req.text());
        authorization = req.headers.get('authorization');
        return [200, tokenResponse(1)];
      });
    const { client } = makeClient({ clientAuth: 'basic' });
    const { state } = client.createAuthorizationUrl();
    await client.handleCallback(callback({ code: 'a8e0938a44924b148c8d72daa736c3af', state }), {
      expectedState: state,
    });
    expect(authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
    expect(body?.has('client_secret')).toBe(false);
    expect(body?.has('client_id')).toBe(false);
    expect(body?.get('code')).toBe('a8e0938a44924b148c8d72daa736c3af');
  });

  it('sends the PKCE verifier with the code', async () => {
    let body: URLSearchParams | undefined;
    nock(AUTH)
      .post('/oauth/token')
      .reply(async (req: Request) => {
        body = new URLSearchParams(await req.text());
        return [200, tokenResponse(1)];
      });
    const { client } = makeClient();
    const { state, codeVerifier } = client.createAuthorizationUrl({ pkce: true });
    await client.handleCallback(callback({ code: 'a8e0938a44924b148c8d72daa736c3af', state }), {
      expectedState: state,
      codeVerifier,
    });
    expect(body?.get('code_verifier')).toBe(codeVerifier);
  });

  it('maps a refused code (invalid_grant) to an OAuthCallbackError and keeps the code out of the message', async () => {
    nock(AUTH).post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'Code expired' });
    const { client, store } = makeClient();
    const { state } = client.createAuthorizationUrl();
    const error = await client
      .handleCallback(callback({ code: 'deadbeefdeadbeefdeadbeefdeadbeef', state }), { expectedState: state })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthCallbackError);
    expect((error as OAuthCallbackError).oauthError).toBe('invalid_grant');
    expect(JSON.stringify(error)).not.toContain('deadbeefdeadbeefdeadbeefdeadbeef');
    expect(await store.get(TOKEN_KEY)).toBeUndefined();
  });

  it('maps invalid_client to an AuthenticationError that says to renew the client secret', async () => {
    nock(AUTH).post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'Bad client' });
    const { client } = makeClient();
    const { state } = client.createAuthorizationUrl();
    const error = await client
      .handleCallback(callback({ code: 'a8e0938a44924b148c8d72daa736c3af', state }), { expectedState: state })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerCode).toBe('invalid_client');
    expect((error as Error).message).toMatch(/client secret/);
    expect((error as Error).message).toMatch(/developer portal/);
    const serialized = JSON.stringify(error) + String((error as Error).stack);
    expect(serialized).not.toContain(CLIENT_SECRET);
  });
});
