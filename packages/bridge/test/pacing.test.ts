import {
  ConfigurationError,
  MemoryPacingStore,
  type PacingClaim,
  type PacingWait,
  sharedPacingStore,
} from '@bankkit/core';
import { describe, expect, it, vi } from 'vitest';
import { AppClient, BRIDGE_RATE_LIMITS, UserClient } from '../src/index.js';
import { FAST_RETRY } from './support/clients.js';
import * as fx from './support/fixtures.js';
import { CLIENT_ID, CLIENT_SECRET, intercept, json, ORIGIN } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

/** A store that counts like the default one and records which windows each request claimed. */
function recordingStore() {
  const memory = new MemoryPacingStore();
  const claimed: string[][] = [];
  const store = {
    tryAcquire(claims: readonly PacingClaim[], nowMs: number) {
      claimed.push(claims.map((claim) => `${claim.label} @ ${claim.key}`));
      return memory.tryAcquire(claims, nowMs);
    },
    release: memory.release.bind(memory),
  };
  return { store, claimed };
}

const scope = `bridge|${ORIGIN}|${CLIENT_ID}`;

describe('Bridge pacing', () => {
  it('paces by the documented limits: the app on every request, the user with a token, the token calls per user', async () => {
    const { store, claimed } = recordingStore();
    intercept('POST', '/v2/authenticate', json(200, fx.authInfo));
    intercept('GET', '/v2/accounts', json(200, fx.envelope([])));
    const user = new UserClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: ORIGIN,
      email: 'john@doe.com',
      password: 'secret-password',
      pacing: { store },
    });
    await user.listAccounts();
    expect(claimed).toEqual([
      [
        `per app: 2000 requests / 5 min @ ${scope}|app`,
        `token requests per user: 10 requests / 1 min @ ${scope}|token|email:john@doe.com`,
      ],
      [
        `per app: 2000 requests / 5 min @ ${scope}|app`,
        `per user: 60 requests / 1 min @ ${scope}|user|email:john@doe.com`,
      ],
    ]);
    expect(BRIDGE_RATE_LIMITS).toEqual({
      perApp: { limit: 2000, windowMs: 300_000 },
      perUser: { limit: 60, windowMs: 60_000 },
      tokenPerUser: { limit: 10, windowMs: 60_000 },
    });
  });

  it('app-scoped calls take a slot in the app window only', async () => {
    const { store, claimed } = recordingStore();
    intercept('GET', '/v2/banks', json(200, fx.envelope([])));
    const app = new AppClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: ORIGIN,
      pacing: { store },
    });
    await app.listBanks();
    expect(claimed).toEqual([[`per app: 2000 requests / 5 min @ ${scope}|app`]]);
  });

  it('clients of one app share its window by default, across users and client objects', async () => {
    intercept('GET', '/v2/accounts', json(200, fx.envelope([])), 2);
    const waits: PacingWait[] = [];
    const limits = { perApp: { limit: 2, windowMs: 3_600_000 } };
    const client = (userUuid: string) =>
      new UserClient({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        baseUrl: ORIGIN,
        userUuid,
        accessToken: fx.authInfo.access_token,
        expiresAt: '2099-01-01T00:00:00Z',
        pacing: { limits, onWait: (wait) => waits.push(wait) },
      });
    await client('user-a').listAccounts();
    await client('user-b').listAccounts();
    const controller = new AbortController();
    const third = client('user-c').listAccounts({ signal: controller.signal });
    await expect.poll(() => waits.length).toBe(1);
    expect(waits[0]).toMatchObject({
      provider: 'bridge',
      limit: 'per app: 2 requests / 60 min',
      method: 'GET',
    });
    expect(waits[0]?.waitMs).toBeGreaterThan(3_500_000);
    controller.abort(new Error('no need any more'));
    // Never sent (nock would refuse it): it ends with the caller's reason.
    await expect(third).rejects.toThrow('no need any more');
  });

  it('retries are paced like first attempts', async () => {
    const { store, claimed } = recordingStore();
    intercept('GET', '/v2/banks', json(503, { type: 'unavailable', message: 'later' }));
    intercept('GET', '/v2/banks', json(200, fx.envelope([])));
    const app = new AppClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      baseUrl: ORIGIN,
      retry: FAST_RETRY,
      pacing: { store },
    });
    await app.listBanks();
    expect(claimed).toHaveLength(2);
  });

  it('is off with pacing: false, and off by default on loopback (the sandbox)', async () => {
    const shared = vi.spyOn(sharedPacingStore(), 'tryAcquire');
    const { store, claimed } = recordingStore();
    const connection = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
    intercept('GET', '/v2/banks', json(200, fx.envelope([])));
    await new AppClient({ ...connection, baseUrl: ORIGIN, pacing: false }).listBanks();
    expect(shared).not.toHaveBeenCalled();

    // A local server, answered by an injected fetch: nothing is sent anywhere.
    const local = {
      ...connection,
      baseUrl: 'http://127.0.0.1:9',
      fetch: async () => Response.json(fx.envelope([])),
    };
    await new AppClient(local).listBanks();
    expect(shared).not.toHaveBeenCalled();
    await new AppClient({ ...local, pacing: { store } }).listBanks();
    expect(claimed).toHaveLength(1);

    intercept('GET', '/v2/banks', json(200, fx.envelope([])));
    await new AppClient({ ...connection, baseUrl: ORIGIN }).listBanks();
    expect(shared).toHaveBeenCalledTimes(1);
    shared.mockRestore();
  });

  it('refuses limits that cannot work', () => {
    expect(
      () =>
        new AppClient({
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          pacing: { limits: { perUser: { limit: 0, windowMs: 60_000 } } },
        }),
    ).toThrow(ConfigurationError);
  });
});
