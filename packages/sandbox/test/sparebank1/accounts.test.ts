import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSandbox, getJson, login, type TestSandbox } from './helpers.js';

interface AccountJson {
  key: string;
  accountNumber: string;
  iban: string;
  name: string;
  description: string;
  balance: number;
  availableBalance: number;
  currencyCode: string;
  type: string;
  owner: Record<string, unknown>;
  accountProperties: Record<string, boolean>;
  creditCardCreditLimit: number | null;
  creditCardAccountID: string | null;
}

const PROPERTY_NAMES = [
  'isTransferFromEnabled',
  'isTransferToEnabled',
  'isPaymentFromEnabled',
  'isAllowedInAvtaleGiro',
  'hasAccess',
  'isBalancePreferred',
  'isFlexiLoan',
  'isCodebitorLoan',
  'isSecurityBalance',
  'isAksjesparekonto',
  'isSavingsAccount',
  'isBonusAccount',
  'userHasRightOfDisposal',
  'userHasRightOfAccess',
  'isOwned',
  'isWithdrawalsAllowed',
  'isBlocked',
  'isHidden',
  'isBalanceUpdatedImmediatelyOnTransferTo',
  'isDefaultPaymentAccount',
];

const ALL_FLAGS =
  'includeNokAccounts=true&includeCurrencyAccounts=true&includeBsuAccounts=true&includeCreditCardAccounts=true&includeAskAccounts=true&includePensionAccounts=true';

