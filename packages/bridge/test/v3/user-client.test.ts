import { InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import type { UserClient } from '../../src/v3/index.js';
import { expectMethodCase, type MethodCase } from '../support/expectations.js';
import { ACCESS_TOKEN, intercept, json } from '../support/mock-bridge.js';
import { useNock } from '../support/setup.js';
import * as fx from './fixtures.js';
import { storeWithToken, userClient, V3_VERSION } from './support.js';

useNock();

const cases: MethodCase<UserClient>[] = [
  {
    name: 'createConnectSession with every documented field (new item)',
    call: (u) =>
      u.createConnectSession({
        userEmail: 'jane@example.com',
        countryCode: 'FR',
        capabilities: ['aggregation'],
        allowAccountSelection: false,
        maxSelectableAccounts: 3,
        callbackUrl: 'https://app.example.com/bridge/callback',
        context: 'signup-42',
        accountTypes: 'all',
      }),
    method: 'POST',
    path: '/v3/aggregation/connect-sessions',
    body: {
      user_email: 'jane@example.com',
      country_code: 'FR',
      capabilities: ['aggregation'],
      allow_account_selection: false,
      max_selectable_accounts: 3,
      callback_url: 'https://app.example.com/bridge/callback',
      context: 'signup-42',
      account_types: 'all',
    },
    status: 201,
    answer: fx.connectSession,
  },
  {
    name: 'createConnectSession with a preselected provider',
    call: (u) => u.createConnectSession({ userEmail: 'jane@example.com', providerId: 574 }),
    method: 'POST',
    path: '/v3/aggregation/connect-sessions',
    body: { user_email: 'jane@example.com', provider_id: 574 },
    status: 201,
    answer: fx.connectSession,
  },
  {
    name: 'createConnectSession to manage an existing item (id given as a string)',
    call: (u) => u.createConnectSession({ itemId: '6648848', callbackUrl: 'https://app.example.com/cb' }),
    method: 'POST',
    path: '/v3/aggregation/connect-sessions',
    body: { item_id: 6648848, callback_url: 'https://app.example.com/cb' },
    status: 201,
    answer: fx.connectSession,
  },
  {
    name: 'createConnectSession with nothing (no null keys)',
    call: (u) => u.createConnectSession(),
    method: 'POST',
    path: '/v3/aggregation/connect-sessions',
    body: {},
    status: 201,
    answer: fx.connectSession,
  },
  {
    name: 'createUserManagementSession with every documented field',
    call: (u) =>
      u.createUserManagementSession({
        callbackUrl: 'https://app.example.com/manage',
        context: 'm-1',
        accountTypes: 'payment',
        userEmail: 'jane@example.com',
        countryCode: 'DE',
        capabilities: 'aggregation',
        allowAccountSelection: true,
      }),
    method: 'POST',
    path: '/v3/aggregation/user-management-sessions',
    body: {
      callback_url: 'https://app.example.com/manage',
      context: 'm-1',
      account_types: 'payment',
      user_email: 'jane@example.com',
      country_code: 'DE',
      capabilities: ['aggregation'],
      allow_account_selection: true,
    },
    status: 201,
    answer: fx.managementSession,
  },
  {
    name: 'listItems',
    call: (u) => u.listItems({ limit: 10 }),
    method: 'GET',
    path: '/v3/aggregation/items',
    query: [['limit', '10']],
    answer: fx.envelope([fx.item, fx.otpItem]),
  },
  {
    name: 'getItem',
    call: (u) => u.getItem(6648847),
    method: 'GET',
    path: '/v3/aggregation/items/6648847',
    answer: fx.item,
  },
  {
    name: 'deleteItem (204)',
    call: (u) => u.deleteItem(6648847),
    method: 'DELETE',
    path: '/v3/aggregation/items/6648847',
    status: 204,
  },
  {
    name: 'listAccounts of one item',
    call: (u) => u.listAccounts({ itemId: 6648847 }),
    method: 'GET',
    path: '/v3/aggregation/accounts',
    query: [['item_id', '6648847']],
    answer: fx.envelope([fx.account]),
  },
  {
    name: 'listAccounts',
    call: (u) => u.listAccounts(),
    method: 'GET',
    path: '/v3/aggregation/accounts',
    answer: fx.envelope([fx.account]),
  },
  {
    name: 'getAccount',
    call: (u) => u.getAccount('30179391'),
    method: 'GET',
    path: '/v3/aggregation/accounts/30179391',
    answer: fx.account,
  },
  {
    name: 'listTransactions with every filter (since sent verbatim)',
    call: (u) =>
      u.listTransactions({
        since: '2025-03-01T08:01:12.431+01:00',
        until: new Date('2025-03-31T00:00:00Z'),
        minDate: '2025-01-01',
        maxDate: '2025-03-31',
        accountId: 30179391,
        limit: 500,
        after: 'c-9',
      }),
    method: 'GET',
    path: '/v3/aggregation/transactions',
    query: [
      ['since', '2025-03-01T08:01:12.431+01:00'],
      ['until', '2025-03-31T00:00:00.000Z'],
      ['min_date', '2025-01-01'],
      ['max_date', '2025-03-31'],
      ['account_id', '30179391'],
      ['after', 'c-9'],
      ['limit', '500'],
    ],
    answer: fx.envelope([fx.transaction, { ...fx.transaction, id: 33000191035701, deleted: true }]),
  },
  {
    name: 'listTransactions with since as a calendar date (the other reading)',
    call: (u) => u.listTransactions({ since: '2025-03-01' }),
    method: 'GET',
    path: '/v3/aggregation/transactions',
    query: [['since', '2025-03-01']],
    answer: fx.envelope([fx.transaction]),
  },
  {
    name: 'getTransaction',
    call: (u) => u.getTransaction(33000191035700),
    method: 'GET',
    path: '/v3/aggregation/transactions/33000191035700',
    answer: fx.transaction,
  },
];

describe('v3 UserClient: one request per method, app headers and the bearer token', () => {
  it.each(cases)('$name', async (c) =>
    expectMethodCase(c, userClient({ tokenStore: await storeWithToken() }), ACCESS_TOKEN, V3_VERSION),
  );

  it('has no app-scoped methods', async () => {
    const user = userClient({ tokenStore: await storeWithToken() }) as unknown as Record<string, unknown>;
    for (const name of ['createUser', 'listProviders', 'createAuthorizationToken', 'listCategories']) {
      expect(user[name]).toBeUndefined();
    }
  });

  it('keeps deleted and future rows, and unknown fields, as sent', async () => {
    const future = { ...fx.transaction, id: 2, future: true };
    const deleted = { ...fx.transaction, id: 3, deleted: true };
    intercept('GET', '/v3/aggregation/transactions', json(200, fx.envelope([future, deleted])));
    const page = await userClient({ tokenStore: await storeWithToken() }).listTransactions();
    expect(page.resources.map((t) => [t.id, t.future, t.deleted])).toEqual([
      [2, true, false],
      [3, false, true],
    ]);
  });

  it('follows next_uri with the bearer token on every page', async () => {
    intercept(
      'GET',
      '/v3/aggregation/transactions',
      json(
        200,
        fx.envelope([fx.transaction], '/v3/aggregation/transactions?after=x&limit=50&since=2025-03-01'),
      ),
    );
    const next = intercept(
      'GET',
      '/v3/aggregation/transactions',
      json(200, fx.envelope([{ ...fx.transaction, id: 9 }])),
    );
    const all = await (
      await userClient({ tokenStore: await storeWithToken() }).listTransactions({ since: '2025-03-01' })
    ).fetchAll();
    expect(all).toHaveLength(2);
    expect(next[0]?.url.search).toBe('?after=x&limit=50&since=2025-03-01');
    expect(next[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(next[0]?.headers.get('client-id')).not.toBeNull();
  });
});

describe('v3 UserClient: arguments checked before anything is sent', () => {
  const bad: [string, (u: UserClient) => Promise<unknown>][] = [
    ['getItem empty', (u) => u.getItem('')],
    ['getItem dot', (u) => u.getItem('.')],
    ['deleteItem dot-dot', (u) => u.deleteItem('..')],
    ['getAccount dot-dot', (u) => u.getAccount('..')],
    ['getTransaction blank', (u) => u.getTransaction('  ')],
    ['listAccounts itemId dot-dot', (u) => u.listAccounts({ itemId: '..' })],
    ['listTransactions accountId empty', (u) => u.listTransactions({ accountId: '' })],
    ['listTransactions naive since', (u) => u.listTransactions({ since: '2025-03-01T10:00:00' })],
    ['listTransactions bad minDate', (u) => u.listTransactions({ minDate: '2025-02-30' })],
    ['createConnectSession itemId dot', (u) => u.createConnectSession({ itemId: '.' })],
    ['createConnectSession long context', (u) => u.createConnectSession({ context: 'x'.repeat(101) })],
    ['createConnectSession context with a space', (u) => u.createConnectSession({ context: 'a b' })],
    ['createConnectSession relative callback', (u) => u.createConnectSession({ callbackUrl: '/cb' })],
    ['createConnectSession zero accounts', (u) => u.createConnectSession({ maxSelectableAccounts: 0 })],
    [
      'createUserManagementSession string boolean',
      (u) => u.createUserManagementSession({ allowAccountSelection: 'yes' as never }),
    ],
  ];
  it.each(bad)('%s: InvalidInputError', async (_name, call) => {
    await expect(call(userClient({ tokenStore: await storeWithToken() }))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });
});
