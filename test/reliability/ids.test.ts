import { AppClient, BridgeProvider, UserClient } from '@bankkit/bridge';
import { InvalidInputError, isBankkitError, MemoryTokenStore } from '@bankkit/core';
import { SpareBank1Client, SpareBank1Provider } from '@bankkit/sparebank1';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 6: no id passed to any method of either adapter can change the path it is sent
 * to. `.`, `..` and empty ids are refused with InvalidInputError before anything is sent. Every
 * public method of every client is listed below, either with the ids it takes or as taking none,
 * so a method added later without a line here fails the completeness check.
 */
const BAD_IDS = ['', '.', '..', ' '];
const BRIDGE = 'https://api.bridgeapi.io';
const SB1_API = 'https://api.sparebank1.no';
const SB1_AUTH = 'https://api-auth.sparebank1.no';
const SB1_CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';
const DATES = { fromDate: '2026-01-01', toDate: '2026-01-31' };

type Call<C> = (client: C, id: string) => Promise<unknown>;

const appCalls: Record<string, Call<AppClient>> = {
  getBank: (c, id) => c.getBank(id),
  getUser: (c, id) => c.getUser(id),
  deleteUser: (c, id) => c.deleteUser(id),
  updateUserEmail: (c, id) => c.updateUserEmail(id, { password: 'pass-word-123', newEmail: 'a@b.dev' }),
  updateUserPassword: (c, id) =>
    c.updateUserPassword(id, { currentPassword: 'pass-word-123', newPassword: 'pass-word-456' }),
  getCategory: (c, id) => c.getCategory(id),
};
const appWithoutIds = [
  'listBanks',
  'getBankConnectorsStatus',
  'listUsers',
  'createUser',
  'deleteAllUsers',
  'authenticateUser',
  'listCategories',
];

const userCalls: Record<string, Call<UserClient>> = {
  editItem: (c, id) => c.editItem(id),
  manageScaSyncItem: (c, id) => c.manageScaSyncItem(id),
  getItem: (c, id) => c.getItem(id),
  refreshItem: (c, id) => c.refreshItem(id),
  getItemRefreshStatus: (c, id) => c.getItemRefreshStatus(id),
  deleteItem: (c, id) => c.deleteItem(id),
  getAccount: (c, id) => c.getAccount(id),
  getTransaction: (c, id) => c.getTransaction(id),
  listAccountTransactions: (c, id) => c.listAccountTransactions(id),
  listAccountUpdatedTransactions: (c, id) => c.listAccountUpdatedTransactions(id, { since: '2026-01-01' }),
  getStock: (c, id) => c.getStock(id),
};
const userWithoutIds = [
  'isAuthenticated',
  'ready',
  'renewAuth',
  'logout',
  'getEmailValidation',
  'connectItem',
  'validateProItems',
  'manageAccountsIban',
  'listItems',
  'listAccounts',
  'listTransactions',
  'listUpdatedTransactions',
  'listStocks',
  'listUpdatedStocks',
];

const sparebank1Calls: Record<string, Call<SpareBank1Client>> = {
  getAccount: (c, id) => c.getAccount(id),
  getAccountDetails: (c, id) => c.getAccountDetails(id),
  getAccountRoles: (c, id) => c.getAccountRoles(id),
  getAccountKeys: (c, id) => c.getAccountKeys([id]),
  getAccountBalance: (c, id) => c.getAccountBalance(id),
  listTransactions: (c, id) => c.listTransactions({ accountKeys: [id] }),
  listClassifiedTransactions: (c, id) => c.listClassifiedTransactions({ accountKeys: [id] }),
  getTransactionDetails: (c, id) => c.getTransactionDetails(id),
  getClassifiedTransactionDetails: (c, id) => c.getClassifiedTransactionDetails(id),
  exportTransactionsCsv: (c, id) => c.exportTransactionsCsv({ accountKey: id, ...DATES }),
  createTransfer: (c, id) => c.createTransfer({ amount: '1.00', fromAccount: id, toAccount: '15031563892' }),
  transferToCreditCard: (c, id) =>
    c.transferToCreditCard({ amount: '1.00', fromAccount: '32096894308', creditCardAccountId: id }),
  transferToPension: (c, id) =>
    c.transferToPension({ amount: '1.00', fromAccount: '32096894308', policyNumber: id }),
};
const sparebank1WithoutIds = [
  'createAuthorizationUrl',
  'handleCallback',
  'refresh',
  'isAuthenticated',
  'tokenStatus',
  'logout',
  'listAccounts',
  'getDefaultAccount',
  'helloWorld',
];

