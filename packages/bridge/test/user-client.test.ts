import { describe, expect, it } from 'vitest';
import type { UserClient } from '../src/index.js';
import { userClient } from './support/clients.js';
import { expectMethodCase, type MethodCase } from './support/expectations.js';
import * as fx from './support/fixtures.js';
import { ACCESS_TOKEN, intercept, json } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

const cases: MethodCase<UserClient>[] = [
  {
    name: 'getEmailValidation',
    call: (u) => u.getEmailValidation(),
    method: 'GET',
    path: '/v2/users/me/email/confirmation',
    answer: fx.emailValidation,
  },
  {
    name: 'connectItem with every option',
    call: (u) =>
      u.connectItem({
        prefillEmail: 'john@doe.com',
        country: 'fr',
        redirectUrl: 'https://app.example.com/done',
        context: 'ctx-1',
        bankId: 574,
        capabilities: ['ais', 'single_payment'],
      }),
    method: 'POST',
    path: '/v2/connect/items/add',
    body: {
      prefill_email: 'john@doe.com',
      country: 'fr',
      redirect_url: 'https://app.example.com/done',
      context: 'ctx-1',
      bank_id: 574,
      capabilities: ['ais', 'single_payment'],
    },
    answer: fx.connectUrl,
  },
  {
    name: 'connectItem with only the email (no null keys)',
    call: (u) => u.connectItem({ prefillEmail: 'john@doe.com' }),
    method: 'POST',
    path: '/v2/connect/items/add',
    body: { prefill_email: 'john@doe.com' },
    answer: fx.connectUrl,
  },
  {
    name: 'editItem (parameters in the query, no body)',
    call: (u) => u.editItem(6648847, { redirectUrl: 'https://app.example.com/done', context: 'c' }),
    method: 'GET',
    path: '/v2/connect/items/edit',
    query: [
      ['item_id', '6648847'],
      ['redirect_url', 'https://app.example.com/done'],
      ['context', 'c'],
    ],
    answer: fx.connectUrl,
  },
  {
    name: 'manageScaSyncItem',
    call: (u) => u.manageScaSyncItem(6648847),
    method: 'GET',
    path: '/v2/connect/items/sync',
    query: [['item_id', '6648847']],
    answer: fx.connectUrl,
  },
  {
    name: 'validateProItems',
    call: (u) => u.validateProItems({ redirectUrl: 'https://app.example.com/pro', context: 'p' }),
    method: 'GET',
    path: '/v2/connect/items/pro/confirmation',
    query: [
      ['redirect_url', 'https://app.example.com/pro'],
      ['context', 'p'],
    ],
    answer: fx.connectUrl,
  },
  {
    name: 'manageAccountsIban',
    call: (u) => u.manageAccountsIban({ context: 'i' }),
    method: 'GET',
    path: '/v2/connect/manage/accounts/iban',
    query: [['context', 'i']],
    answer: { redirect_url: 'http://localhost:8080/session/abc' },
  },
  {
    name: 'listItems',
    call: (u) => u.listItems({ limit: 500, language: 'en' }),
    method: 'GET',
    path: '/v2/items',
    query: [['limit', '500']],
    language: 'en',
    answer: fx.envelope([fx.item]),
  },
  {
    name: 'getItem',
    call: (u) => u.getItem(6648847, { language: 'fr' }),
    method: 'GET',
    path: '/v2/items/6648847',
    language: 'fr',
    answer: fx.item,
  },
  {
    name: 'refreshItem (202, empty body)',
    call: (u) => u.refreshItem(6648847),
    method: 'POST',
    path: '/v2/items/6648847/refresh',
    status: 202,
  },
  {
    name: 'getItemRefreshStatus',
    call: (u) => u.getItemRefreshStatus(6648847),
    method: 'GET',
    path: '/v2/items/6648847/refresh/status',
    answer: fx.refreshStatus,
  },
  {
    name: 'deleteItem (204)',
    call: (u) => u.deleteItem(6648847),
    method: 'DELETE',
    path: '/v2/items/6648847',
    status: 204,
  },
  {
    name: 'listAccounts',
    call: (u) => u.listAccounts({ itemId: 6648847, after: 'abc', limit: 10 }),
    method: 'GET',
    path: '/v2/accounts',
    query: [
      ['item_id', '6648847'],
      ['after', 'abc'],
      ['limit', '10'],
    ],
    answer: fx.envelope([fx.checkingAccount, fx.loanAccount, fx.brokerageAccount]),
  },
  {
    name: 'getAccount',
    call: (u) => u.getAccount('30179395'),
    method: 'GET',
    path: '/v2/accounts/30179395',
    answer: fx.loanAccount,
  },
  {
    name: 'listTransactions',
    call: (u) =>
      u.listTransactions({ since: '2022-04-01', until: new Date('2022-04-30T12:00:00Z'), limit: 50 }),
    method: 'GET',
    path: '/v2/transactions',
    query: [
      ['since', '2022-04-01'],
      ['until', '2022-04-30'],
      ['limit', '50'],
    ],
    answer: fx.envelope([fx.transaction]),
  },
  {
    name: 'listUpdatedTransactions',
    call: (u) => u.listUpdatedTransactions({ since: new Date('2023-07-26T09:57:55.747Z') }),
    method: 'GET',
    path: '/v2/transactions/updated',
    query: [['since', '2023-07-26T09:57:55.747Z']],
    answer: fx.envelope([{ ...fx.transaction, is_deleted: true }]),
  },
  {
    name: 'getTransaction',
    call: (u) => u.getTransaction(38000784535885),
    method: 'GET',
    path: '/v2/transactions/38000784535885',
    answer: fx.transaction,
  },
  {
    name: 'listAccountTransactions',
    call: (u) => u.listAccountTransactions(30179391, { since: '2022-01-01' }),
    method: 'GET',
    path: '/v2/accounts/30179391/transactions',
    query: [['since', '2022-01-01']],
    answer: fx.envelope([fx.transaction]),
  },
  {
    name: 'listAccountUpdatedTransactions',
    call: (u) => u.listAccountUpdatedTransactions(30179391, { since: '2023-07-26T11:57:55+02:00', limit: 3 }),
    method: 'GET',
    path: '/v2/accounts/30179391/transactions/updated',
    query: [
      ['since', '2023-07-26T09:57:55.000Z'],
      ['limit', '3'],
    ],
    answer: fx.envelope([fx.transaction]),
  },
  {
    name: 'listStocks',
    call: (u) => u.listStocks(),
    method: 'GET',
    path: '/v2/stocks',
    answer: fx.envelope([fx.stock]),
  },
  {
    name: 'listUpdatedStocks',
    call: (u) => u.listUpdatedStocks({ since: '2023-07-01T00:00:00Z' }),
    method: 'GET',
    path: '/v2/stocks/updated',
    query: [['since', '2023-07-01T00:00:00.000Z']],
    answer: fx.envelope([fx.stock]),
  },
  {
    name: 'getStock',
    call: (u) => u.getStock(4712),
    method: 'GET',
    path: '/v2/stocks/4712',
    answer: fx.stock,
  },
  { name: 'logout', call: (u) => u.logout(), method: 'POST', path: '/v2/logout', status: 204 },
];

