import { createHttpClient, type HttpClientOptions, HttpError, RateLimitError } from '@bankkit/core';
import nock from 'nock';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseRetryAfter } from '../../src/http/retry-after.js';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../../src/http/retry-policy.js';
import { BASE_URL, ORIGIN, recordingLogger, useNock } from './helpers.js';

useNock();

const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 4 };

function client(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, retry: FAST_RETRY, ...overrides });
}

/** Replies to `times` requests on `method path` with `status`, counting them. */
function failing(method: 'get' | 'post' | 'patch', path: string, status: number, times = 10) {
  const seen = { hits: 0 };
  nock(ORIGIN)
    [method](path)
    .times(times)
    .reply(() => {
      seen.hits++;
      return [status, { error: 'nope' }];
    });
  return seen;
}

describe('what is retried', () => {
  test.each([408, 429, 500, 502, 503, 504])(
    'a GET answered %i is retried and then succeeds',
    async (status) => {
      nock(ORIGIN).get('/personal/banking/accounts').reply(status, 'busy');
      nock(ORIGIN).get('/personal/banking/accounts').reply(200, { accounts: [] });
      const result = await client().json({ path: 'accounts' });
      expect(result.data).toEqual({ accounts: [] });
      expect(nock.isDone()).toBe(true);
    },
  );

  test('a GET survives 502, 503, 504 and 429 in a row', async () => {
    const scope = nock(ORIGIN)
      .get('/personal/banking/accounts')
      .reply(502)
      .get('/personal/banking/accounts')
      .reply(503)
      .get('/personal/banking/accounts')
      .reply(504)
      .get('/personal/banking/accounts')
      .reply(429)
      .get('/personal/banking/accounts')
      .reply(200, { ok: true });
    const result = await client({ retry: { ...FAST_RETRY, retries: 4 } }).json({ path: 'accounts' });
    expect(result.data).toEqual({ ok: true });
    expect(scope.isDone()).toBe(true);
  });

  test.each([400, 401, 403, 404, 409, 422])('a GET answered %i is not retried', async (status) => {
    const seen = failing('get', '/personal/banking/accounts', status);
    const error = await client()
      .request({ path: 'accounts' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(status);
    expect(seen.hits).toBe(1);
  });

  test.each([500, 503, 502, 429])('a POST answered %i is sent exactly once', async (status) => {
    const seen = failing('post', '/personal/banking/transfers', status);
    const error = await client()
      .request({ method: 'POST', path: 'transfers', json: { amount: '10.00' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(status);
    expect(seen.hits).toBe(1);
  });

  test('a PATCH answered 503 is sent exactly once', async () => {
    const seen = failing('patch', '/personal/banking/payments/1', 503);
    await expect(client().request({ method: 'PATCH', path: 'payments/1', json: {} })).rejects.toThrow(
      HttpError,
    );
    expect(seen.hits).toBe(1);
  });

  test('a POST marked idempotent is retried', async () => {
    const scope = nock(ORIGIN)
      .post('/personal/banking/search', { q: 'x' })
      .reply(503)
      .post('/personal/banking/search', { q: 'x' })
      .reply(200, { found: 1 });
    const result = await client().json({
      method: 'POST',
      path: 'search',
      json: { q: 'x' },
      idempotent: true,
    });
    expect(result.data).toEqual({ found: 1 });
    expect(scope.isDone()).toBe(true);
  });

  test('a GET marked not idempotent is not retried', async () => {
    const seen = failing('get', '/personal/banking/accounts', 503);
    await expect(client().request({ path: 'accounts', idempotent: false })).rejects.toThrow(HttpError);
    expect(seen.hits).toBe(1);
  });

  test('retry: false turns retrying off', async () => {
    const seen = failing('get', '/personal/banking/accounts', 503);
    await expect(client({ retry: false }).request({ path: 'accounts' })).rejects.toThrow(HttpError);
    expect(seen.hits).toBe(1);
  });
});

describe('when retries run out', () => {
  test('the typed HttpError carries the last status and says how many attempts were made', async () => {
    const seen = failing('get', '/personal/banking/accounts', 503);
    const error = (await client()
      .request({ path: 'accounts' })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('http_error');
    expect(error.status).toBe(503);
    expect(error.method).toBe('GET');
    expect(error.endpoint).toBe(`${BASE_URL}/accounts`);
    expect(error.message).toContain(`GET ${BASE_URL}/accounts failed with HTTP 503`);
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).toMatch(/retry later/);
    expect(seen.hits).toBe(3);
  });

  test('a 429 ends as a RateLimitError with retryAfterMs', async () => {
    nock(ORIGIN).get('/personal/banking/accounts').times(3).reply(429, '', { 'Retry-After': '0' });
    const error = (await client()
      .request({ path: 'accounts' })
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(0);
  });
});

describe('Retry-After', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function expectWaitOf(delayMs: number, retryAfter: string) {
    const { logger } = recordingLogger();
    // The client announces its wait and schedules it in the same tick: from here the clock decides.
    const warning = new Promise<Record<string, unknown> | undefined>((resolve) => {
      logger.warn = (_message, fields) => resolve(fields);
    });
    let hits = 0;
    nock(ORIGIN)
      .get('/personal/banking/accounts')
      .reply(() => {
        hits++;
        return [429, '', { 'Retry-After': retryAfter }];
      })
      .get('/personal/banking/accounts')
      .reply(() => {
        hits++;
        return [200, { ok: true }];
      });
    const pending = client({ logger, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } }).json({
      path: 'accounts',
    });
    expect(await warning).toMatchObject({ delayMs, reason: 'HTTP 429' });
    await vi.advanceTimersByTimeAsync(delayMs - 1);
    expect(hits).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ data: { ok: true } });
    expect(hits).toBe(2);
  }

  test('in seconds is waited for, to the millisecond', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await expectWaitOf(3_000, '3');
  });

  test('as an HTTP date is waited for until that date', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: Date.parse('2026-03-01T12:00:00Z'),
    });
    await expectWaitOf(4_000, new Date(Date.now() + 4_000).toUTCString());
  });

  test('above maxRetryAfterMs is not waited for: the RateLimitError comes at once', async () => {
    let hits = 0;
    nock(ORIGIN)
      .get('/personal/banking/accounts')
      .times(3)
      .reply(() => {
        hits++;
        return [429, { message: 'slow down' }, { 'Retry-After': '120' }];
      });
    // On a fake clock that never moves, waiting the 120 s would never end: only not waiting settles.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const error = (await client({ retry: { ...FAST_RETRY, maxRetryAfterMs: 5_000 } })
      .request({ path: 'accounts' })
      .catch((e: unknown) => e)) as RateLimitError;
    vi.useRealTimers();
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/retry in 120 s/);
    expect(hits).toBe(1);
  });

  test('on a 503 is honoured too', async () => {
    const { logger, calls } = recordingLogger();
    nock(ORIGIN)
      .get('/personal/banking/accounts')
      .reply(503, '', { 'Retry-After': '0' })
      .get('/personal/banking/accounts')
      .reply(200, {});
    await client({ logger }).request({ path: 'accounts' });
    expect(calls.find((call) => call.level === 'warn')?.fields).toMatchObject({ delayMs: 0 });
  });

  test('parses seconds, HTTP dates, past dates and junk', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  test('grows exponentially with full jitter, capped by maxDelayMs', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, minDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(100);
    expect(backoffDelay(2, policy, () => 0.999_999)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(400);
    expect(backoffDelay(5, policy, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  test('the wait before each retry stays within the jittered bound', async () => {
    const { logger, calls } = recordingLogger();
    nock(ORIGIN).get('/personal/banking/accounts').times(3).reply(500);
    await client({ logger, retry: { retries: 2, minDelayMs: 10, maxDelayMs: 15 } })
      .request({ path: 'accounts' })
      .catch(() => undefined);
    const delays = calls
      .filter((call) => call.level === 'warn')
      .map((call) => call.fields?.delayMs as number);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(0);
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(delays[1]).toBeLessThanOrEqual(15);
  });

  test('invalid retry options are refused when the client is built', () => {
    expect(() => client({ retry: { retries: -1 } })).toThrow(/retries must be a whole number/);
    expect(() => client({ retry: { minDelayMs: 10, maxDelayMs: 5 } })).toThrow(/minDelayMs <= maxDelayMs/);
  });
});
