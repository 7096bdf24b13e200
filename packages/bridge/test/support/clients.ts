import { AppClient, UserClient, type UserClientOptions } from '../../src/index.js';
import { ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, ORIGIN } from './mock-bridge.js';

/** Retries as fast as possible, so fault tests take milliseconds. */
export const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 5 };

export function appClient(): AppClient {
  return new AppClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: ORIGIN,
    retry: FAST_RETRY,
  });
}

/** A user client holding a valid, externally managed token (so no /authenticate call). */
export function userClient(overrides: Partial<UserClientOptions> = {}): UserClient {
  return new UserClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: ORIGIN,
    retry: FAST_RETRY,
    userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
    accessToken: ACCESS_TOKEN,
    expiresAt: new Date(Date.now() + 2 * 3600_000),
    ...overrides,
  });
}
