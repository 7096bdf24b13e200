import { AuthenticationError, HttpError, RateLimitError, ResponseValidationError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { parseBridgeV3Error } from '../../src/v3/index.js';
import { intercept, json } from '../support/mock-bridge.js';
import { useNock } from '../support/setup.js';
import * as fx from './fixtures.js';
import { appClient, storeWithToken, userClient, v3Error } from './support.js';

useNock();

function response(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 400, headers });
}

describe('parseBridgeV3Error', () => {
  it('reads { code, property, message }', () => {
    const body = JSON.stringify({
      code: 'invalid_parameter',
      property: 'limit',
      message: 'limit must be <= 500',
    });
    expect(parseBridgeV3Error(body, response())).toEqual({
      providerCode: 'invalid_parameter',
      providerMessage: 'limit must be <= 500 (property: limit)',
    });
  });

  it('reads { code, message } without a property, and the request id header', () => {
    const body = JSON.stringify({ code: 'not_found', message: 'Item not found' });
    expect(parseBridgeV3Error(body, response({ 'x-request-id': 'req-1' }))).toEqual({
      providerCode: 'not_found',
      providerMessage: 'Item not found',
      requestId: 'req-1',
    });
  });

  it('reads the first entry of an errors array (undocumented, one client reads it)', () => {
    const body = JSON.stringify({
      errors: [{ code: 'missing_parameter', property: 'user_email', message: 'x' }],
    });
    expect(parseBridgeV3Error(body, response())).toMatchObject({
      providerCode: 'missing_parameter',
      providerMessage: 'x (property: user_email)',
    });
  });

  it('gives nothing for HTML, empty bodies, arrays or broken JSON, and never throws', () => {
    for (const body of ['<html>502</html>', '', '[]', '{"code":', 'null']) {
      expect(parseBridgeV3Error(body, response())).toEqual({});
    }
  });
});

describe('v3 errors become core typed errors with providerCode', () => {
  it('400 with a property: HttpError naming code and property', async () => {
    intercept('GET', '/v3/providers', v3Error(400, 'invalid_parameter', 'limit is too large', 'limit'));
    const error = await appClient()
      .listProviders()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 400,
      providerCode: 'invalid_parameter',
      providerMessage: 'limit is too large (property: limit)',
    });
    expect((error as Error).message).toContain('invalid_parameter');
  });

  it('401 invalid_client_credentials on an app call: AuthenticationError', async () => {
    intercept('GET', '/v3/aggregation/users', v3Error(401, 'invalid_client_credentials', 'invalid'));
    const error = await appClient()
      .listUsers()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, providerCode: 'invalid_client_credentials' });
  });

  it('429: RateLimitError with the code (retried first, as a GET)', async () => {
    const seen = intercept('GET', '/v3/aggregation/items', v3Error(429, 'too_many_requests', 'slow down'), 3);
    const error = await userClient({ tokenStore: await storeWithToken() })
      .listItems()
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, providerCode: 'too_many_requests' });
  });

  it('a POST is never retried: one 500 is the answer', async () => {
    const seen = intercept(
      'POST',
      '/v3/aggregation/connect-sessions',
      v3Error(500, 'internal_server_error', 'x'),
    );
    const error = await userClient({ tokenStore: await storeWithToken() })
      .createConnectSession({ userEmail: 'a@b.c' })
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ status: 500, providerCode: 'internal_server_error' });
  });

  it('404 on a get: HttpError with not_found', async () => {
    intercept('GET', '/v3/aggregation/items/1', v3Error(404, 'not_found', 'Item not found'));
    const error = await userClient({ tokenStore: await storeWithToken() })
      .getItem(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, providerCode: 'not_found' });
  });

  it('an HTML 502 is an HttpError without provider fields', async () => {
    intercept(
      'GET',
      '/v3/providers/1',
      [502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' }],
      3,
    );
    const error = await appClient()
      .getProvider(1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).providerCode).toBeUndefined();
  });

  it('schema drift is a ResponseValidationError with the path', async () => {
    intercept(
      'GET',
      '/v3/aggregation/accounts',
      json(200, fx.envelope([{ ...fx.account, balance: '12.5' }])),
    );
    const error = await userClient({ tokenStore: await storeWithToken() })
      .listAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('resources.0.balance');
  });

  it('a list without pagination is refused (it would silently end the paging)', async () => {
    intercept('GET', '/v3/aggregation/items', json(200, { resources: [] }));
    await expect(userClient({ tokenStore: await storeWithToken() }).listItems()).rejects.toBeInstanceOf(
      ResponseValidationError,
    );
  });
});