describe('UserClient: one request per method, with the bearer token', () => {
  it.each(cases)('$name', (c) => expectMethodCase(c, userClient(), ACCESS_TOKEN));

  it('has no app-scoped methods', () => {
    const user = userClient() as unknown as Record<string, unknown>;
    for (const name of ['listBanks', 'createUser', 'authenticateUser', 'listCategories', 'deleteAllUsers']) {
      expect(user[name]).toBeUndefined();
    }
  });
});

describe('UserClient: parsing what the real API sends', () => {
  it('accepts nulls inside loan details and keeps fields it does not know', async () => {
    intercept('GET', '/v2/accounts', json(200, fx.envelope([fx.loanAccount, fx.checkingAccount])));
    const page = await userClient().listAccounts();
    const [loan, checking] = page.resources;
    expect(loan?.loan_details?.next_payment_date).toBeNull();
    expect(loan?.loan_details?.type).toBeNull();
    expect(loan?.loan_details?.total_estimated_interests).toBe(12000.5);
    expect(checking?.brand_new_field).toEqual({ nested: true });
  });

  it('keeps money as the JSON numbers Bridge sends', async () => {
    intercept('GET', '/v2/accounts/30179395', json(200, fx.loanAccount));
    const account = await userClient().getAccount(30179395);
    expect(account.balance).toBe(-152340.12);
  });

  it('accepts an item whose status_code_info is null or absent', async () => {
    const { status_code_info: _, ...withoutInfo } = fx.item;
    intercept('GET', '/v2/items', json(200, fx.envelope([fx.item, withoutInfo])));
    const page = await userClient().listItems();
    expect(page.resources).toHaveLength(2);
  });
});
