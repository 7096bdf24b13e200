import {
  AuthenticationError,
  HttpError,
  MemoryTokenStore,
  OAuthCallbackError,
  ReauthorizationRequiredError,
  type TokenStore,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SpareBank1Client, type SpareBank1ClientOptions, SpareBank1Provider } from '../../src/index.js';
import { followConsent, logIn } from './consent.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.sparebank1.control.reset();
  sandbox.faults.clear();
  sandbox.requests.clear();
});

function newClient(options: Partial<SpareBank1ClientOptions> = {}): {
  client: SpareBank1Client;
  store: TokenStore;
} {
  const store = options.tokenStore ?? new MemoryTokenStore();
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri: redirectUris[0] ?? '',
    baseUrl,
    authBaseUrl,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...options,
    tokenStore: store,
  });
  return { client, store };
}

async function loggedIn(options: Partial<SpareBank1ClientOptions> = {}) {
  const made = newClient(options);
  await logIn(made.client, { finInst: 'fid-smn' });
  return made;
}

const ALL = {
  includeNokAccounts: true,
  includeCurrencyAccounts: true,
  includeBsuAccounts: true,
  includeCreditCardAccounts: true,
  includeAskAccounts: true,
  includePensionAccounts: true,
};

describe('login (authorization code flow through the consent page)', () => {
  it('approves with plain HTTP, exchanges the code and stores the tokens', async () => {
    const { client, store } = newClient();
    expect(await client.isAuthenticated()).toBe(false);
    const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
    const callbackUrl = await followConsent(url);
    expect(new URL(callbackUrl).searchParams.get('state')).toBe(state);
    const tokens = await client.handleCallback(callbackUrl, { expectedState: state });
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.refreshTokenExpiresAt).toBeInstanceOf(Date);
    expect(tokens.refreshTokenAbsoluteExpiresAt).toBeInstanceOf(Date);
    expect((await store.get(`sparebank1:${sandbox.sparebank1.clientId}`))?.accessToken).toBe(
      tokens.accessToken,
    );
    expect(await client.isAuthenticated()).toBe(true);
    expect(await client.helloWorld()).toBe('Hello, World!');
  });

  it('works with HTTP Basic client authentication and PKCE', async () => {
    const { client } = newClient({ clientAuth: 'basic' });
    await logIn(client, { pkce: true });
    expect((await client.listAccounts()).length).toBeGreaterThan(0);
  });

  it('reports a denied consent as access_denied', async () => {
    const { client } = newClient();
    const { url, state } = client.createAuthorizationUrl();
    const callbackUrl = await followConsent(url, 'Deny');
    const error = await client.handleCallback(callbackUrl, { expectedState: state }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthCallbackError);
    expect((error as OAuthCallbackError).oauthError).toBe('access_denied');
  });

  it('reports an unknown bank id as access_denied', async () => {
    const { client } = newClient();
    const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-does-not-exist' });
    const redirect = await fetch(url, { redirect: 'manual' });
    const callbackUrl = redirect.headers.get('location') ?? '';
    await expect(client.handleCallback(callbackUrl, { expectedState: state })).rejects.toMatchObject({
      oauthError: 'access_denied',
    });
  });

  it('refuses a forged callback without spending the code', async () => {
    const { client } = newClient();
    const { url } = client.createAuthorizationUrl();
    const callbackUrl = await followConsent(url);
    await expect(
      client.handleCallback(callbackUrl, { expectedState: 'another-login' }),
    ).rejects.toMatchObject({
      oauthError: 'state_mismatch',
    });
    expect(sandbox.requests.count({ path: '/oauth/token' })).toBe(0);
  });
});

