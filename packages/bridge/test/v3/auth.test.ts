import { inspect } from 'node:util';
import {
  AuthenticationError,
  ConfigurationError,
  HttpError,
  MemoryTokenStore,
  UserAuthenticationError,
} from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, intercept, json } from '../support/mock-bridge.js';
import { useNock } from '../support/setup.js';
import * as fx from './fixtures.js';
import {
  TOKEN_KEY,
  tokenAnswer,
  tokenNumber,
  USER_UUID,
  userClient,
  V3_VERSION,
  v3Error,
} from './support.js';

useNock();

const TOKEN_PATH = '/v3/aggregation/authorization/token';
const items = json(200, fx.envelope([fx.item]));

describe('v3 UserClient tokens', () => {
  it('asks for a token on first use with the app headers only, then sends app headers and bearer', async () => {
    const token = intercept('POST', TOKEN_PATH, tokenAnswer(1));
    const list = intercept('GET', '/v3/aggregation/items', items);
    const user = userClient();
    expect(user.isAuthenticated()).toBe(false);
    expect(user.userUuid).toBe(USER_UUID);
    expect(user.tokens).toBeUndefined();
    await user.listItems();

    expect(token).toHaveLength(1);
    const [sent] = token;
    expect(JSON.parse(sent?.body ?? '')).toEqual({ user_uuid: USER_UUID });
    expect(sent?.headers.get('authorization')).toBeNull();
    expect(sent?.headers.get('client-id')).toBe(CLIENT_ID);
    expect(sent?.headers.get('client-secret')).toBe(CLIENT_SECRET);
    expect(sent?.headers.get('bridge-version')).toBe(V3_VERSION);
    expect(sent?.headers.get('content-type')).toMatch(/^application\/json/);

    const [call] = list;
    expect(call?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(1)}`);
    expect(call?.headers.get('client-id')).toBe(CLIENT_ID);
    expect(call?.headers.get('client-secret')).toBe(CLIENT_SECRET);
    expect(call?.headers.get('bridge-version')).toBe(V3_VERSION);
    expect(user.isAuthenticated()).toBe(true);
    expect(user.userUuid).toBe(USER_UUID);
  });

  it('asks by external user id when given one', async () => {
    const token = intercept('POST', TOKEN_PATH, tokenAnswer(1));
    intercept('GET', '/v3/aggregation/items', items);
    const user = userClient({ userUuid: undefined, externalUserId: 'customer-42' } as never);
    expect(user.userUuid).toBeUndefined();
    await user.listItems();
    expect(JSON.parse(token[0]?.body ?? '')).toEqual({ external_user_id: 'customer-42' });
    expect(user.userUuid).toBe(USER_UUID);
  });

  it('makes one token request however many calls wait for it', async () => {
    const token = intercept('POST', TOKEN_PATH, tokenAnswer(1));
    const list = intercept('GET', '/v3/aggregation/items', items, 5);
    const user = userClient();
    await Promise.all(Array.from({ length: 5 }, () => user.listItems()));
    expect(token).toHaveLength(1);
    expect(list.map((r) => r.headers.get('authorization'))).toEqual(
      Array(5).fill(`Bearer ${tokenNumber(1)}`),
    );
  });

  it('renews before expiry: a token within a minute of it is not used', async () => {
    const store = new MemoryTokenStore();
    await store.set(TOKEN_KEY, { accessToken: tokenNumber(1), expiresAt: new Date(Date.now() + 30_000) });
    const token = intercept('POST', TOKEN_PATH, tokenAnswer(2));
    const list = intercept('GET', '/v3/aggregation/items', items);
    await userClient({ tokenStore: store }).listItems();
    expect(token).toHaveLength(1);
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(2)}`);
    expect((await store.get(TOKEN_KEY))?.accessToken).toBe(tokenNumber(2));
  });

  it('reuses a stored valid token without asking for one', async () => {
    const store = new MemoryTokenStore();
    await store.set(TOKEN_KEY, { accessToken: tokenNumber(7), expiresAt: new Date(Date.now() + 3600_000) });
    const list = intercept('GET', '/v3/aggregation/items', items);
    const user = userClient({ tokenStore: store });
    await user.ready();
    expect(user.isAuthenticated()).toBe(true);
    await user.listItems();
    expect(list[0]?.headers.get('authorization')).toBe(`Bearer ${tokenNumber(7)}`);
  });

  it('renews once after a 401 and repeats the call once', async () => {
    const token = intercept('POST', TOKEN_PATH, (_r, i) => tokenAnswer(i + 1), 2);
    const list = intercept(
      'GET',
      '/v3/aggregation/items',
      (_r, i) => (i === 0 ? v3Error(401, 'invalid_access_token', 'expired') : items),
      2,
    );
    const user = userClient();
    const page = await user.listItems();
    expect(page.resources).toHaveLength(1);
    expect(token).toHaveLength(2);
    expect(list.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${tokenNumber(1)}`,
      `Bearer ${tokenNumber(2)}`,
    ]);
  });

  it('a second 401 is an HttpError with Bridge code, not a loop', async () => {
    intercept('POST', TOKEN_PATH, (_r, i) => tokenAnswer(i + 1), 2);
    intercept('GET', '/v3/aggregation/items', v3Error(401, 'invalid_access_token', 'nope'), 2);
    const error = await userClient()
      .listItems()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401, providerCode: 'invalid_access_token' });
  });

  it('renews after a 401 on a POST too, sending it twice only because the first was refused', async () => {
    intercept('POST', TOKEN_PATH, (_r, i) => tokenAnswer(i + 1), 2);
    const sessions = intercept(
      'POST',
      '/v3/aggregation/connect-sessions',
      (_r, i) => (i === 0 ? v3Error(401, 'invalid_access_token', 'expired') : json(201, fx.connectSession)),
      2,
    );
    const session = await userClient().createConnectSession({ userEmail: 'jane@example.com' });
    expect(session.url).toBe(fx.connectSession.url);
    expect(sessions).toHaveLength(2);
  });

  it('adopts a token another client on the same store renewed, without asking for one more', async () => {
    const tokenStore = new MemoryTokenStore();
    const token = intercept('POST', TOKEN_PATH, (_r, i) => tokenAnswer(i + 1), 2);
    const a = userClient({ tokenStore });
    await a.renewAuth();
    const b = userClient({ tokenStore });
    await b.ready();
    expect(b.tokens?.accessToken).toBe(tokenNumber(1));
    await a.renewAuth();
    // B still sends token 1; Bridge refuses it; B finds token 2 in the store and repeats with it.
    const seen = intercept(
      'GET',
      '/v3/aggregation/items',
      (r) =>
        r.headers.get('authorization') === `Bearer ${tokenNumber(1)}`
          ? v3Error(401, 'invalid_access_token', 'revoked')
          : items,
      2,
    );
    await b.listItems();
    expect(token).toHaveLength(2);
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([
      `Bearer ${tokenNumber(1)}`,
      `Bearer ${tokenNumber(2)}`,
    ]);
    expect(b.tokens?.accessToken).toBe(tokenNumber(2));
    expect(b.isAuthenticated()).toBe(true);
  });

  it('with autoRenew off, a call without a token rejects and sends nothing', async () => {
    const user = userClient({ autoRenew: false });
    await expect(user.listItems()).rejects.toBeInstanceOf(UserAuthenticationError);
  });

  it('renewAuth asks for a token now and returns Bridge answer', async () => {
    intercept('POST', TOKEN_PATH, tokenAnswer(3));
    const user = userClient();
    const answer = await user.renewAuth();
    expect(answer.access_token).toBe(tokenNumber(3));
    expect(answer.user.uuid).toBe(USER_UUID);
    expect(answer.response).toBeInstanceOf(Response);
    expect(answer.response.status).toBe(201);
    expect(user.isAuthenticated()).toBe(true);
    expect(user.tokens?.accessToken).toBe(tokenNumber(3));
  });

  it('isAuthenticated follows expiry with a margin', async () => {
    let now = Date.now();
    intercept('POST', TOKEN_PATH, tokenAnswer(1, 2 * 3600_000));
    const user = userClient({ now: () => now });
    await user.renewAuth();
    expect(user.isAuthenticated()).toBe(true);
    now += 2 * 3600_000 - 30_000;
    expect(user.isAuthenticated()).toBe(false);
    expect(user.isAuthenticated(10_000)).toBe(true);
  });

  it('a refused token request is an AuthenticationError, without the secret anywhere', async () => {
    intercept(
      'POST',
      TOKEN_PATH,
      v3Error(401, 'invalid_client_credentials', 'The client id and secret are invalid'),
    );
    const error = await userClient()
      .listItems()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ providerCode: 'invalid_client_credentials', status: 401 });
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`;
    expect(text).not.toContain(CLIENT_SECRET);
  });

  it('an unknown external user (404) stays an HttpError with Bridge code', async () => {
    intercept('POST', TOKEN_PATH, v3Error(404, 'not_found', 'User not found'));
    const error = await userClient({ userUuid: undefined, externalUserId: 'nobody' } as never)
      .listItems()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, providerCode: 'not_found' });
  });

  it('never shows the access token in an error', async () => {
    intercept('POST', TOKEN_PATH, tokenAnswer(4));
    intercept('GET', '/v3/aggregation/items', v3Error(500, 'internal_server_error', 'boom'), 3);
    const error = await userClient()
      .listItems()
      .catch((e: unknown) => e);
    expect(`${(error as Error).message} ${JSON.stringify(error)} ${inspect(error)}`).not.toContain(
      tokenNumber(4),
    );
  });

  it('needs exactly one of userUuid or externalUserId', () => {
    expect(() => userClient({ userUuid: undefined } as never)).toThrow(ConfigurationError);
    expect(() => userClient({ externalUserId: 'x' } as never)).toThrow(ConfigurationError);
    expect(() => userClient({ userUuid: ' ' })).toThrow(ConfigurationError);
  });
});
