import { inspect } from 'node:util';
import {
  AuthenticationError,
  ConfigurationError,
  HttpError,
  MemoryTokenStore,
  type TokenSet,
  UserAuthenticationError,
} from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { UserClient, type UserClientOptions } from '../src/index.js';
import { FAST_RETRY } from './support/clients.js';
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

const EMAIL = 'john@doe.com';
const PASSWORD = 'user-password-7f3a9c';

function tokenNumber(n: number): string {
  return `${String(n).padStart(40, 'a')}-ccfd8af0-af98-4c45-b954-8ce6f2354d40`;
}

function authAnswer(n: number, expiresInMs = 2 * 3600_000) {
  return json(200, {
    access_token: tokenNumber(n),
    expires_at: new Date(Date.now() + expiresInMs).toISOString(),
    user: fx.userLegacy,
  });
}

function emailClient(overrides: Partial<UserClientOptions> = {}): UserClient {
  return new UserClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: ORIGIN,
    retry: FAST_RETRY,
    email: EMAIL,
    password: PASSWORD,
    ...overrides,
  });
}

const accounts = json(200, fx.envelope([fx.checkingAccount]));

describe('UserClient authentication strategies', () => {
  it('authenticates by email and password on first use, then sends the token', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(1));
    const list = intercept('GET', '/v2/accounts', accounts);
    const user = emailClient();
    expect(user.isAuthenticated()).toBe(false);

    await user.listAccounts();

    expect(JSON.parse(auth[0]?.body ?? '')).toEqual({ email: EMAIL, password: PASSWORD });
    expect(auth[0]?.headers.get('authorization')).toBeNull();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(1)}`);
    expect(user.isAuthenticated()).toBe(true);
    expect(user.userUuid).toBe(fx.userLegacy.uuid);
    expect(typeof user.userUuid).toBe('string');
  });

  it('authenticates by user uuid', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(2));
    intercept('GET', '/v2/accounts', accounts);
    await emailClient({ email: undefined, password: undefined, userUuid: fx.userNew.uuid }).listAccounts();
    expect(JSON.parse(auth[0]?.body ?? '')).toEqual({ user_uuid: fx.userNew.uuid });
  });

  it('authenticates by external user id', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(3));
    intercept('GET', '/v2/accounts', accounts);
    await emailClient({
      email: undefined,
      password: undefined,
      externalUserId: 'A6JEJIID1919BDS',
    }).listAccounts();
    expect(JSON.parse(auth[0]?.body ?? '')).toEqual({ external_user_id: 'A6JEJIID1919BDS' });
  });

  it('rejects options with no way to authenticate', () => {
    expect(() => new UserClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })).toThrow(
      ConfigurationError,
    );
  });

  it('names the missing half of email + password', () => {
    expect(() => emailClient({ password: undefined })).toThrow(/password is missing/);
    expect(() => emailClient({ email: undefined })).toThrow(/email is missing/);
  });

  it('turns a 401 on /authenticate into AuthenticationError, with no secret in it', async () => {
    intercept('POST', '/v2/authenticate', bridgeError(401, 'unauthorized', 'Invalid credentials'));
    const error = await emailClient()
      .listAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      providerCode: 'unauthorized',
      providerMessage: 'Invalid credentials',
    });
    const shown = `${String(error)} ${JSON.stringify(error)} ${inspect(error)}`;
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(CLIENT_SECRET);
  });
});

describe('UserClient externally managed tokens', () => {
  const base = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: ORIGIN };

  it('needs userUuid, accessToken and expiresAt together, naming the missing ones', () => {
    expect(() => new UserClient({ ...base, accessToken: ACCESS_TOKEN })).toThrow(
      /missing: userUuid, expiresAt/,
    );
    expect(() => new UserClient({ ...base, userUuid: 'u-1', expiresAt: new Date() })).toThrow(
      /missing: accessToken/,
    );
    expect(() => new UserClient({ ...base, userUuid: 'u-1', accessToken: ACCESS_TOKEN })).toThrow(
      ConfigurationError,
    );
  });

  it('rejects a naive expiresAt string clearly, and accepts one with Z or an offset', () => {
    const options = { ...base, userUuid: 'u-1', accessToken: ACCESS_TOKEN };
    expect(() => new UserClient({ ...options, expiresAt: '2099-01-01T10:00:00' })).toThrow(/time zone/);
    expect(() => new UserClient({ ...options, expiresAt: 'tomorrow' })).toThrow(ConfigurationError);
    expect(() => new UserClient({ ...options, expiresAt: new Date('nope') })).toThrow(/invalid Date/);
    const utc = new UserClient({ ...options, expiresAt: '2099-01-01T10:00:00Z' });
    const offset = new UserClient({ ...options, expiresAt: '2099-01-01T12:00:00+02:00' });
    expect(utc.tokens?.expiresAt.toISOString()).toBe('2099-01-01T10:00:00.000Z');
    expect(offset.tokens?.expiresAt.toISOString()).toBe('2099-01-01T10:00:00.000Z');
  });

  it('uses the given token without authenticating', async () => {
    const list = intercept('GET', '/v2/accounts', accounts);
    const user = new UserClient({
      ...base,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(user.isAuthenticated()).toBe(true);
    expect(user.userUuid).toBe('u-1');
    await user.listAccounts();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });
});

describe('UserClient token lifecycle', () => {
  it('isAuthenticated is local and honours the margin (default one minute)', () => {
    const now = Date.parse('2024-01-01T10:00:00Z');
    const user = new UserClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date(now + 120_000),
      now: () => now,
    });
    expect(user.isAuthenticated()).toBe(true);
    expect(user.isAuthenticated(119_999)).toBe(true);
    expect(user.isAuthenticated(120_000)).toBe(false);
    expect(user.isAuthenticated(180_000)).toBe(false);
  });

  it('with autoRenew off, rejects with UserAuthenticationError and sends nothing', async () => {
    const user = emailClient({ autoRenew: false });
    await expect(user.listAccounts()).rejects.toBeInstanceOf(UserAuthenticationError);
    await expect(user.getAccount(1)).rejects.toBeInstanceOf(UserAuthenticationError);
  });

  it('with autoRenew off, an expired external token is refused locally', async () => {
    const user = emailClient({
      autoRenew: false,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date(Date.now() + 30_000),
    });
    await expect(user.listTransactions()).rejects.toBeInstanceOf(UserAuthenticationError);
  });

  it('with autoRenew off, a 401 rejects with UserAuthenticationError without authenticating', async () => {
    const list = intercept('GET', '/v2/accounts', bridgeError(401, 'unauthorized', 'revoked'));
    const user = emailClient({
      autoRenew: false,
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(user.isAuthenticated()).toBe(true);
    await expect(user.listAccounts()).rejects.toBeInstanceOf(UserAuthenticationError);
    expect(list).toHaveLength(1);
    expect(user.isAuthenticated()).toBe(false);
  });

  it('with autoRenew off, renewAuth() still authenticates on request', async () => {
    intercept('POST', '/v2/authenticate', authAnswer(4));
    const list = intercept('GET', '/v2/accounts', accounts);
    const user = emailClient({ autoRenew: false });
    const info = await user.renewAuth();
    expect(info.access_token).toBe(tokenNumber(4));
    await user.listAccounts();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(4)}`);
  });

  it('renews before expiry: a token inside the margin is replaced before the call', async () => {
    intercept('POST', '/v2/authenticate', authAnswer(5));
    const list = intercept('GET', '/v2/accounts', accounts);
    const user = emailClient({
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date(Date.now() + 30_000),
    });
    await user.listAccounts();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(5)}`);
  });

  it('on a 401 renews once and repeats the call once', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(6));
    const list = intercept(
      'GET',
      '/v2/accounts',
      (request) =>
        request.headers.get('authorization') === `Bearer ${tokenNumber(6)}`
          ? accounts
          : bridgeError(401, 'unauthorized', 'Token revoked'),
      2,
    );
    const user = emailClient({
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    const page = await user.listAccounts();
    expect(page.resources).toHaveLength(1);
    expect(auth).toHaveLength(1);
    expect(list.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${ACCESS_TOKEN}`,
      `Bearer ${tokenNumber(6)}`,
    ]);
    expect(user.tokens?.accessToken).toBe(tokenNumber(6));
  });

  it('does not loop when the renewed token gets a 401 too', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(7));
    const list = intercept('GET', '/v2/accounts', bridgeError(401, 'unauthorized', 'nope'), 2);
    const user = emailClient({
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    const error = await user.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401 });
    expect(auth).toHaveLength(1);
    expect(list).toHaveLength(2);
  });

  it('makes one /authenticate request however many calls need a token at once', async () => {
    const auth = intercept('POST', '/v2/authenticate', authAnswer(8));
    const list = intercept('GET', '/v2/accounts', accounts, 25);
    const user = emailClient();
    await Promise.all(Array.from({ length: 25 }, () => user.listAccounts()));
    expect(auth).toHaveLength(1);
    expect(new Set(list.map((r) => r.headers.get('authorization')))).toEqual(
      new Set([`Bearer ${tokenNumber(8)}`]),
    );
  });

  it('renewAuth returns Bridge answer as sent, with a non-enumerable response', async () => {
    intercept('POST', '/v2/authenticate', authAnswer(9));
    const user = emailClient();
    const info = await user.renewAuth();
    expect(Object.keys(info).sort()).toEqual(['access_token', 'expires_at', 'user']);
    expect(info.user).toEqual(fx.userLegacy);
    expect(info.response).toBeInstanceOf(Response);
    expect(((await info.response.json()) as { access_token: string }).access_token).toBe(tokenNumber(9));
    expect(user.isAuthenticated()).toBe(true);
  });

  it('logout posts /v2/logout with the token and forgets it, store included', async () => {
    const store = new MemoryTokenStore();
    intercept('POST', '/v2/authenticate', authAnswer(10));
    intercept('GET', '/v2/accounts', accounts);
    const logout = intercept('POST', '/v2/logout', [204]);
    const user = emailClient({ tokenStore: store });
    await user.listAccounts();
    expect(await store.get(`bridge:${CLIENT_ID}:email:${EMAIL}`)).toBeDefined();

    await user.logout();

    expect(logout[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(10)}`);
    expect(user.isAuthenticated()).toBe(false);
    expect(user.tokens).toBeUndefined();
    expect(await store.get(`bridge:${CLIENT_ID}:email:${EMAIL}`)).toBeUndefined();
  });

  it('logout of a token the server already revoked (401) still logs out', async () => {
    intercept('POST', '/v2/logout', bridgeError(401, 'unauthorized', 'gone'));
    const user = emailClient({
      userUuid: 'u-1',
      accessToken: ACCESS_TOKEN,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    await user.logout();
    expect(user.isAuthenticated()).toBe(false);
  });
});

describe('UserClient token store', () => {
  it('reuses a stored valid token instead of authenticating', async () => {
    const store = new MemoryTokenStore();
    const stored: TokenSet = {
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date(Date.now() + 3600_000),
      userUuid: 'u-9',
    };
    await store.set(`bridge:${CLIENT_ID}:email:${EMAIL}`, stored);
    const list = intercept('GET', '/v2/accounts', accounts);

    const user = emailClient({ tokenStore: store });
    await user.ready();
    expect(user.isAuthenticated()).toBe(true);
    expect(user.userUuid).toBe('u-9');
    await user.listAccounts();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('persists each renewal under bridge:<clientId>:<user>', async () => {
    const store = new MemoryTokenStore();
    intercept('POST', '/v2/authenticate', authAnswer(11));
    intercept('GET', '/v2/accounts', accounts);
    await emailClient({
      email: undefined,
      password: undefined,
      externalUserId: 'ext-42',
      tokenStore: store,
    }).listAccounts();
    const saved = await store.get(`bridge:${CLIENT_ID}:external:ext-42`);
    expect(saved?.accessToken).toBe(tokenNumber(11));
    expect(saved?.userUuid).toBe(fx.userLegacy.uuid);
  });

  it('tokenKey names the store slot, so a login is found whichever way it renews', async () => {
    const store = new MemoryTokenStore();
    const auth = intercept('POST', '/v2/authenticate', authAnswer(13));
    intercept('GET', '/v2/accounts', accounts, 2);
    await emailClient({ tokenStore: store, tokenKey: 'myapp:bridge' }).listAccounts();
    expect((await store.get('myapp:bridge'))?.accessToken).toBe(tokenNumber(13));
    expect(await store.get(`bridge:${CLIENT_ID}:email:${EMAIL}`)).toBeUndefined();

    await emailClient({
      email: undefined,
      password: undefined,
      userUuid: fx.userLegacy.uuid,
      tokenStore: store,
      tokenKey: 'myapp:bridge',
    }).listAccounts();
    expect(auth).toHaveLength(1);
  });

  it('a client that adopts a token another client renewed reports it in isAuthenticated()', async () => {
    const store = new MemoryTokenStore();
    const key = `bridge:${CLIENT_ID}:email:${EMAIL}`;
    // A token about to expire: inside the one-minute margin.
    await store.set(key, { accessToken: ACCESS_TOKEN, expiresAt: new Date(Date.now() + 30_000) });
    const auth = intercept('POST', '/v2/authenticate', authAnswer(14));
    const list = intercept('GET', '/v2/accounts', accounts, 2);

    const first = emailClient({ tokenStore: store });
    await first.ready();
    expect(first.isAuthenticated()).toBe(false);
    await emailClient({ tokenStore: store }).listAccounts();
    await first.listAccounts();

    expect(auth).toHaveLength(1);
    expect(list[1]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(14)}`);
    expect(first.isAuthenticated()).toBe(true);
  });

  it('a second client on the same store does not authenticate again', async () => {
    const store = new MemoryTokenStore();
    const auth = intercept('POST', '/v2/authenticate', authAnswer(12));
    intercept('GET', '/v2/accounts', accounts, 2);
    await emailClient({ tokenStore: store }).listAccounts();
    await emailClient({ tokenStore: store }).listAccounts();
    expect(auth).toHaveLength(1);
  });
});
