import { inspect } from 'node:util';
import { HttpError, RateLimitError, ResponseValidationError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { AppClient, UserClient } from '../src/index.js';
import { appClient, userClient } from './support/clients.js';
import * as fx from './support/fixtures.js';
import {
  ACCESS_TOKEN,
  bridgeError,
  CLIENT_ID,
  CLIENT_SECRET,
  intercept,
  json,
  ORIGIN,
} from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

const noRetry = () =>
  new AppClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: ORIGIN, retry: false });

describe('Bridge errors', () => {
  it('surfaces the Bridge envelope as HttpError fields', async () => {
    intercept('POST', '/v2/users', bridgeError(409, 'conflict', "User 'john@doe.com' already exists"));
    const error = await appClient()
      .createUser({ email: 'john@doe.com', password: 'pass-word-123' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 409,
      providerCode: 'conflict',
      providerMessage: "User 'john@doe.com' already exists",
      provider: 'bridge',
    });
    expect((error as HttpError).response).toBeInstanceOf(Response);
    expect(Object.keys(error as object)).not.toContain('response');
  });

  it('gives a typed HttpError for an HTML 502 from a proxy', async () => {
    intercept('GET', '/v2/banks', [
      502,
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      { 'Content-Type': 'text/html' },
    ]);
    const error = await noRetry()
      .listBanks()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 502 });
    expect((error as HttpError).providerCode).toBeUndefined();
  });

  it('gives a typed HttpError for JSON without type or message, and for an empty body', async () => {
    intercept('GET', '/v2/banks/1', json(400, { error: 'weird' }));
    intercept('GET', '/v2/banks/2', [404, '']);
    const first = await noRetry()
      .getBank(1)
      .catch((e: unknown) => e);
    const second = await noRetry()
      .getBank(2)
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(HttpError);
    expect(first).toMatchObject({ status: 400 });
    expect((first as HttpError).providerCode).toBeUndefined();
    expect(second).toBeInstanceOf(HttpError);
    expect(second).toMatchObject({ status: 404 });
  });

  it('turns 429 into RateLimitError', async () => {
    intercept('GET', '/v2/banks', bridgeError(429, 'too_many_requests', 'Slow down'));
    const error = await noRetry()
      .listBanks()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, providerCode: 'too_many_requests' });
  });

  it('retries a GET on 5xx and 429, and succeeds', async () => {
    const seen = intercept(
      'GET',
      '/v2/banks/574',
      (_request, index) =>
        index === 0 ? bridgeError(503, 'unavailable', 'x') : index === 1 ? [429] : json(200, fx.bank),
      3,
    );
    const bank = await appClient().getBank(574);
    expect(bank.id).toBe(574);
    expect(seen).toHaveLength(3);
  });

  it('never retries a POST', async () => {
    const seen = intercept('POST', '/v2/items/1/refresh', bridgeError(503, 'unavailable', 'x'));
    await expect(userClient().refreshItem(1)).rejects.toBeInstanceOf(HttpError);
    expect(seen).toHaveLength(1);
  });

  it('rejects a body that does not match the schema with the issue path', async () => {
    intercept(
      'GET',
      '/v2/transactions',
      json(200, fx.envelope([fx.transaction, { ...fx.transaction, amount: '12.30' }])),
    );
    const error = await userClient()
      .listTransactions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const paths = (error as ResponseValidationError).issues.map((issue) => issue.path);
    expect(
      paths.some((path) => path.includes('resources') && path.includes('1') && path.includes('amount')),
    ).toBe(true);
  });

  it('rejects a list without pagination rather than silently stopping', async () => {
    intercept('GET', '/v2/accounts', json(200, { resources: [fx.checkingAccount] }));
    await expect(userClient().listAccounts()).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('keeps the client secret and the token out of error output', async () => {
    intercept(
      'GET',
      '/v2/accounts/1',
      bridgeError(403, 'forbidden', `echo ${CLIENT_SECRET} ${ACCESS_TOKEN}`),
    );
    const error = await userClient({ retry: false })
      .getAccount(1)
      .catch((e: unknown) => e);
    const shown = `${String(error)} ${JSON.stringify(error)} ${inspect(error)}`;
    expect(shown).not.toContain(CLIENT_SECRET);
    expect(shown).not.toContain(ACCESS_TOKEN);
  });

  it('keeps the client secret, the password and tokens out of every log line', async () => {
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => {
      lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
    };
    const logger = { debug: record, info: record, warn: record, error: record };
    const password = 'log-test-password-91';
    const token = 'bbbbccccddddeeeeffff0000111122223333aaaa-5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d';
    intercept('POST', '/v2/authenticate', json(200, { ...fx.authInfo, access_token: token }));
    intercept(
      'GET',
      '/v2/accounts',
      (_request, index) => (index === 0 ? bridgeError(503, 'unavailable', 'x') : json(200, fx.envelope([]))),
      2,
    );
    const user = new UserClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: ORIGIN,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      email: 'john@doe.com',
      password,
      logger,
    });
    await user.listAccounts();
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of [CLIENT_SECRET, password, token]) expect(all).not.toContain(secret);
  });
});
