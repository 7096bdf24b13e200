import { describe, expect, it } from 'vitest';
import { AppClient, UserClient } from '../src/index.js';
import * as fx from './support/fixtures.js';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET } from './support/mock-bridge.js';

/** A fetch that records the request bankkit built, before the platform adds its own defaults. */
function recordingFetch(body: unknown, status = 200) {
  const requests: Request[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { requests, fetch: fetchImpl as typeof fetch };
}

const base = {
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  baseUrl: 'https://bridge.test',
  retry: false as const,
};

describe('headers bankkit sets', () => {
  it('a GET has the app headers and no Content-Type, Accept-Language or body', async () => {
    const recorder = recordingFetch(fx.bank);
    await new AppClient({ ...base, fetch: recorder.fetch }).getBank(574);
    const [request] = recorder.requests;
    expect(request?.headers.get('bridge-version')).toBe('2021-06-01');
    expect(request?.headers.get('client-id')).toBe(CLIENT_ID);
    expect(request?.headers.get('client-secret')).toBe(CLIENT_SECRET);
    expect(request?.headers.has('content-type')).toBe(false);
    expect(request?.headers.has('accept-language')).toBe(false);
    expect(request?.headers.has('authorization')).toBe(false);
    expect(request?.body).toBeNull();
  });

  it('a GET with parameters (editItem) carries them in the query, never in a body', async () => {
    const recorder = recordingFetch(fx.connectUrl);
    const user = new UserClient({
      ...base,
      fetch: recorder.fetch,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    await user.editItem(12, { redirectUrl: 'https://app.example.com/x', context: 'ctx' });
    const [request] = recorder.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(
      'https://bridge.test/v2/connect/items/edit?item_id=12&redirect_url=https%3A%2F%2Fapp.example.com%2Fx&context=ctx',
    );
    expect(request?.body).toBeNull();
    expect(request?.headers.has('content-type')).toBe(false);
    expect(request?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('a POST with a body has Content-Type: application/json; Accept-Language only when given', async () => {
    const recorder = recordingFetch(fx.userLegacy, 201);
    const app = new AppClient({ ...base, fetch: recorder.fetch });
    await app.createUser({ email: 'a@b.c', password: 'password-1' });
    const recorder2 = recordingFetch(fx.category);
    await new AppClient({ ...base, fetch: recorder2.fetch }).getCategory(279, { language: 'fr' });
    expect(recorder.requests[0]?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(recorder2.requests[0]?.headers.get('accept-language')).toBe('fr');
  });

  it('a bodyless POST (refreshItem) has no Content-Type', async () => {
    const recorder = recordingFetch(null, 202);
    const user = new UserClient({
      ...base,
      fetch: recorder.fetch,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    await user.refreshItem(5);
    expect(recorder.requests[0]?.method).toBe('POST');
    expect(recorder.requests[0]?.headers.has('content-type')).toBe(false);
  });

  it('a baseUrl with a trailing slash or a path prefix still reaches /v2', async () => {
    const recorder = recordingFetch(fx.bank);
    await new AppClient({ ...base, baseUrl: 'https://bridge.test/proxy/', fetch: recorder.fetch }).getBank(1);
    expect(recorder.requests[0]?.url).toBe('https://bridge.test/proxy/v2/banks/1');
  });
});
