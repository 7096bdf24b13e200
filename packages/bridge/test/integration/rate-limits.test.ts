import { isRateLimitError, type PacingWait } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import type { BridgeRateLimits } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

// Bridge's limits scaled down to a fraction of a second, so that a few dozen requests meet them.
const WINDOW_SECONDS = 0.3;
const limits: BridgeRateLimits = {
  perApp: { limit: 12, windowMs: WINDOW_SECONDS * 1000 },
  perUser: { limit: 5, windowMs: WINDOW_SECONDS * 1000 },
  tokenPerUser: { limit: 2, windowMs: WINDOW_SECONDS * 1000 },
};
const env = useSandbox({
  rateLimits: true,
  bridge: {
    users: 3,
    transactionsPerUser: 600,
    rateLimits: {
      perApp: { limit: limits.perApp.limit, windowSeconds: WINDOW_SECONDS },
      perUser: { limit: limits.perUser.limit, windowSeconds: WINDOW_SECONDS },
      authenticate: { limit: limits.tokenPerUser.limit, windowSeconds: WINDOW_SECONDS },
    },
  },
});

const refused = () => env.sandbox.requests.count({ status: 429 });

describe('pacing against the sandbox enforcing the limits', () => {
  it('without pacing, a long listing runs into the per-user limit', async () => {
    const user = env.user({ pacing: false, retry: false });
    const first = await user.listTransactions({ limit: 50 });
    await expect(first.fetchAll()).rejects.toSatisfy(isRateLimitError);
    expect(refused()).toBeGreaterThan(0);
  });

  it('with pacing, the whole listing arrives with no 429, and the waits are reported', async () => {
    const waits: PacingWait[] = [];
    const user = env.user({ pacing: { limits, onWait: (wait) => waits.push(wait) }, retry: false });
    const all = await (await user.listTransactions({ limit: 50 })).fetchAll();
    expect(all).toHaveLength(600);
    expect(refused()).toBe(0);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((wait) => wait.limit === 'per user: 5 requests / 0.3 s')).toBe(true);
  });

  it('three users listing at once share the app window with no 429', async () => {
    const users = env.sandbox.bridge.users.map((seed) =>
      env.user({ email: seed.email, password: seed.password, pacing: { limits }, retry: false }),
    );
    const lists = await Promise.all(
      users.map(async (user) => (await user.listTransactions({ limit: 100 })).fetchAll()),
    );
    expect(lists.map((list) => list.length)).toEqual([600, 600, 600]);
    expect(refused()).toBe(0);
  });

  it('token requests stay within their own window', async () => {
    const clients = Array.from({ length: 5 }, () => env.user({ pacing: { limits }, retry: false }));
    for (const client of clients) await client.listAccounts();
    expect(env.sandbox.requests.count({ method: 'POST', path: '/v2/authenticate' })).toBe(5);
    expect(refused()).toBe(0);
  });
});