const sent: string[] = [];
let refused = 0;
let sentTotal = 0;

beforeAll(() => {
  nock.disableNetConnect();
  for (const origin of [BRIDGE, SB1_API, SB1_AUTH]) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
      nock(origin)
        .persist()
        .intercept(() => true, method)
        .reply(async (request: Request) => {
          sent.push(`${request.method} ${request.url}`);
          sentTotal++;
          return [500, '{}', { 'Content-Type': 'application/json' }];
        });
    }
  }
});

beforeEach(() => {
  sent.length = 0;
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  printSummary(`reliability ids: refused=${refused} requests-sent=${sentTotal}`);
});

function publicMethods(prototype: object): string[] {
  return Object.getOwnPropertyNames(prototype).filter(
    (name) =>
      name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name)?.value === 'function',
  );
}

async function expectRefused(call: () => Promise<unknown>, label: string): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(isBankkitError(error), `${label}: ${String(error)}`).toBe(true);
  expect(error, `${label}: ${String(error)}`).toBeInstanceOf(InvalidInputError);
  refused++;
}

const appClient = () =>
  new AppClient({ clientId: 'ids-client', clientSecret: 'ids-client-secret', retry: false });
const userClient = () =>
  new UserClient({
    clientId: 'ids-client',
    clientSecret: 'ids-client-secret',
    userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
    accessToken: 'ids-bridge-access-token',
    expiresAt: new Date(Date.now() + 3_600_000),
    retry: false,
  });
async function sparebank1Client(): Promise<SpareBank1Client> {
  const store = new MemoryTokenStore();
  await store.set(`sparebank1:${SB1_CLIENT_ID}`, {
    accessToken: 'ids-sb1-access-token',
    expiresAt: new Date(Date.now() + 600_000),
    refreshToken: 'ids-sb1-refresh-token',
  });
  return new SpareBank1Client({
    clientId: SB1_CLIENT_ID,
    clientSecret: 'ids-sb1-client-secret',
    redirectUri: 'http://127.0.0.1:8321/callback',
    retry: false,
    tokenStore: store,
  });
}

describe('every public method is classified', () => {
  it.each([
    ['AppClient', AppClient.prototype, appCalls, appWithoutIds],
    ['UserClient', UserClient.prototype, userCalls, userWithoutIds],
    ['SpareBank1Client', SpareBank1Client.prototype, sparebank1Calls, sparebank1WithoutIds],
  ] as const)('%s', (_, prototype, calls, without) => {
    expect(publicMethods(prototype).sort()).toEqual([...Object.keys(calls), ...without].sort());
  });
});

describe.each(BAD_IDS.map((id) => [JSON.stringify(id), id] as const))('id %s', (_, id) => {
  it.each(Object.keys(appCalls))('AppClient.%s refuses it, sending nothing', async (name) => {
    await expectRefused(() => (appCalls[name] as Call<AppClient>)(appClient(), id), name);
    expect(sent).toEqual([]);
  });
  it.each(Object.keys(userCalls))('UserClient.%s refuses it, sending nothing', async (name) => {
    await expectRefused(() => (userCalls[name] as Call<UserClient>)(userClient(), id), name);
    expect(sent).toEqual([]);
  });
  it.each(Object.keys(sparebank1Calls))('SpareBank1Client.%s refuses it, sending nothing', async (name) => {
    const client = await sparebank1Client();
    await expectRefused(() => (sparebank1Calls[name] as Call<SpareBank1Client>)(client, id), name);
    expect(sent).toEqual([]);
  });
  it('both providers refuse it in accountIds, sending nothing', async () => {
    const sparebank1 = new SpareBank1Provider(await sparebank1Client());
    await expectRefused(() => sparebank1.listTransactions({ accountIds: [id] }), 'SpareBank1Provider');
    await expectRefused(
      () => new BridgeProvider(userClient()).listTransactions({ accountIds: [id] }),
      'BridgeProvider',
    );
    expect(sent).toEqual([]);
  });
});

describe('the HTTP layer itself', () => {
  it('refuses a path with a dot segment (also percent-encoded) even if an adapter let one through', async () => {
    const { createHttpClient } = await import('@bankkit/core');
    const http = createHttpClient({ provider: 'test', baseUrl: `${SB1_API}/personal/banking`, retry: false });
    for (const path of [
      'accounts/../details',
      'accounts/./x',
      '..',
      'a/%2e%2e/b',
      'a/.%2E',
      '/personal/../x',
    ]) {
      await expectRefused(() => http.request({ path }), path);
    }
    expect(sent).toEqual([]);
  });
});