describe('token rotation', () => {
  it('refreshes after an 11-minute gap on the server 401, stores the rotated token, and the old one is dead', async () => {
    const { client, store } = await loggedIn();
    const key = `sparebank1:${sandbox.sparebank1.clientId}`;
    const before = await store.get(key);
    sandbox.requests.clear();
    sandbox.sparebank1.control.resetRateLimits();
    sandbox.clock.advance(11 * 60_000);

    const accounts = await client.listAccounts();
    expect(accounts.length).toBeGreaterThan(0);

    const after = await store.get(key);
    expect(after?.refreshToken).toBeTruthy();
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(sandbox.requests.list().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /personal/banking/accounts 401',
      'POST /oauth/token 200',
      'GET /personal/banking/accounts 200',
    ]);

    // The spent refresh token no longer works at the bank: rotation is real.
    const replay = await fetch(`${sandbox.sparebank1.authBaseUrl}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before?.refreshToken ?? '',
        client_id: sandbox.sparebank1.clientId,
        client_secret: sandbox.sparebank1.clientSecret,
      }),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('renews before the call, without a 401, when the client reads the sandbox clock', async () => {
    const { client } = await loggedIn({ now: () => sandbox.clock.nowMs() });
    sandbox.requests.clear();
    sandbox.clock.advance(11 * 60_000);
    await client.listAccounts();
    expect(sandbox.requests.list().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /oauth/token 200',
      'GET /personal/banking/accounts 200',
    ]);
  });

  it('asks for a BankID login once the bank revoked the refresh token', async () => {
    const { client } = await loggedIn();
    sandbox.sparebank1.control.revokeRefreshTokens();
    sandbox.clock.advance(11 * 60_000);
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReauthorizationRequiredError);
    expect((error as Error).message).toMatch(/BankID/);
  });

  it('says to renew the client secret when the bank no longer accepts it', async () => {
    const { client } = await loggedIn();
    sandbox.sparebank1.control.expireClientSecret();
    await expect(client.refresh()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('reports the refresh token expiry and warns near the absolute limit', async () => {
    const { client } = await loggedIn({ now: () => sandbox.clock.nowMs() });
    const status = await client.tokenStatus();
    expect(status.authenticated).toBe(true);
    expect(status.needsReauthorizationSoon).toBe(false);
    const absolute = status.refreshTokenAbsoluteExpiresAt?.getTime() ?? 0;
    expect(absolute - sandbox.clock.nowMs()).toBeGreaterThan(300 * 86_400_000);
  });
});

describe('accounts', () => {
  it('answers every account call', async () => {
    const { client } = await loggedIn();
    const accounts = await client.listAccounts(ALL);
    const checking = accounts.find((account) => account.type === 'USER');
    const card = accounts.find((account) => account.type === 'CREDITCARD');
    expect(checking && card).toBeTruthy();
    if (!checking || !card) return;
    expect(card.creditCardAccountID).toBeTruthy();
    expect((await client.listAccounts()).some((account) => account.type === 'CREDITCARD')).toBe(false);

    expect((await client.getAccount(checking.key)).accountNumber).toBe(checking.accountNumber);
    expect((await client.getDefaultAccount()).key).toBeTruthy();
    expect(await client.getAccountDetails(checking.key)).toBeTypeOf('object');
    expect(Array.isArray((await client.getAccountRoles(checking.key)).roles)).toBe(true);
    const keys = await client.getAccountKeys([checking.accountNumber]);
    expect(keys[checking.accountNumber]).toBe(checking.key);
    const balance = await client.getAccountBalance(checking.accountNumber);
    expect(Number(balance.accountBalance)).toBeCloseTo(checking.balance, 2);
  });
});

describe('transactions', () => {
  it('lists all accounts in one call, classified rows, details and the CSV export', async () => {
    const { client } = await loggedIn();
    const accounts = await client.listAccounts(ALL);
    sandbox.requests.clear();
    const page = await client.listTransactions({ accountKeys: accounts.map((account) => account.key) });
    expect(sandbox.requests.count({ path: '/personal/banking/transactions' })).toBe(1);
    expect(page.errors).toEqual([]);
    expect(new Set(page.resources.map((row) => row.accountKey)).size).toBeGreaterThan(1);

    const recent = await client.listTransactions({
      accountKeys: accounts.map((a) => a.key),
      source: 'RECENT',
    });
    expect(recent.resources.length).toBeGreaterThan(0);
    expect(recent.resources.every((row) => row.source === 'RECENT')).toBe(true);

    const classified = await client.listClassifiedTransactions({ accountKeys: [accounts[0]?.key ?? ''] });
    expect(classified.resources[0]?.transaction.id).toBeTruthy();

    const withDetails = page.resources.find((row) => row.canShowDetails);
    expect(withDetails).toBeTruthy();
    const details = await client.getTransactionDetails(withDetails?.id ?? '');
    expect(details.amount).toBe(withDetails?.amount);
    const classifiedDetails = await client.getClassifiedTransactionDetails(withDetails?.id ?? '');
    expect(classifiedDetails.transaction.amount).toBe(withDetails?.amount);

    const checking = accounts.find((account) => account.type === 'USER');
    const exported = await client.exportTransactionsCsv({
      accountKey: checking?.key ?? '',
      fromDate: new Date(sandbox.clock.nowMs() - 60 * 86_400_000),
      toDate: new Date(sandbox.clock.nowMs()),
    });
    expect(exported.columns).toContain('Dato');
    expect(exported.rows.length).toBeGreaterThan(0);
    expect(exported.rows[0]?.Dato).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });

  it('surfaces a partial failure', async () => {
    const { client } = await loggedIn();
    const accounts = await client.listAccounts(ALL);
    sandbox.sparebank1.control.setPartialFailure(['CREDIT_ACCOUNTS_FAILED']);
    const page = await client.listTransactions({ accountKeys: accounts.map((account) => account.key) });
    expect(page.errors).toEqual(['CREDIT_ACCOUNTS_FAILED']);
  });
});

describe('SpareBank1Provider', () => {
  it('maps accounts and gives the same transaction ids on every fetch, with Oslo booking dates', async () => {
    const { client } = await loggedIn();
    const provider = new SpareBank1Provider(client, { now: () => sandbox.clock.nowMs() });
    const accounts = await provider.listAccounts();
    expect(accounts.some((account) => account.type === 'card')).toBe(true);
    expect(accounts.every((account) => /^-?\d+\.\d{2}$/.test(account.balance.amount))).toBe(true);

    const first = await provider.listTransactions();
    const second = await provider.listTransactions();
    expect(first.resources.length).toBeGreaterThan(0);
    const bankIds = (page: typeof first) => page.resources.map((t) => (t.raw as { id: string }).id);
    expect(bankIds(second)).not.toEqual(bankIds(first));
    expect(second.resources.map((t) => t.id)).toEqual(first.resources.map((t) => t.id));
    expect(new Set(first.resources.map((t) => t.id)).size).toBe(first.resources.length);

    // Booking dates are the bank's own Oslo dates.
    const checking = accounts.find((account) => account.type === 'checking');
    const held = sandbox.sparebank1.control.transactions(checking?.id ?? '');
    const mine = first.resources.filter((t) => t.accountId === checking?.id);
    const heldDates = new Set(held.map((row) => row.date));
    expect(mine.length).toBeGreaterThan(0);
    for (const t of mine) expect(heldDates.has(t.bookingDate)).toBe(true);
  });
});

describe('transfers', () => {
  async function setup() {
    const made = await loggedIn();
    const accounts = sandbox.sparebank1.control.accounts();
    const checking = accounts.find((account) => account.kind === 'checking');
    const savings = accounts.find((account) => account.kind === 'savings');
    const card = accounts.find((account) => account.kind === 'creditCard');
    const pension = accounts.find((account) => account.kind === 'pension');
    if (!checking || !savings || !card?.creditCardAccountId || !pension?.policyNumber) {
      throw new Error('the sandbox lacks the accounts these tests need');
    }
    return { ...made, checking, savings, card, pension };
  }

  it('moves money once, and flags an identical second transfer as a duplicate', async () => {
    const { client, checking, savings } = await setup();
    const input = {
      amount: '125.50',
      fromAccount: checking.accountNumber,
      toAccount: savings.accountNumber,
      message: 'Sparing',
    };
    const first = await client.createTransfer(input);
    expect(first.paymentId).toBeTruthy();
    expect(first.warnings).not.toContain('DUPLICATE_PAYMENT_EXISTS');
    const second = await client.createTransfer(input);
    expect(second.warnings).toContain('DUPLICATE_PAYMENT_EXISTS');
    expect(sandbox.sparebank1.control.transfers()).toHaveLength(2);
    const savingsAfter = sandbox.sparebank1.control.accounts().find((account) => account.key === savings.key);
    expect(Number(savingsAfter?.balance)).toBeCloseTo(Number(savings.balance) + 251, 2);
  });

  it('pays a credit card and a pension agreement', async () => {
    const { client, checking, card, pension } = await setup();
    const toCard = await client.transferToCreditCard({
      amount: '300',
      fromAccount: checking.accountNumber,
      creditCardAccountId: card.creditCardAccountId ?? '',
    });
    const toPension = await client.transferToPension({
      amount: '100.00',
      fromAccount: checking.accountNumber,
      policyNumber: pension.policyNumber ?? '',
    });
    expect(toCard.paymentId && toPension.paymentId).toBeTruthy();
    expect(sandbox.sparebank1.control.transfers()).toHaveLength(2);
  });

  it('fail-after-apply: outcome unknown, exactly one transfer at the bank, no second request', async () => {
    for (const reset of [false, true]) {
      sandbox.sparebank1.control.reset();
      sandbox.requests.clear();
      const { client, checking, savings } = await setup();
      sandbox.faults.set({
        provider: 'sparebank1',
        method: 'POST',
        path: '/personal/banking/transfer/debit',
        kind: 'fail-after-apply',
        reset,
        times: 1,
      });
      const error = await client
        .createTransfer({
          amount: '42.00',
          fromAccount: checking.accountNumber,
          toAccount: savings.accountNumber,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
      expect((error as Error).message).toMatch(/check the account|Check the account/);
      expect(sandbox.sparebank1.control.transfers()).toHaveLength(1);
      expect(sandbox.requests.count({ method: 'POST', path: '/personal/banking/transfer/debit' })).toBe(1);
      sandbox.faults.clear();
    }
  });

  it('general.error after booking is an unknown outcome; not.completed is a plain error with nothing moved', async () => {
    const { client, checking, savings } = await setup();
    const input = { amount: '10.00', fromAccount: checking.accountNumber, toAccount: savings.accountNumber };

    sandbox.sparebank1.control.failNextTransfer('general.error', { afterBooking: true });
    await expect(client.createTransfer(input)).rejects.toBeInstanceOf(TransferOutcomeUnknownError);
    expect(sandbox.sparebank1.control.transfers()).toHaveLength(1);

    sandbox.sparebank1.control.failNextTransfer('general.error.transfer.not.completed');
    const error = await client.createTransfer(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError);
    expect((error as HttpError).providerCode).toBe('general.error.transfer.not.completed');
    expect(sandbox.sparebank1.control.transfers()).toHaveLength(1);
    expect(sandbox.requests.count({ method: 'POST', path: '/personal/banking/transfer/debit' })).toBe(2);
  });

  it('reports the bank refusal codes', async () => {
    const { client, checking, savings } = await setup();
    sandbox.sparebank1.control.failNextTransfer('insufficient.funds');
    const error = await client
      .createTransfer({
        amount: '10.00',
        fromAccount: checking.accountNumber,
        toAccount: savings.accountNumber,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 403, providerCode: 'insufficient.funds' });
    expect(sandbox.sparebank1.control.transfers()).toHaveLength(0);
  });
});
