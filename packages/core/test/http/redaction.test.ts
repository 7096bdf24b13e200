import { inspect } from 'node:util';
import {
  createHttpClient,
  HttpError,
  NetworkError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from '@bankkit/core';
import nock from 'nock';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { BASE_URL, fakeTokens, ORIGIN, recordingLogger, startServer, useNock } from './helpers.js';

useNock();

const CLIENT_SECRET = 'cs-9f8e7d6c5b4a3210';
const ACCESS_TOKEN = 'at-1a2b3c4d5e6f7a8b9c';
const AUTH_CODE = 'ac-0192837465abcdef';
const QUERY_SECRET = 'qs-5647382910fedcba';
const PASSWORD = 'pw-correct-horse-battery';
const SECRETS = [CLIENT_SECRET, ACCESS_TOKEN, AUTH_CODE, QUERY_SECRET, PASSWORD];

const PATH = `/personal/banking/login`;
const QUERY = { code: AUTH_CODE, client_secret: QUERY_SECRET, page: '1' };

/** What a careless server might echo back: every secret the client sent, in the shapes they were sent in. */
const ECHO = [
  `Authorization: Bearer ${ACCESS_TOKEN}`,
  `Client-Secret: ${CLIENT_SECRET}`,
  `GET ${PATH}?code=${AUTH_CODE}&client_secret=${QUERY_SECRET}`,
  JSON.stringify({ username: 'ola', password: PASSWORD, access_token: ACCESS_TOKEN }),
].join('\n');

function setup(baseUrl = BASE_URL) {
  const { logger, calls } = recordingLogger();
  const { manager } = fakeTokens(ACCESS_TOKEN);
  const client = createHttpClient({
    provider: 'testbank',
    baseUrl,
    headers: { 'Client-Secret': CLIENT_SECRET },
    tokens: manager,
    logger,
    timeoutMs: 100,
    retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
    // A provider whose error message quotes the request back.
    parseError: (body) => ({ providerCode: 'BAD_REQUEST', providerMessage: `Could not process: ${body}` }),
  });
  const send = (overrides: { method?: 'GET' | 'POST'; idempotent?: boolean } = {}) =>
    client.json(
      {
        method: 'POST',
        idempotent: true,
        path: 'login',
        query: QUERY,
        json: { username: 'ola', password: PASSWORD },
        ...overrides,
      },
      z.object({ ok: z.literal(true) }),
    );
  return { send, calls };
}

function interceptLogin() {
  return nock(ORIGIN).post(PATH).query(QUERY);
}

const failures: Array<[string, () => void, new (...args: never[]) => Error]> = [
  ['a 400 whose error body echoes the request', () => interceptLogin().twice().reply(400, ECHO), HttpError],
  [
    'a 500 with a JSON echo',
    () => interceptLogin().twice().reply(500, { echo: ECHO, password: PASSWORD }),
    HttpError,
  ],
  [
    'a 429 with a Retry-After too long to wait',
    () => interceptLogin().reply(429, ECHO, { 'Retry-After': '3600' }),
    RateLimitError,
  ],
  [
    'a 200 HTML page echoing the request',
    () =>
      interceptLogin().reply(200, `${ECHO}\n<html><body>oops</body></html>`, { 'content-type': 'text/html' }),
    ResponseValidationError,
  ],
  [
    'a 200 JSON body truncated inside the password',
    () =>
      interceptLogin().reply(200, `{"password":"${PASSWORD}`, {
        'content-type': 'application/json',
      }),
    ResponseValidationError,
  ],
  [
    'a 200 JSON body truncated inside a token',
    () =>
      interceptLogin().reply(200, `{"token_type":"bearer","refresh_token":"${QUERY_SECRET}-and-more`, {
        'content-type': 'application/json',
      }),
    ResponseValidationError,
  ],
  [
    'a 200 body that does not match the schema',
    () => interceptLogin().reply(200, { ok: PASSWORD, access_token: ACCESS_TOKEN }),
    ResponseValidationError,
  ],
];

describe('no secret leaves through errors or logs', () => {
  test.each(failures)('%s', async (_name, intercept, type) => {
    intercept();
    const { send, calls } = setup();
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expectNoSecrets(error, calls);
  });

  test('a timeout while the body streams in', async () => {
    const server = await startServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"ok":');
    });
    try {
      const { send, calls } = setup(`${server.url}/personal/banking`);
      const error = await send().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expectNoSecrets(error, calls);
      expect(server.hits()).toBe(2);
    } finally {
      await server.close();
    }
  });

  test('a network error whose cause quotes the URL', async () => {
    const { logger, calls } = recordingLogger();
    const { manager } = fakeTokens(ACCESS_TOKEN);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: BASE_URL,
      headers: { 'Client-Secret': CLIENT_SECRET },
      tokens: manager,
      logger,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 },
      fetch: async (input) => {
        const request = input as Request;
        throw new TypeError('fetch failed', {
          cause: new Error(
            `connect ECONNRESET while sending ${request.url} with Authorization: ${request.headers.get('authorization')}`,
          ),
        });
      },
    });
    const error = await client
      .request({ path: 'login', query: QUERY, method: 'PUT', json: { password: PASSWORD } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain('ECONNRESET');
    expectNoSecrets(error, calls);
  });
});

function expectNoSecrets(error: unknown, calls: unknown[]): void {
  const outputs = {
    message: (error as Error).message,
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    logs: JSON.stringify(calls),
  };
  expect(calls.length).toBeGreaterThan(0);
  for (const [where, text] of Object.entries(outputs)) {
    for (const secret of SECRETS) {
      expect(text.includes(secret), `${where} contains ${secret}: ${text}`).toBe(false);
    }
  }
}
