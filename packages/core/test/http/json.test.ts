import { createHttpClient, ResponseValidationError } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { BASE_URL, ORIGIN, useNock } from './helpers.js';

useNock();

const client = () => createHttpClient({ provider: 'testbank', baseUrl: BASE_URL, retry: false });

const TransactionPage = z.object({
  resources: z.array(z.object({ id: z.string(), amount: z.string(), booked: z.boolean() })),
  pagination: z.object({ next_uri: z.string().nullable() }),
});

describe('json()', () => {
  test('returns the data, the text, and a response whose body can still be read', async () => {
    const body = {
      resources: [{ id: 't1', amount: '-12.50', booked: true }],
      pagination: { next_uri: null },
    };
    nock(ORIGIN).get('/personal/banking/transactions').reply(200, body, { 'x-request-id': 'req-1' });
    const result = await client().json({ path: 'transactions' }, TransactionPage);
    expect(result.data).toEqual(body);
    expect(result.text).toBe(JSON.stringify(body));
    expect(result.response.status).toBe(200);
    expect(result.response.url).toBe(`${BASE_URL}/transactions`);
    expect(result.response.headers.get('x-request-id')).toBe('req-1');
    expect(await result.response.json()).toEqual(body);
    expect(result.response).toBe(result.response);
  });

  test('the result destructures like a plain object', async () => {
    nock(ORIGIN).get('/personal/banking/accounts').reply(200, { accounts: [] });
    const { data, response, text } = await client().json({ path: 'accounts' });
    expect(data).toEqual({ accounts: [] });
    expect(text).toBe('{"accounts":[]}');
    expect(await response.json()).toEqual({ accounts: [] });
  });

  test('request() gives the text and a readable response too', async () => {
    nock(ORIGIN).get('/personal/banking/ping').reply(200, 'pong', { 'content-type': 'text/plain' });
    const result = await client().request({ path: 'ping' });
    expect(result.text).toBe('pong');
    expect(await result.response.text()).toBe('pong');
  });

  test('schema drift is a ResponseValidationError listing each issue with its dotted path', async () => {
    nock(ORIGIN)
      .get('/personal/banking/transactions')
      .query({ account: 'a1' })
      .reply(200, {
        resources: [
          { id: 't1', amount: '-12.50', booked: true },
          { id: 't2', amount: -7.5, booked: 'yes' },
        ],
        pagination: {},
      });
    const error = (await client()
      .json({ path: 'transactions', query: { account: 'a1' } }, TransactionPage)
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.code).toBe('response_validation_failed');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'resources.1.amount',
      'resources.1.booked',
      'pagination.next_uri',
    ]);
    expect(error.endpoint).toBe(`${BASE_URL}/transactions?account=a1`);
    expect(error.status).toBe(200);
    expect(error.message).toContain(
      `GET ${BASE_URL}/transactions?account=a1 returned a body that does not match`,
    );
    expect(error.message).toContain('resources.1.amount: Invalid input: expected string, received number');
    expect(await error.response?.json()).toMatchObject({ pagination: {} });
  });

  test('a truncated JSON body on a 200 is a ResponseValidationError, not a SyntaxError', async () => {
    nock(ORIGIN)
      .get('/personal/banking/transactions')
      .reply(200, '{"resources":[{"id":"t1","amount":"-1', { 'content-type': 'application/json' });
    const error = (await client()
      .json({ path: 'transactions' })
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain('returned malformed JSON');
    expect(error.message).toContain('{\\"resources\\":[{\\"id\\":\\"t1\\"');
    expect(error.issues[0]?.message).toMatch(/invalid JSON \(truncated or corrupted\?\)/);
  });

  test('an HTML page on a 200 is refused, quoting its type and first characters only', async () => {
    const page = `<!DOCTYPE html><html><head><title>Maintenance</title></head><body>${'x'.repeat(5_000)}</body></html>`;
    nock(ORIGIN)
      .get('/personal/banking/accounts')
      .reply(200, page, { 'content-type': 'text/html; charset=utf-8' });
    const error = (await client()
      .json({ path: 'accounts' })
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain(
      `text/html of ${page.length} characters starting with "<!DOCTYPE html><html><head><title>Maintenance`,
    );
    expect(error.message).not.toContain('x'.repeat(100));
    expect(error.message.length).toBeLessThan(500);
    expect(error.issues).toEqual([{ path: '', message: 'expected JSON, got text/html' }]);
  });

  test('an empty body is refused', async () => {
    nock(ORIGIN).get('/personal/banking/accounts').reply(204);
    const error = await client()
      .json({ path: 'accounts' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('(HTTP 204) returned an empty body');
  });

  test('JSON without a content type, or labelled text/plain, is still read', async () => {
    nock(ORIGIN)
      .get('/personal/banking/a')
      .reply(200, () => '{"a":1}')
      .get('/personal/banking/b')
      .reply(200, '{"b":2}', { 'content-type': 'text/plain' })
      .get('/personal/banking/c')
      .reply(200, '{"c":3}', { 'content-type': 'application/vnd.sparebank1.v1+json; charset=utf-8' });
    expect((await client().json({ path: 'a' })).data).toEqual({ a: 1 });
    expect((await client().json({ path: 'b' })).data).toEqual({ b: 2 });
    expect((await client().json({ path: 'c' })).data).toEqual({ c: 3 });
  });
});
