import { ConfigurationError, createHttpClient, InvalidInputError } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, test, vi } from 'vitest';
import { BASE_URL, ORIGIN, useNock } from './helpers.js';

useNock();

/** Replies 200 to any GET on the origin and returns the URLs requested, exactly as sent. */
function captureUrls() {
  const urls: string[] = [];
  nock(ORIGIN)
    .get(() => true)
    .query(true)
    .times(20)
    .reply((request: Request) => {
      urls.push(request.url);
      return [200, { ok: true }];
    });
  return urls;
}

describe('paths', () => {
  test.each([
    [BASE_URL, 'accounts/1', `${BASE_URL}/accounts/1`],
    [`${BASE_URL}/`, 'accounts/1', `${BASE_URL}/accounts/1`],
    [BASE_URL, './accounts', `${BASE_URL}/accounts`],
    [ORIGIN, 'accounts', `${ORIGIN}/accounts`],
    [`${ORIGIN}/`, 'accounts', `${ORIGIN}/accounts`],
  ])('with baseUrl %s, %s is requested at %s', async (baseUrl, path, expected) => {
    const urls = captureUrls();
    await createHttpClient({ provider: 'testbank', baseUrl }).request({ path });
    expect(urls).toEqual([expected]);
  });

  test('an absolute path is taken on the origin as it is, its query untouched', async () => {
    const urls = captureUrls();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await client.request({ path: '/v2/transactions?after=abc%2Fdef%3D%3D&limit=2' });
    expect(urls).toEqual([`${ORIGIN}/v2/transactions?after=abc%2Fdef%3D%3D&limit=2`]);
  });

  test('a full URL on the configured origin is used as it is', async () => {
    const urls = captureUrls();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await client.request({ path: `${ORIGIN}/v2/transactions?after=x%2By` });
    expect(urls).toEqual([`${ORIGIN}/v2/transactions?after=x%2By`]);
  });

  test.each([
    'https://evil.example/v2/transactions?after=x',
    'http://api.bank.test/v2/transactions',
    'https://api.bank.test:8443/v2/transactions',
    '//evil.example/steal',
    '/\\evil.example/steal',
  ])('%s is refused with a typed error and no request is made', async (path) => {
    const evil = nock('https://evil.example').get(/.*/).reply(200, 'got your token');
    const fetch = vi.fn<typeof globalThis.fetch>();
    const getAccessToken = vi.fn(async () => 'secret-token-value');
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: BASE_URL,
      fetch,
      tokens: { getAccessToken, invalidate: async () => {} } as never,
    });
    const error = await client.request({ path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('path');
    expect((error as Error).message).toContain(`not on the configured origin ${ORIGIN}`);
    expect(fetch).not.toHaveBeenCalled();
    expect(getAccessToken).not.toHaveBeenCalled();
    expect(evil.isDone()).toBe(false);
  });

  test('an unusable baseUrl is refused when the client is built', () => {
    expect(() => createHttpClient({ provider: 'testbank', baseUrl: 'api.bank.test' })).toThrow(
      /not an http\(s\) URL/,
    );
    expect(() => createHttpClient({ provider: 'testbank', baseUrl: `${ORIGIN}/v1?key=1` })).toThrow(/query/);
  });

  test('plain http is refused except on loopback: credentials are never sent unencrypted', () => {
    for (const baseUrl of ['http://api.bank.test/v1', 'http://10.0.0.5', 'http://127.evil.example']) {
      expect(() => createHttpClient({ provider: 'testbank', baseUrl })).toThrow(ConfigurationError);
      expect(() => createHttpClient({ provider: 'testbank', baseUrl })).toThrow(/use https/);
    }
    for (const baseUrl of [
      'http://127.0.0.1:8080',
      'http://127.1.2.3',
      'http://localhost:3000/v2',
      'http://[::1]:9000',
    ]) {
      expect(createHttpClient({ provider: 'testbank', baseUrl }).origin).toBe(new URL(baseUrl).origin);
    }
  });

  test('origin is the configured origin', () => {
    expect(createHttpClient({ provider: 'testbank', baseUrl: `${BASE_URL}/` }).origin).toBe(ORIGIN);
  });
});