describe('SpareBank 1 sandbox Accounts API', () => {
  let t: TestSandbox;
  let token: string;
  beforeAll(async () => {
    t = createTestSandbox();
    token = (await login(t)).access_token;
  });

  const list = async (query = '') =>
    (
      await getJson<{ accounts: AccountJson[]; errors: unknown[] }>(
        t,
        token,
        `/personal/banking/accounts${query}`,
      )
    ).accounts;

  it('lists NOK accounts and BSU by default; cards, currency, ASK and pension only on request', async () => {
    const response = await getJson<{ accounts: AccountJson[]; errors: unknown[] }>(
      t,
      token,
      '/personal/banking/accounts',
    );
    expect(response.errors).toEqual([]);
    expect(response.accounts.map((a) => a.type)).toEqual(['USER', 'SAVING', 'BSU']);

    expect((await list('?includeCreditCardAccounts=true')).map((a) => a.type)).toContain('CREDITCARD');
    expect((await list('?includeCreditcardAccounts=true')).map((a) => a.type)).not.toContain('CREDITCARD');
    expect((await list('?includeCurrencyAccounts=true')).map((a) => a.currencyCode)).toContain('EUR');
    expect((await list('?includeAskAccounts=true')).map((a) => a.type)).toContain('ASK');
    expect((await list('?includePensionAccounts=true')).map((a) => a.type)).toContain('PENSION');
    expect((await list('?includeBsuAccounts=false')).map((a) => a.type)).toEqual(['USER', 'SAVING']);
    expect((await list('?includeNokAccounts=false')).map((a) => a.type)).toEqual(['BSU']);
    expect(await list(`?${ALL_FLAGS}`)).toHaveLength(7);
  });

  it('refuses a flag that is not a boolean with 400', async () => {
    const response = await api(t, token, '/personal/banking/accounts?includeCreditCardAccounts=yes');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ resource: string }> };
    expect(body.errors[0]?.resource).toBe('includeCreditCardAccounts');
  });

  it('gives every account the full field set with the 20 accountProperties booleans', async () => {
    for (const account of await list(`?${ALL_FLAGS}`)) {
      expect(account.key).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(account.accountNumber).toMatch(/^\d{11}$/);
      expect(account.iban).toBe(`NO${account.iban.slice(2, 4)}${account.accountNumber}`);
      expect(Object.keys(account.accountProperties).sort()).toEqual([...PROPERTY_NAMES].sort());
      for (const value of Object.values(account.accountProperties)) expect(typeof value).toBe('boolean');
      expect(account.owner).toMatchObject({ name: 'Ola Nordmann', firstName: 'Ola', lastName: 'Nordmann' });
      for (const field of [
        'productType',
        'productId',
        'descriptionCode',
        'disposalRole',
        'obsCodes',
        'eInvoiceCustomerReference',
      ]) {
        expect(account).toHaveProperty(field);
      }
      expect(typeof account.balance).toBe('number');
    }
  });

  it('shows a credit card with a masked PAN name, product description and creditCardAccountID', async () => {
    const card = (await list('?includeCreditCardAccounts=true')).find((a) => a.type === 'CREDITCARD');
    expect(card?.name).toMatch(/^\*{4} \*{4} \*{4} \d{4}$/);
    expect(card?.description).toBe('Mastercard');
    expect(card?.creditCardAccountID).toMatch(/^\d+$/);
    expect(card?.creditCardCreditLimit).toBe(30000);
    expect(card?.balance).toBeLessThan(0);
    expect(card?.accountProperties.isBalanceUpdatedImmediatelyOnTransferTo).toBe(false);
  });

  it('gets one account by key, the default account, and 404s an unknown key', async () => {
    const [checking] = await list();
    const one = await getJson<AccountJson>(t, token, `/personal/banking/accounts/${checking?.key}`);
    expect(one).toEqual(checking);
    const fallback = await getJson<AccountJson>(t, token, '/personal/banking/accounts/default');
    expect(fallback.key).toBe(checking?.key);
    expect(fallback.accountProperties.isDefaultPaymentAccount).toBe(true);
    const missing = await api(t, token, '/personal/banking/accounts/AAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
  });

  it('returns details and roles in the documented shapes', async () => {
    const [, savings] = await list();
    const details = await getJson<Record<string, unknown>>(
      t,
      token,
      `/personal/banking/accounts/${savings?.key}/details`,
    );
    expect(Object.keys(details).sort()).toEqual(
      [
        'freeWithdrawelsLeft',
        'lastWithdrawalDate',
        'interestRate',
        'blockedAmount',
        'blockedBsuAmount',
        'creditLine',
        'totalConfirmedAmount',
        'netCalculatedCreditInterest',
        'netCalculatedCreditLineInterest',
        'totalCreditInterestLastYear',
        'bankIdentifierCode',
      ].sort(),
    );
    const roles = await getJson<{ roles: Array<Record<string, unknown>>; ownerHasRightOfDisposal: boolean }>(
      t,
      token,
      `/personal/banking/accounts/${savings?.key}/roles`,
    );
    expect(roles.ownerHasRightOfDisposal).toBe(true);
    expect(roles.roles[0]).toEqual({
      roleType: 'OWNER',
      validFromDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      validToDate: null,
    });
  });

  it('maps repeated accountNumber parameters to keys, leaving out unknown numbers', async () => {
    const [checking, savings] = await list();
    const keys = await getJson<{ accountKeysMap: Record<string, string> }>(
      t,
      token,
      `/personal/banking/accounts/keys?accountNumber=${checking?.accountNumber}&accountNumber=${savings?.accountNumber}&accountNumber=12345678903`,
    );
    expect(keys.accountKeysMap).toEqual({
      [checking?.accountNumber ?? '']: checking?.key,
      [savings?.accountNumber ?? '']: savings?.key,
    });
  });

  it('answers POST /accounts/balance, refusing a card number with 400 and a non-JSON content type with 415', async () => {
    const accounts = await list('?includeCreditCardAccounts=true');
    const checking = accounts[0];
    const card = accounts.find((a) => a.type === 'CREDITCARD');
    const balance = await api(t, token, '/personal/banking/accounts/balance', {
      method: 'POST',
      body: { accountNumber: checking?.accountNumber },
    });
    expect(balance.status).toBe(200);
    expect(await balance.json()).toEqual({ accountBalance: checking?.balance, name: 'Brukskonto' });

    const asJson = await api(t, token, '/personal/banking/accounts/balance', {
      method: 'POST',
      body: { accountNumber: checking?.accountNumber },
      headers: { 'content-type': 'application/json' },
    });
    expect(asJson.status).toBe(200);

    const cardBalance = await api(t, token, '/personal/banking/accounts/balance', {
      method: 'POST',
      body: { accountNumber: card?.accountNumber },
    });
    expect(cardBalance.status).toBe(400);
    const error = (await cardBalance.json()) as { errors: Array<{ httpCode: number }> };
    expect(error.errors[0]?.httpCode).toBe(400);

    const wrongType = await api(t, token, '/personal/banking/accounts/balance', {
      method: 'POST',
      body: 'accountNumber=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
  });
});
