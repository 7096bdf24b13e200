import { HttpError, InvalidInputError, ResponseValidationError } from '@bankkit/core';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SpareBank1Client } from '../../src/index.js';
import { API, account, errorsBody, JSON_TYPE, makeClient, seedTokens, useNock } from '../helpers.js';

useNock();

const BASE = '/personal/banking/accounts';
let client: SpareBank1Client;

beforeEach(async () => {
  const made = makeClient();
  client = made.client;
  await seedTokens(made.store);
});

function api() {
  return nock(API, {
    reqheaders: { accept: JSON_TYPE, authorization: 'Bearer access-token-aaaaaaaaaaaa' },
  });
}

describe('accounts', () => {
  it('lists accounts with the include flags given, and keeps unknown fields', async () => {
    const card = account({
      key: 'cardKey000000000000',
      type: 'CREDITCARD',
      name: '**** **** **** 3431',
      creditCardAccountID: '1034222',
      balance: -1234.5,
      somethingNew: { kept: true },
    });
    const scope = api()
      .get(BASE)
      .query({ includeCreditCardAccounts: 'true', includeBsuAccounts: 'false' })
      .reply(200, { accounts: [account(), card], errors: [] }, { 'Content-Type': JSON_TYPE });
    const list = await client.listAccounts({ includeCreditCardAccounts: true, includeBsuAccounts: false });
    expect(scope.isDone()).toBe(true);
    expect(list.map((a) => a.key)).toEqual(['M0wOq64MXStdRKQE4udw', 'cardKey000000000000']);
    expect(list[1]?.creditCardAccountID).toBe('1034222');
    expect(list[1]?.somethingNew).toEqual({ kept: true });
  });

  it('sends no include flag that was not given', async () => {
    const scope = api()
      .get(BASE)
      .query((query) => Object.keys(query).length === 0)
      .reply(200, { accounts: [], errors: [] });
    expect(await client.listAccounts()).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('gets one account, the default account, details and roles', async () => {
    api().get(`${BASE}/M0wOq64MXStdRKQE4udw`).reply(200, account());
    api()
      .get(`${BASE}/default`)
      .reply(200, account({ name: 'Default' }));
    api().get(`${BASE}/M0wOq64MXStdRKQE4udw/details`).reply(200, {
      freeWithdrawelsLeft: 3,
      interestRate: 1.25,
      creditLine: 0,
      bankIdentifierCode: 'SPRONO22',
    });
    api()
      .get(`${BASE}/M0wOq64MXStdRKQE4udw/roles`)
      .reply(200, {
        roles: [{ roleType: 'OWNER', validFromDate: '2020-01-01', validToDate: null }],
        ownerHasRightOfDisposal: true,
      });
    expect((await client.getAccount('M0wOq64MXStdRKQE4udw')).name).toBe('Brukskonto');
    expect((await client.getDefaultAccount()).name).toBe('Default');
    expect((await client.getAccountDetails('M0wOq64MXStdRKQE4udw')).freeWithdrawelsLeft).toBe(3);
    const roles = await client.getAccountRoles('M0wOq64MXStdRKQE4udw');
    expect(roles.roles[0]?.roleType).toBe('OWNER');
    expect(roles.ownerHasRightOfDisposal).toBe(true);
  });

  it('encodes account keys in paths', async () => {
    const scope = api().get(`${BASE}/a%2Fb%3Fc/details`).reply(200, {});
    await client.getAccountDetails('a/b?c');
    expect(scope.isDone()).toBe(true);
  });

  it('looks up several account keys in one call with a repeated accountNumber', async () => {
    const scope = api()
      .get(`${BASE}/keys`)
      .query(
        (query) => JSON.stringify(query.accountNumber) === JSON.stringify(['32096894308', '15031563892']),
      )
      .reply(200, { accountKeysMap: { '32096894308': 'keyA', '15031563892': 'keyB' } });
    expect(await client.getAccountKeys(['32096894308', '15031563892'])).toEqual({
      '32096894308': 'keyA',
      '15031563892': 'keyB',
    });
    expect(scope.isDone()).toBe(true);
    await expect(client.getAccountKeys([])).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('posts the balance lookup with the vendor media type', async () => {
    let contentType: string | null = null;
    let body: unknown;
    api()
      .post(`${BASE}/balance`)
      .reply(async (req: Request) => {
        contentType = req.headers.get('content-type');
        body = await req.json();
        return [200, { accountBalance: 12345.67, name: 'Brukskonto' }];
      });
    const balance = await client.getAccountBalance('32096894308');
    expect(balance).toEqual({ accountBalance: 12345.67, name: 'Brukskonto' });
    expect(contentType).toBe(JSON_TYPE);
    expect(body).toEqual({ accountNumber: '32096894308' });
  });

  it('retries the balance lookup (a read) on a 503', async () => {
    api().post(`${BASE}/balance`).reply(503, errorsBody('service.unavailable', 503));
    const second = api().post(`${BASE}/balance`).reply(200, { accountBalance: '10.00', name: 'Sparekonto' });
    expect((await client.getAccountBalance('32096894308')).accountBalance).toBe('10.00');
    expect(second.isDone()).toBe(true);
  });

  it('reads ErrorsDTO into HttpError fields', async () => {
    api()
      .get(`${BASE}/unknownKey`)
      .reply(404, errorsBody('account.not.found', 404, 'No such account'), { 'Content-Type': JSON_TYPE });
    const error = await client.getAccount('unknownKey').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      status: 404,
      providerCode: 'account.not.found',
      providerMessage: 'No such account',
      requestId: 'trace-account.not.found',
      traceId: 'trace-account.not.found',
    });
  });

  it('rejects a body that drifted from the schema with the path of the problem', async () => {
    api()
      .get(BASE)
      .reply(200, { accounts: [{ ...account(), balance: 'lots' }] });
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(JSON.stringify((error as ResponseValidationError).issues)).toContain('balance');
  });
});
