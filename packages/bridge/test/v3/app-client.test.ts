import { AuthenticationError, InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import type { AppClient } from '../../src/v3/index.js';
import { expectMethodCase, type MethodCase } from '../support/expectations.js';
import { intercept, json } from '../support/mock-bridge.js';
import { useNock } from '../support/setup.js';
import * as fx from './fixtures.js';
import { appClient, V3_VERSION, v3Error } from './support.js';

useNock();

const cases: MethodCase<AppClient>[] = [
  {
    name: 'createUser with an external id',
    call: (app) => app.createUser({ externalUserId: 'customer-42' }),
    method: 'POST',
    path: '/v3/aggregation/users',
    body: { external_user_id: 'customer-42' },
    status: 201,
    answer: fx.user,
  },
  {
    name: 'createUser without one (an empty JSON object)',
    call: (app) => app.createUser(),
    method: 'POST',
    path: '/v3/aggregation/users',
    body: {},
    status: 201,
    answer: fx.bareUser,
  },
  {
    name: 'createUser answered 200 (Bridge does not say 200 or 201)',
    call: (app) => app.createUser({}),
    method: 'POST',
    path: '/v3/aggregation/users',
    body: {},
    status: 200,
    answer: fx.bareUser,
  },
  {
    name: 'listUsers',
    call: (app) => app.listUsers({ limit: 100, after: 'cursor-1' }),
    method: 'GET',
    path: '/v3/aggregation/users',
    query: [
      ['after', 'cursor-1'],
      ['limit', '100'],
    ],
    answer: fx.envelope([fx.user, fx.bareUser]),
  },
  {
    name: 'getUser',
    call: (app) => app.getUser(fx.user.uuid),
    method: 'GET',
    path: `/v3/aggregation/users/${fx.user.uuid}`,
    answer: fx.user,
  },
  {
    name: 'deleteUser (204)',
    call: (app) => app.deleteUser(fx.user.uuid),
    method: 'DELETE',
    path: `/v3/aggregation/users/${fx.user.uuid}`,
    status: 204,
  },
  {
    name: 'createAuthorizationToken by user uuid',
    call: (app) => app.createAuthorizationToken({ userUuid: fx.user.uuid }),
    method: 'POST',
    path: '/v3/aggregation/authorization/token',
    body: { user_uuid: fx.user.uuid },
    status: 201,
    answer: fx.authorizationToken,
  },
  {
    name: 'createAuthorizationToken by external user id',
    call: (app) => app.createAuthorizationToken({ externalUserId: 'customer-42' }),
    method: 'POST',
    path: '/v3/aggregation/authorization/token',
    body: { external_user_id: 'customer-42' },
    status: 201,
    answer: fx.authorizationToken,
  },
  {
    name: 'listProviders with every filter',
    call: (app) =>
      app.listProviders({ countryCode: 'FR', capabilities: ['aggregation', 'single_payment'], limit: 200 }),
    method: 'GET',
    path: '/v3/providers',
    query: [
      ['country_code', 'FR'],
      ['capabilities', 'aggregation'],
      ['capabilities', 'single_payment'],
      ['limit', '200'],
    ],
    answer: fx.envelope([fx.provider]),
  },
  {
    name: 'listProviders without filters',
    call: (app) => app.listProviders(),
    method: 'GET',
    path: '/v3/providers',
    answer: fx.envelope([fx.provider]),
  },
  {
    name: 'getProvider',
    call: (app) => app.getProvider(574),
    method: 'GET',
    path: '/v3/providers/574',
    answer: fx.provider,
  },
  {
    name: 'listCategories in French',
    call: (app) => app.listCategories({ language: 'fr' }),
    method: 'GET',
    path: '/v3/aggregation/categories',
    language: 'fr',
    answer: fx.envelope([fx.parentCategory]),
  },
  {
    name: 'getCategory',
    call: (app) => app.getCategory(279),
    method: 'GET',
    path: '/v3/aggregation/categories/279',
    answer: fx.category,
  },
];

describe('v3 AppClient: one request per method, app headers only', () => {
  it.each(cases)('$name', (c) => expectMethodCase(c, appClient(), undefined, V3_VERSION));
});

describe('v3 AppClient: arguments checked before anything is sent', () => {
  it.each([
    ['getUser', (app: AppClient) => app.getUser('')],
    ['getUser', (app: AppClient) => app.getUser('.')],
    ['deleteUser', (app: AppClient) => app.deleteUser('..')],
    ['getProvider', (app: AppClient) => app.getProvider('..')],
    ['getCategory', (app: AppClient) => app.getCategory('.')],
    ['getProvider', (app: AppClient) => app.getProvider(-1)],
    ['createUser', (app: AppClient) => app.createUser({ externalUserId: '' })],
    ['listUsers', (app: AppClient) => app.listUsers({ limit: 501 })],
    ['createAuthorizationToken', (app: AppClient) => app.createAuthorizationToken({} as never)],
    [
      'createAuthorizationToken',
      (app: AppClient) => app.createAuthorizationToken({ userUuid: 'a', externalUserId: 'b' } as never),
    ],
  ])('%s refuses a bad argument with InvalidInputError', async (_name, call) => {
    await expect(call(appClient())).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('percent-encodes ids so that an id cannot change the path', async () => {
    intercept('GET', '/v3/aggregation/users/..%2Fproviders', json(200, fx.user));
    await appClient().getUser('../providers');
  });

  it('follows next_uri for the next page with the same app headers', async () => {
    intercept(
      'GET',
      '/v3/providers',
      json(200, fx.envelope([fx.provider], '/v3/providers?after=abc&limit=50')),
    );
    const next = intercept('GET', '/v3/providers', json(200, fx.envelope([{ ...fx.provider, id: 573 }])));
    const all = await (await appClient().listProviders()).fetchAll();
    expect(all.map((p) => p.id)).toEqual([574, 573]);
    expect(next[0]?.url.search).toBe('?after=abc&limit=50');
    expect(next[0]?.headers.get('bridge-version')).toBe(V3_VERSION);
    expect(next[0]?.headers.get('authorization')).toBeNull();
  });

  it('a token refused with 401 is an AuthenticationError with Bridge code', async () => {
    intercept(
      'POST',
      '/v3/aggregation/authorization/token',
      v3Error(401, 'invalid_client_credentials', 'bad'),
    );
    const error = await appClient()
      .createAuthorizationToken({ userUuid: fx.user.uuid })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, providerCode: 'invalid_client_credentials' });
  });
});
