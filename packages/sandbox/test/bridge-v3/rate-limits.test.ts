import { describe, expect, it } from 'vitest';
import { startV3, v3ErrorOf } from './helpers.js';

describe('Bridge v3 rate limits (documented values)', () => {
  it('allows 60 requests per user per 60 s (v2 and v3 together), then 429 too_many_requests without Retry-After', async () => {
    const h = await startV3({ rateLimits: true, bridge: { transactionsPerUser: 10 } });
    try {
      const token = await h.token();
      for (let i = 0; i < 50; i++)
        expect((await h.call('/v3/aggregation/accounts', { token })).status).toBe(200);
      const v2 = { ...h.app, 'Bridge-Version': '2021-06-01', Authorization: `Bearer ${token}` };
      for (let i = 0; i < 10; i++)
        expect((await fetch(`${h.base}/v2/accounts`, { headers: v2 })).status).toBe(200);
      const limited = await h.call('/v3/aggregation/items', { token });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(await v3ErrorOf(limited)).toEqual({ code: 'too_many_requests', message: expect.any(String) });
      // Another user is not affected.
      const other = (await (await h.call('/v3/aggregation/users', { method: 'POST' })).json()) as {
        uuid: string;
      };
      expect(
        (await h.call('/v3/aggregation/items', { token: await h.token({ user_uuid: other.uuid }) })).status,
      ).toBe(200);
      h.sandbox.clock.advance(60_001);
      expect((await h.call('/v3/aggregation/items', { token })).status).toBe(200);
    } finally {
      await h.sandbox.close();
    }
  });

  it('allows 10 token calls per user per 60 s, by uuid or external id alike', async () => {
    const h = await startV3({ rateLimits: true, bridge: { transactionsPerUser: 0 } });
    try {
      const uuid = h.sandbox.bridge.users[0]?.uuid as string;
      for (let i = 0; i < 5; i++) await h.token({ user_uuid: uuid });
      for (let i = 0; i < 5; i++) await h.token({ external_user_id: 'bankkit-demo-user' });
      const limited = await h.call('/v3/aggregation/authorization/token', {
        method: 'POST',
        body: { user_uuid: uuid },
      });
      expect(limited.status).toBe(429);
      expect((await v3ErrorOf(limited)).code).toBe('too_many_requests');
      h.sandbox.clock.advance(60_001);
      expect(await h.token()).toMatch(/-/);
    } finally {
      await h.sandbox.close();
    }
  });

  it('allows 2000 requests per app per 5 minutes', async () => {
    const h = await startV3({ rateLimits: true, bridge: { transactionsPerUser: 0 } });
    try {
      let ok = 0;
      for (let batch = 0; batch < 100; batch++) {
        const statuses = await Promise.all(
          Array.from({ length: 20 }, () =>
            h.call('/v3/providers?limit=1').then((response) => response.status),
          ),
        );
        ok += statuses.filter((status) => status === 200).length;
      }
      expect(ok).toBe(2000);
      const limited = await h.call('/v3/aggregation/categories');
      expect(limited.status).toBe(429);
      expect((await v3ErrorOf(limited)).code).toBe('too_many_requests');
      h.sandbox.clock.advance(4 * 60_000);
      expect((await h.call('/v3/providers?limit=1')).status).toBe(429);
      h.sandbox.clock.advance(60_001);
      expect((await h.call('/v3/providers?limit=1')).status).toBe(200);
    } finally {
      await h.sandbox.close();
    }
  });

  it('limits nothing when rate limits are off (the default)', async () => {
    const h = await startV3({ bridge: { transactionsPerUser: 0 } });
    try {
      for (let i = 0; i < 12; i++) await h.token();
      const token = await h.token();
      for (let i = 0; i < 70; i++)
        expect((await h.call('/v3/aggregation/items', { token })).status).toBe(200);
    } finally {
      await h.sandbox.close();
    }
  });
});