describe('query parameters', () => {
  test('arrays repeat the key, booleans are true/false, undefined and null are dropped, values are encoded', async () => {
    const urls = captureUrls();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await client.request({
      path: 'transactions',
      query: {
        accountKey: ['a1', 'b 2'],
        booked: true,
        pending: false,
        limit: 50,
        from: undefined,
        to: null,
        q: 'rent & food=100%',
      },
    });
    expect(urls).toEqual([
      `${BASE_URL}/transactions?accountKey=a1&accountKey=b%202&booked=true&pending=false&limit=50&q=rent%20%26%20food%3D100%25`,
    ]);
    expect(new URL(urls[0] ?? '').searchParams.getAll('accountKey')).toEqual(['a1', 'b 2']);
  });

  test('extends a query already in the path', async () => {
    const urls = captureUrls();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await client.request({ path: '/v2/transactions?after=x%3D', query: { limit: 2 } });
    await client.request({ path: 'accounts', query: { a: undefined } });
    expect(urls).toEqual([`${ORIGIN}/v2/transactions?after=x%3D&limit=2`, `${BASE_URL}/accounts`]);
  });

  test('a value that cannot be sent is refused before anything is sent', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, fetch });
    const error = await client.request({ path: 'x', query: { limit: Number.NaN } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('query.limit');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('bodies and headers', () => {
  test('GET and HEAD never carry a body', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, fetch });
    await expect(client.request({ path: 'x', json: { a: 1 } })).rejects.toThrow(
      /a GET request cannot carry a body/,
    );
    await expect(client.request({ method: 'HEAD', path: 'x', form: { a: '1' } })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  test('a JSON body is sent with its content type, a form body url-encoded', async () => {
    const seen: Array<{ type: string | null; body: string }> = [];
    nock(ORIGIN)
      .post(/.*/)
      .times(2)
      .reply(async (request: Request) => {
        seen.push({ type: request.headers.get('content-type'), body: await request.text() });
        return [200, {}];
      });
    const client = createHttpClient({ provider: 'testbank', baseUrl: BASE_URL });
    await client.request({ method: 'POST', path: 'a', json: { amount: '1.50', tags: ['x'] } });
    await client.request({
      method: 'POST',
      path: 'b',
      form: { grant_type: 'refresh_token', scope: undefined, x: 'a b' },
    });
    expect(seen).toEqual([
      { type: 'application/json', body: '{"amount":"1.50","tags":["x"]}' },
      { type: 'application/x-www-form-urlencoded', body: 'grant_type=refresh_token&x=a+b' },
    ]);
  });

  test('default headers (static or per attempt) combine with request headers, case-insensitively', async () => {
    const seen: Array<Record<string, string>> = [];
    nock(ORIGIN)
      .get(/.*/)
      .times(2)
      .reply((request: Request) => {
        seen.push(Object.fromEntries(request.headers));
        return [200, {}];
      });
    let n = 0;
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: BASE_URL,
      headers: () => ({ 'X-Attempt': String(++n), Accept: 'application/vnd.bank.v1+json' }),
    });
    await client.json({ path: 'a' });
    await client.json({ path: 'b', headers: { accept: 'application/vnd.bank.v2+json' } });
    expect(seen[0]).toMatchObject({ 'x-attempt': '1', accept: 'application/vnd.bank.v1+json' });
    expect(seen[1]).toMatchObject({ 'x-attempt': '2', accept: 'application/vnd.bank.v2+json' });
  });

  test('json() asks for JSON unless told otherwise', async () => {
    let accept: string | null = null;
    nock(ORIGIN)
      .get(/.*/)
      .reply((request: Request) => {
        accept = request.headers.get('accept');
        return [200, {}];
      });
    await createHttpClient({ provider: 'testbank', baseUrl: BASE_URL }).json({ path: 'a' });
    expect(accept).toBe('application/json');
  });
});
