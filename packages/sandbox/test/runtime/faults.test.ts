import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/runtime/faults.js';
import { type BridgeHarness, errorOf, startBridge } from '../bridge/helpers.js';

let h: BridgeHarness;

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 2_000 } });
});
afterEach(() => h.sandbox.faults.clear());
afterAll(() => h.sandbox.close());

describe('fault kinds', () => {
  it('status: answers the status with the provider error body, without running the handler', async () => {
    h.sandbox.faults.set({
      provider: 'bridge',
      method: 'POST',
      path: '/v2/users',
      kind: 'status',
      status: 503,
    });
    const response = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'never@x.io', password: 'secret-pw' },
    });
    expect(response.status).toBe(503);
    expect(await errorOf(response)).toEqual({
      type: 'service_unavailable',
      message: 'Service unavailable',
      documentation_url: null,
    });
    h.sandbox.faults.clear();
    const created = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'never@x.io', password: 'secret-pw' },
    });
    expect(created.status).toBe(201);
  });

  it("status: uses SpareBank 1's own error body on its servers", async () => {
    h.sandbox.faults.set({ provider: 'sparebank1', kind: 'status' });
    const response = await fetch(`${h.sandbox.sparebank1.baseUrl}/common/helloworld`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { errors: { code: string; httpCode: number }[] };
    expect(body.errors[0]?.code).toBe('general.error');
    expect(body.errors[0]?.httpCode).toBe(500);
    // The rule only matches SpareBank 1: Bridge is untouched.
    expect((await h.call('/v2/banks')).status).toBe(200);
  });

  it('rate-limit: 429 with the error body and Retry-After', async () => {
    h.sandbox.faults.set({ path: '/v2/banks', kind: 'rate-limit', retryAfterSeconds: 30 });
    const response = await h.call('/v2/banks');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect((await errorOf(response)).type).toBe('too_many_requests');
  });

  it('latency: delays, then serves normally', async () => {
    h.sandbox.faults.set({ path: '/v2/banks', kind: 'latency', latencyMs: 200 });
    const started = performance.now();
    const response = await h.call('/v2/banks');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(((await response.json()) as { resources: unknown[] }).resources.length).toBeGreaterThan(0);
  });

  it('reset: the connection drops before any response, so fetch rejects', async () => {
    h.sandbox.faults.set({ path: '/v2/banks', kind: 'reset' });
    await expect(h.call('/v2/banks')).rejects.toThrow();
    expect(h.sandbox.requests.list({ path: '/v2/banks' }).at(-1)).toMatchObject({
      status: 'reset',
      fault: 'reset',
    });
  });

  it('truncate: headers arrive with the full Content-Length, then reading the body fails', async () => {
    const token = await h.login();
    const full = await h.call('/v2/transactions?limit=200', { token });
    const fullLength = (await full.arrayBuffer()).byteLength;
    h.sandbox.faults.set({ path: '/v2/transactions', kind: 'truncate' });
    const response = await h.call('/v2/transactions?limit=200', { token });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(fullLength);
    await expect(response.text()).rejects.toThrow();
  });

  it('invalid-json: 200 application/json with a body that does not parse', async () => {
    h.sandbox.faults.set({ path: '/v2/banks', kind: 'invalid-json' });
    const response = await h.call('/v2/banks');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('html: a 502 HTML error page', async () => {
    h.sandbox.faults.set({ kind: 'html' });
    const response = await h.call('/v2/banks');
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<h1>502 Bad gateway</h1>');
  });

  it('fail-after-apply: the operation is applied, but the client gets a 500', async () => {
    h.sandbox.faults.set({ method: 'POST', path: '/v2/users', kind: 'fail-after-apply' });
    const response = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'ghost@x.io', password: 'secret-pw' },
    });
    expect(response.status).toBe(500);
    expect((await errorOf(response)).type).toBe('internal_server_error');
    h.sandbox.faults.clear();
    const users = (await (await h.call('/v2/users')).json()) as { resources: { email: string }[] };
    expect(users.resources.some((user) => user.email === 'ghost@x.io')).toBe(true);
    const retry = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'ghost@x.io', password: 'secret-pw' },
    });
    expect(retry.status).toBe(409);
  });

  it('fail-after-apply with reset: applied, then the connection drops', async () => {
    h.sandbox.faults.set({ method: 'POST', path: '/v2/users', kind: 'fail-after-apply', reset: true });
    await expect(
      h.call('/v2/users', { method: 'POST', body: { email: 'phantom@x.io', password: 'secret-pw' } }),
    ).rejects.toThrow();
    h.sandbox.faults.clear();
    const retry = await h.call('/v2/users', {
      method: 'POST',
      body: { email: 'phantom@x.io', password: 'secret-pw' },
    });
    expect(retry.status).toBe(409);
  });
});

