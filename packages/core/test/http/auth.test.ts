import { createHttpClient, HttpError, type TokenManager, UserAuthenticationError } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { BASE_URL, fakeTokens, ORIGIN, useNock } from './helpers.js';

useNock();

/** Answers `path` with the given statuses in order, recording each request's Authorization header. */
function sequence(method: 'get' | 'post', path: string, statuses: number[]) {
  const authorizations: Array<string | null> = [];
  const scope = nock(ORIGIN);
  for (const status of statuses) {
    scope[method](path).reply((request: Request) => {
      authorizations.push(request.headers.get('authorization'));
      return [status, status === 200 ? { ok: true } : { error: 'invalid_token' }];
    });
  }
  return { authorizations, scope };
}

describe('bearer auth from the token manager', () => {
  test('every attempt asks the token manager and sends its token', async () => {
    const { manager, calls } = fakeTokens('token-one-abcdef');
    const { authorizations } = sequence('get', '/personal/banking/accounts', [503, 200]);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: BASE_URL,
      tokens: manager,
      retry: { minDelayMs: 1, maxDelayMs: 1 },
    });
    await client.request({ path: 'accounts' });
    expect(authorizations).toEqual(['Bearer token-one-abcdef', 'Bearer token-one-abcdef']);
    expect(calls.getAccessToken).toBe(2);
  });

  test('a 401 invalidates the token, renews it once and repeats the request once', async () => {
    const { manager, calls } = fakeTokens('stale-token-111111', 'fresh-token-222222');
    const { authorizations, scope } = sequence('get', '/personal/banking/accounts', [401, 200]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, tokens: manager });
    const result = await client.json({ path: 'accounts' });
    expect(result.data).toEqual({ ok: true });
    expect(authorizations).toEqual(['Bearer stale-token-111111', 'Bearer fresh-token-222222']);
    expect(calls).toEqual({ getAccessToken: 2, invalidate: 1 });
    expect(scope.isDone()).toBe(true);
  });

  test('a second 401 is not repeated again: it becomes an HttpError', async () => {
    const { manager, calls } = fakeTokens('stale-token-111111', 'fresh-token-222222', 'never-used-333333');
    const { authorizations } = sequence('get', '/personal/banking/accounts', [401, 401, 200]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, tokens: manager });
    const error = (await client.request({ path: 'accounts' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/check the credentials, or log in again/);
    expect(authorizations).toHaveLength(2);
    expect(calls).toEqual({ getAccessToken: 2, invalidate: 1 });
  });

  test('a POST refused with 401 is repeated once too (the gateway refused it before processing)', async () => {
    const { manager, calls } = fakeTokens('stale-token-111111', 'fresh-token-222222');
    const { authorizations } = sequence('post', '/personal/banking/transfers', [401, 200]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, tokens: manager });
    await client.request({ method: 'POST', path: 'transfers', json: { amount: '1.00' } });
    expect(authorizations).toEqual(['Bearer stale-token-111111', 'Bearer fresh-token-222222']);
    expect(calls.invalidate).toBe(1);
  });

  test('the renewal happens once per request, even across retries', async () => {
    const { manager, calls } = fakeTokens('token-a-111111', 'token-b-222222', 'token-c-333333');
    const { authorizations } = sequence('get', '/personal/banking/accounts', [401, 503, 401]);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: BASE_URL,
      tokens: manager,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
    });
    const error = (await client.request({ path: 'accounts' }).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(401);
    expect(calls.invalidate).toBe(1);
    expect(authorizations).toEqual([
      'Bearer token-a-111111',
      'Bearer token-b-222222',
      'Bearer token-b-222222',
    ]);
  });

  test('auth: false sends no token, and its 401 is mapped without renewing', async () => {
    const { manager, calls } = fakeTokens('token-one-abcdef');
    const { authorizations } = sequence('post', '/oauth/token', [401, 200]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, tokens: manager });
    const error = (await client
      .request({ method: 'POST', path: '/oauth/token', form: { grant_type: 'refresh_token' }, auth: false })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(401);
    expect(authorizations).toEqual([null]);
    expect(calls).toEqual({ getAccessToken: 0, invalidate: 0 });
  });

  test('a client without a token manager sends no Authorization header', async () => {
    const { authorizations } = sequence('get', '/personal/banking/accounts', [401]);
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await expect(client.request({ path: 'accounts' })).rejects.toMatchObject({ status: 401 });
    expect(authorizations).toEqual([null]);
  });

  test("the token manager's own error comes through as it is, and nothing is sent", async () => {
    const refusal = new UserAuthenticationError('testbank: not logged in; run the login flow.');
    const manager = {
      getAccessToken: () => Promise.reject(refusal),
      invalidate: () => Promise.resolve(),
    } as unknown as TokenManager;
    const scope = nock(ORIGIN).get('/personal/banking/accounts').reply(200, {});
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, tokens: manager });
    await expect(client.request({ path: 'accounts' })).rejects.toBe(refusal);
    expect(scope.isDone()).toBe(false);
  });
});
