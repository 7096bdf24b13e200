import { describe, expect, it } from 'vitest';
import { type AppClient, DELETE_USER_PLACEHOLDER_PASSWORD } from '../src/index.js';
import { appClient } from './support/clients.js';
import { expectMethodCase, type MethodCase } from './support/expectations.js';
import * as fx from './support/fixtures.js';
import { intercept, json } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

const cases: MethodCase<AppClient>[] = [
  {
    name: 'listBanks',
    call: (app) =>
      app.listBanks({ countries: ['fr', 'de'], capabilities: 'ais', after: 'cursor1', limit: 20 }),
    method: 'GET',
    path: '/v2/banks',
    query: [
      ['countries', 'fr'],
      ['countries', 'de'],
      ['capabilities', 'ais'],
      ['after', 'cursor1'],
      ['limit', '20'],
    ],
    answer: fx.envelope([fx.bank]),
  },
  {
    name: 'listBanks without filters',
    call: (app) => app.listBanks(),
    method: 'GET',
    path: '/v2/banks',
    answer: fx.envelope([fx.bank]),
  },
  { name: 'getBank', call: (app) => app.getBank(574), method: 'GET', path: '/v2/banks/574', answer: fx.bank },
  {
    name: 'getBankConnectorsStatus',
    call: (app) => app.getBankConnectorsStatus(),
    method: 'GET',
    path: '/v2/banks/insights',
    answer: fx.connectorsStatus,
  },
  {
    name: 'listUsers',
    call: (app) => app.listUsers({ limit: 2 }),
    method: 'GET',
    path: '/v2/users',
    query: [['limit', '2']],
    answer: fx.envelope([fx.userLegacy, fx.userNew]),
  },
  {
    name: 'getUser',
    call: (app) => app.getUser(fx.userLegacy.uuid),
    method: 'GET',
    path: `/v2/users/${fx.userLegacy.uuid}`,
    answer: fx.userLegacy,
  },
  {
    name: 'createUser',
    call: (app) => app.createUser({ email: 'john@doe.com', password: 'secret-password-1' }),
    method: 'POST',
    path: '/v2/users',
    body: { email: 'john@doe.com', password: 'secret-password-1' },
    status: 201,
    answer: fx.userLegacy,
  },
  {
    name: 'deleteUser',
    call: (app) => app.deleteUser(fx.userLegacy.uuid, { password: 'secret-password-1' }),
    method: 'POST',
    path: `/v2/users/${fx.userLegacy.uuid}/delete`,
    body: { password: 'secret-password-1' },
    status: 204,
  },
  {
    name: 'deleteUser without a password sends the documented placeholder',
    call: (app) => app.deleteUser(fx.userNew.uuid),
    method: 'POST',
    path: `/v2/users/${fx.userNew.uuid}/delete`,
    body: { password: DELETE_USER_PLACEHOLDER_PASSWORD },
    status: 204,
  },
  {
    name: 'deleteAllUsers',
    call: (app) => app.deleteAllUsers(),
    method: 'DELETE',
    path: '/v2/users',
    status: 204,
  },
  {
    name: 'authenticateUser by email',
    call: (app) => app.authenticateUser({ email: 'john@doe.com', password: 'secret-password-1' }),
    method: 'POST',
    path: '/v2/authenticate',
    body: { email: 'john@doe.com', password: 'secret-password-1' },
    answer: fx.authInfo,
  },
  {
    name: 'authenticateUser by uuid',
    call: (app) => app.authenticateUser({ userUuid: fx.userNew.uuid }),
    method: 'POST',
    path: '/v2/authenticate',
    body: { user_uuid: fx.userNew.uuid },
    answer: { ...fx.authInfo, user: fx.userNew },
  },
  {
    name: 'authenticateUser by external id',
    call: (app) => app.authenticateUser({ externalUserId: 'A6JEJIID1919BDS' }),
    method: 'POST',
    path: '/v2/authenticate',
    body: { external_user_id: 'A6JEJIID1919BDS' },
    answer: { ...fx.authInfo, user: fx.userNew },
  },
  {
    name: 'updateUserEmail',
    call: (app) =>
      app.updateUserEmail(fx.userLegacy.uuid, { password: 'secret-password-1', newEmail: 'jane@doe.com' }),
    method: 'POST',
    path: `/v2/users/${fx.userLegacy.uuid}/email`,
    body: { password: 'secret-password-1', new_email: 'jane@doe.com' },
    answer: { ...fx.userLegacy, email: 'jane@doe.com' },
  },
  {
    name: 'updateUserPassword',
    call: (app) =>
      app.updateUserPassword(fx.userLegacy.uuid, {
        currentPassword: 'secret-password-1',
        newPassword: 'secret-password-2',
      }),
    method: 'POST',
    path: `/v2/users/${fx.userLegacy.uuid}/password`,
    body: { current_password: 'secret-password-1', new_password: 'secret-password-2' },
    answer: fx.userLegacy,
  },
  {
    name: 'listCategories',
    call: (app) => app.listCategories({ language: 'fr' }),
    method: 'GET',
    path: '/v2/categories',
    language: 'fr',
    answer: fx.envelope([fx.parentCategory], null, { generated_at: '2023-07-26T07:57:56.120Z' }),
  },
  {
    name: 'getCategory',
    call: (app) => app.getCategory(279, { language: 'en' }),
    method: 'GET',
    path: '/v2/categories/279',
    language: 'en',
    answer: fx.category,
  },
  {
    name: 'getCategory without a language',
    call: (app) => app.getCategory(279),
    method: 'GET',
    path: '/v2/categories/279',
    answer: fx.category,
  },
];

describe('AppClient: one request per method', () => {
  it.each(cases)('$name', (c) => expectMethodCase(c, appClient()));

  it('exposes generated_at of the categories list on the page', async () => {
    intercept(
      'GET',
      '/v2/categories',
      json(200, fx.envelope([fx.parentCategory], null, { generated_at: '2023-07-26T07:57:56.120Z' })),
    );
    const page = await appClient().listCategories();
    expect(page.generatedAt).toBe('2023-07-26T07:57:56.120Z');
  });

  it('keeps the bank form as sent: camelCase keys, isNum as a string, null lengths', async () => {
    intercept('GET', '/v2/banks/574', json(200, fx.bank));
    const bank = await appClient().getBank(574);
    expect(bank.form[0]).toEqual({
      label: 'Identifiant',
      type: 'USER',
      isNum: '0',
      maxLength: null,
      minLength: null,
    });
    expect(bank.form[1]?.isNum).toBe('1');
    expect(bank.transfer).toBeNull();
  });

  it('percent-encodes ids so that an id cannot change the path', async () => {
    intercept('GET', '/v2/users/..%2Fbanks', json(200, fx.userLegacy));
    await appClient().getUser('../banks');
  });
});
