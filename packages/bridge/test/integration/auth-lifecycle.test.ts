import { AuthenticationError, MemoryTokenStore, UserAuthenticationError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { UserClient } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const env = useSandbox();
const TWO_HOURS = 2 * 3600_000;

const authCalls = () => env.sandbox.requests.count({ method: 'POST', path: '/v2/authenticate' });

describe('Bridge auth lifecycle against the sandbox', () => {
  it('authenticates on first use with email and password, once', async () => {
    const user = env.user();
    await user.listAccounts();
    await user.listItems();
    expect(authCalls()).toBe(1);
    expect(user.isAuthenticated()).toBe(true);
    expect(user.userUuid).toBe(env.demo.uuid);
  });

  it('authenticates by user uuid and by external user id', async () => {
    const byUuid = env.user({ email: undefined, password: undefined, userUuid: env.demo.uuid });
    const info = await byUuid.renewAuth();
    expect(info.user.uuid).toBe(env.demo.uuid);
    const external = env.sandbox.bridge.control.user(env.demo.email)?.externalUserId;
    expect(external).toBeTruthy();
    const byExternal = env.user({ email: undefined, password: undefined, externalUserId: external ?? '' });
    expect((await (await byExternal.listAccounts()).fetchAll()).length).toBeGreaterThan(0);
  });

  it('refused credentials give AuthenticationError', async () => {
    await expect(env.user({ password: 'wrong-password' }).listAccounts()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('after the token expires on the sandbox clock, a 401 renews once and repeats the call', async () => {
    const user = env.user();
    await user.listAccounts();
    env.sandbox.clock.advance(TWO_HOURS + 60_000);
    env.sandbox.requests.clear();

    const page = await user.listAccounts();

    expect(page.resources.length).toBeGreaterThan(0);
    expect(
      env.sandbox.requests.list().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['GET /v2/accounts 401', 'POST /v2/authenticate 200', 'GET /v2/accounts 200']);
  });

  it('with the client on the sandbox clock, renews before expiry without any 401', async () => {
    const user = env.user({ now: () => env.sandbox.clock.nowMs() });
    await user.listAccounts();
    env.sandbox.clock.advance(TWO_HOURS - 30_000);
    expect(user.isAuthenticated()).toBe(false);
    env.sandbox.requests.clear();

    await user.listAccounts();

    expect(
      env.sandbox.requests.list().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['POST /v2/authenticate 200', 'GET /v2/accounts 200']);
    expect(user.isAuthenticated()).toBe(true);
  });

  it('with autoRenew off, a call without a token rejects and sends nothing', async () => {
    const user = env.user({ autoRenew: false });
    await expect(user.listAccounts()).rejects.toBeInstanceOf(UserAuthenticationError);
    expect(env.sandbox.requests.count()).toBe(0);
    await user.renewAuth();
    await expect(user.listAccounts()).resolves.toBeDefined();
  });

  it('uses externally managed tokens without authenticating', async () => {
    const info = await env.app().authenticateUser({ email: env.demo.email, password: env.demo.password });
    env.sandbox.requests.clear();
    const user = new UserClient({
      clientId: env.sandbox.bridge.clientId,
      clientSecret: env.sandbox.bridge.clientSecret,
      baseUrl: env.sandbox.bridge.baseUrl,
      userUuid: info.user.uuid,
      accessToken: info.access_token,
      expiresAt: info.expires_at,
      autoRenew: false,
    });
    expect(user.isAuthenticated()).toBe(true);
    await user.listTransactions({ limit: 10 });
    expect(authCalls()).toBe(0);
  });

  it('a token revoked by a logout elsewhere: 401, renew, repeat once', async () => {
    const user = env.user();
    await user.listAccounts();
    const tokens = user.tokens;
    if (!tokens?.userUuid) throw new Error('no tokens');
    // Another process holding the same token logs out: the token dies on the server only.
    const other = env.user({
      userUuid: tokens.userUuid,
      accessToken: tokens.accessToken,
      expiresAt: tokens.expiresAt,
    });
    await other.logout();
    expect(user.isAuthenticated()).toBe(true);
    env.sandbox.requests.clear();

    await user.listStocks();

    expect(
      env.sandbox.requests.list().map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
    ).toEqual(['GET /v2/stocks 401', 'POST /v2/authenticate 200', 'GET /v2/stocks 200']);
  });

  it('logout revokes the token on the server and forgets it locally', async () => {
    const user = env.user();
    await user.listAccounts();
    const token = user.tokens?.accessToken;
    await user.logout();
    expect(user.isAuthenticated()).toBe(false);
    const stale = env.user({
      autoRenew: false,
      userUuid: env.demo.uuid,
      accessToken: token,
      expiresAt: new Date(Date.now() + TWO_HOURS),
    });
    await expect(stale.listAccounts()).rejects.toBeInstanceOf(UserAuthenticationError);
    expect(env.sandbox.requests.list({ path: '/v2/accounts' }).at(-1)?.status).toBe(401);
  });

  it('a token store lets a new client skip /authenticate', async () => {
    const store = new MemoryTokenStore();
    await env.user({ tokenStore: store }).listAccounts();
    const second = env.user({ tokenStore: store });
    await second.ready();
    expect(second.isAuthenticated()).toBe(true);
    await second.listAccounts();
    expect(authCalls()).toBe(1);
  });

  it('makes one /authenticate request for many concurrent calls', async () => {
    const user = env.user();
    await Promise.all(Array.from({ length: 20 }, () => user.listAccounts()));
    expect(authCalls()).toBe(1);
  });
});
