import {
  createHttpClient,
  type FailedExchange,
  type HttpClientOptions,
  HttpError,
  isHttpError,
  RateLimitError,
  ReauthorizationRequiredError,
} from '@bankkit/core';
import nock from 'nock';
import { describe, expect, test, vi } from 'vitest';
import { BASE_URL, ORIGIN, recordingLogger, useNock } from './helpers.js';

useNock();

const client = (overrides: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, retry: false, ...overrides });

const HTML_502 = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;

describe('non-2xx responses', () => {
  test('an HTML 502 page becomes an HttpError whose message does not dump the page', async () => {
    nock(ORIGIN).get('/personal/banking/accounts').reply(502, HTML_502, { 'content-type': 'text/html' });
    const error = (await client()
      .json({ path: 'accounts' })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(
      `testbank: GET ${BASE_URL}/accounts failed with HTTP 502 Bad Gateway. The provider failed or is unavailable: retry later.`,
    );
    expect(error.message).not.toMatch(/<html|nginx/);
    expect(JSON.stringify(error)).not.toMatch(/<html|nginx/);
    expect(await error.response?.text()).toBe(HTML_502);
  });

  test("the provider's error envelope is read by parseError and named in the message", async () => {
    nock(ORIGIN)
      .get('/personal/banking/accounts/9')
      .reply(404, {
        errors: [{ code: 'ACCOUNT_NOT_FOUND', message: 'No such account', traceId: 'trace-42' }],
      });
    const parseError = vi.fn((body: string) => {
      const first = (JSON.parse(body) as { errors: Array<Record<string, string>> }).errors[0];
      return { providerCode: first?.code, providerMessage: first?.message, requestId: first?.traceId };
    });
    const error = (await client({ parseError })
      .request({ path: 'accounts/9' })
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({
      status: 404,
      providerCode: 'ACCOUNT_NOT_FOUND',
      providerMessage: 'No such account',
      requestId: 'trace-42',
      traceId: 'trace-42',
      provider: 'testbank',
      method: 'GET',
    });
    expect(error.message).toContain(
      'failed with HTTP 404 Not Found (provider code ACCOUNT_NOT_FOUND, "No such account", request id trace-42). Nothing was found there',
    );
    expect(parseError).toHaveBeenCalledOnce();
  });

  test('a parseError that throws does not hide the HTTP failure', async () => {
    nock(ORIGIN).get('/personal/banking/x').reply(400, 'not json');
    const error = await client({
      parseError: (body) => JSON.parse(body),
    })
      .request({ path: 'x' })
      .catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    expect((error as HttpError).status).toBe(400);
  });

  test.each([
    [{ 'x-request-id': 'abc-123' }, 'abc-123'],
    [{ 'x-correlation-id': 'corr-9' }, 'corr-9'],
    [
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      '4bf92f3577b34da6a3ce929d0e0e4736',
    ],
  ])('a request id is taken from the headers %o when the body has none', async (headers, id) => {
    nock(ORIGIN).get('/personal/banking/x').reply(500, '', headers);
    const error = (await client()
      .request({ path: 'x' })
      .catch((e: unknown) => e)) as HttpError;
    expect(error.requestId).toBe(id);
    expect(error.message).toContain(`request id ${id}`);
  });

  test('mapError turns a failure into the adapter error it returns, with the whole exchange', async () => {
    nock(ORIGIN)
      .post('/oauth/token')
      .reply(400, { error: 'invalid_grant', error_description: 'refresh token expired' });
    let seen: FailedExchange | undefined;
    const error = await client({
      mapError: (exchange) => {
        seen = exchange;
        return exchange.body.includes('invalid_grant')
          ? new ReauthorizationRequiredError('testbank: the login expired; log in again.', {
              status: exchange.status,
              providerCode: 'invalid_grant',
            })
          : undefined;
      },
    })
      .request({ method: 'POST', path: '/oauth/token', form: { grant_type: 'refresh_token' }, auth: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect(seen).toMatchObject({ status: 400, method: 'POST', endpoint: `${ORIGIN}/oauth/token` });
    expect(seen?.body).toContain('invalid_grant');
    expect(await seen?.response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  test('mapError returning undefined keeps the default mapping', async () => {
    nock(ORIGIN).get('/personal/banking/x').reply(429, '');
    const error = await client({ mapError: () => undefined })
      .request({ path: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
    expect((error as Error).message).toMatch(/Too many requests: slow down and retry later/);
  });

  test.each([
    [400, /check its parameters/],
    [403, /check the granted scopes/],
    [500, /retry later/],
  ])('the message for %i says what to do', async (status, advice) => {
    nock(ORIGIN).get('/personal/banking/x').reply(status, '');
    await expect(client().request({ path: 'x' })).rejects.toThrow(advice);
  });
});

describe('logging', () => {
  test('one debug line per attempt with method, redacted URL, status and duration; a warning per retry', async () => {
    const { logger, calls } = recordingLogger();
    nock(ORIGIN)
      .get('/personal/banking/x')
      .query(true)
      .reply(503)
      .get('/personal/banking/x')
      .query(true)
      .reply(200, {});
    await client({ logger, retry: { minDelayMs: 1, maxDelayMs: 1 } }).request({
      path: 'x',
      query: { code: 'auth-code-value', page: 2 },
    });
    const debug = calls.filter((call) => call.level === 'debug');
    expect(debug).toHaveLength(2);
    const url = `${BASE_URL}/x?code=[REDACTED]&page=2`;
    expect(debug[0]?.message).toMatch(/^GET .* -> 503 in \d+ ms$/);
    expect(debug[0]?.fields).toMatchObject({
      provider: 'testbank',
      method: 'GET',
      url,
      status: 503,
      attempt: 1,
    });
    expect(debug[1]?.fields).toMatchObject({ status: 200, attempt: 2 });
    expect(typeof debug[1]?.fields?.durationMs).toBe('number');
    const warnings = calls.filter((call) => call.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/failed \(HTTP 503\); retry 1 of 2 in \d+ ms/);
    expect(JSON.stringify(calls)).not.toContain('auth-code-value');
  });

  test('a logger that throws does not fail the request', async () => {
    nock(ORIGIN).get('/personal/banking/x').reply(200, {});
    const broken = () => {
      throw new Error('disk full');
    };
    const logger = { debug: broken, info: broken, warn: broken, error: broken };
    await expect(client({ logger }).request({ path: 'x' })).resolves.toMatchObject({ text: '{}' });
  });
});

describe('hooks', () => {
  test('run on every attempt with the request and the response', async () => {
    nock(ORIGIN).get('/personal/banking/x').reply(502).get('/personal/banking/x').reply(200, { ok: 1 });
    const before: string[] = [];
    const after: number[] = [];
    await client({
      retry: { minDelayMs: 1, maxDelayMs: 1 },
      hooks: {
        beforeRequest: (request) => {
          before.push(`${request.method} ${request.url}`);
        },
        afterResponse: async (_request, response) => {
          after.push(response.status);
          await response.text();
        },
      },
    }).json({ path: 'x' });
    expect(before).toEqual([`GET ${BASE_URL}/x`, `GET ${BASE_URL}/x`]);
    expect(after).toEqual([502, 200]);
  });

  test('a hook that throws is logged and ignored', async () => {
    const { logger, calls } = recordingLogger();
    nock(ORIGIN).get('/personal/banking/x').reply(200, { ok: 1 });
    const result = await client({
      logger,
      hooks: {
        beforeRequest: () => {
          throw new Error('tracer down');
        },
      },
    }).json({ path: 'x' });
    expect(result.data).toEqual({ ok: 1 });
    expect(calls.some((call) => call.level === 'warn' && call.message.includes('tracer down'))).toBe(true);
  });
});
