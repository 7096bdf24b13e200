import { MemoryTokenStore } from '@bankkit/core';
import { AppClient, UserClient, type UserClientOptions } from '../../src/v3/index.js';
import { FAST_RETRY } from '../support/clients.js';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, json, ORIGIN } from '../support/mock-bridge.js';

/** The version header every v3 request carries. */
export const V3_VERSION = '2025-01-15';
export const USER_UUID = '5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d';

export function appClient(): AppClient {
  return new AppClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: ORIGIN,
    retry: FAST_RETRY,
  });
}

/** The default store key of the v3 user client below. */
export const TOKEN_KEY = `bridge-v3:${CLIENT_ID}:uuid:${USER_UUID}`;

/** A store already holding a valid token for {@link USER_UUID}, so the client asks for none. */
export async function storeWithToken(expiresInMs = 2 * 3600_000): Promise<MemoryTokenStore> {
  const store = new MemoryTokenStore();
  await store.set(TOKEN_KEY, {
    accessToken: ACCESS_TOKEN,
    expiresAt: new Date(Date.now() + expiresInMs),
    userUuid: USER_UUID,
  });
  return store;
}

/** A v3 user client by uuid; pass `tokenStore: await storeWithToken()` to start with a token. */
export function userClient(overrides: Partial<UserClientOptions> = {}): UserClient {
  return new UserClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: ORIGIN,
    retry: FAST_RETRY,
    userUuid: USER_UUID,
    ...overrides,
  } as UserClientOptions);
}

export function tokenNumber(n: number): string {
  return `${String(n).padStart(40, 'b')}-ccfd8af0-af98-4c45-b954-8ce6f2354d40`;
}

/** The 201 answer of the token endpoint. */
export function tokenAnswer(n: number, expiresInMs = 2 * 3600_000) {
  return json(201, {
    access_token: tokenNumber(n),
    expires_at: new Date(Date.now() + expiresInMs).toISOString(),
    user: { uuid: USER_UUID },
  });
}

/** Bridge 2025-01-15's error envelope. */
export function v3Error(status: number, code: string, message: string, property?: string) {
  return json(status, property === undefined ? { code, message } : { code, property, message });
}