describe('fault selection', () => {
  it('hits every n-th matching request, at most `times` times, and counts per kind', async () => {
    h.sandbox.faults.set({ path: '/v2/banks', kind: 'status', everyNth: 3, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await h.call('/v2/banks')).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200, 200, 200, 200]);
    // Requests elsewhere are not candidates.
    expect((await h.call('/v2/categories')).status).toBe(200);
    expect(h.sandbox.faults.stats().byKind.status).toBe(2);
    expect(h.sandbox.faults.stats().total).toBe(2);
    h.sandbox.faults.clear();
    expect(h.sandbox.faults.stats().total).toBe(0);
  });

  it('takes the first rule that hits', async () => {
    h.sandbox.faults.set([
      { path: /^\/v2\/categories/, kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
    ]);
    expect((await h.call('/v2/categories')).status).toBe(502);
    expect((await h.call('/v2/banks')).status).toBe(503);
    expect(h.sandbox.faults.rules()).toHaveLength(2);
  });

  it('is deterministic for a seed: probability draws repeat after set()', async () => {
    const pattern = async () => {
      h.sandbox.faults.set({ path: '/v2/banks', kind: 'status', probability: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await h.call('/v2/banks')).status);
      return statuses;
    };
    const first = await pattern();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });

  it('gives the same decisions to two injectors with the same seed, and validates rules', () => {
    const decisions = (seed: number) => {
      const injector = new FaultInjector(seed);
      injector.set({ kind: 'reset', probability: 0.3 });
      return Array.from({ length: 40 }, () =>
        injector.decide({ provider: 'bridge', method: 'GET', pathname: '/v2/items' }) === undefined ? 0 : 1,
      );
    };
    expect(decisions(9)).toEqual(decisions(9));
    expect(decisions(9)).not.toEqual(decisions(10));
    const injector = new FaultInjector(1);
    expect(() => injector.set({ kind: 'explode' as never })).toThrow(TypeError);
    expect(() => injector.set({ kind: 'status', probability: 2 })).toThrow(RangeError);
    expect(() => injector.set({ kind: 'status', everyNth: 0 })).toThrow(RangeError);
    expect(() => injector.set({ kind: 'status', status: 1000 })).toThrow(RangeError);
  });
});

describe('request log through the servers', () => {
  it('records provider, method, path, status, time and fault of every request', async () => {
    h.sandbox.requests.clear();
    const token = await h.login();
    await h.call('/v2/items', { token });
    await h.call('/v2/items/1', { token });
    h.sandbox.faults.set({ path: '/v2/accounts', kind: 'status', status: 502 });
    await h.call('/v2/accounts', { token });
    await fetch(`${h.sandbox.sparebank1.authBaseUrl}/oauth/token?client_secret=leak`, { method: 'POST' });
    const log = h.sandbox.requests;
    expect(log.count()).toBe(5);
    expect(log.count({ provider: 'bridge', method: 'POST', path: '/v2/authenticate' })).toBe(1);
    expect(log.count({ status: 404 })).toBe(1);
    expect(log.list({ fault: 'status' })).toMatchObject([{ path: '/v2/accounts', status: 502 }]);
    const sb1 = log.list({ provider: 'sparebank1' });
    expect(sb1).toHaveLength(1);
    expect(sb1[0]?.server).toBe('sparebank1Auth');
    expect(sb1[0]?.query).not.toContain('leak');
    for (const entry of log.list()) {
      expect(entry.ms).toBeGreaterThanOrEqual(0);
      expect(entry.at).toMatch(/Z$/);
    }
  });
});
