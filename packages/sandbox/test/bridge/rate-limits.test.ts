import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

describe('Bridge rate limits (enabled)', () => {
  let h: BridgeHarness;
  beforeAll(async () => {
    h = await startBridge({ rateLimits: true, bridge: { transactionsPerUser: 10 } });
  });
  afterAll(() => h.sandbox.close());

  it('allows 60 user requests per 60 s, then 429 with the envelope and no Retry-After', async () => {
    const token = await h.login();
    for (let i = 0; i < 60; i++) expect((await h.call('/v2/accounts', { token })).status).toBe(200);
    const limited = await h.call('/v2/accounts', { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect((await errorOf(limited)).type).toBe('too_many_requests');
    h.sandbox.clock.advance(60_001);
    expect((await h.call('/v2/accounts', { token })).status).toBe(200);
  });

  it('allows 10 /authenticate per user per 60 s', async () => {
    h.sandbox.clock.advance(60_001);
    for (let i = 0; i < 10; i++) await h.login();
    const limited = await h.call('/v2/authenticate', {
      method: 'POST',
      body: { email: 'demo@bankkit.dev', password: 'bankkit-demo' },
    });
    expect(limited.status).toBe(429);
    await errorOf(limited);
    h.sandbox.clock.advance(60_001);
    await h.login();
  });
});

describe('Bridge rate limits per app', () => {
  it('limits the app as a whole (limit lowered for the test)', async () => {
    const h = await startBridge({
      rateLimits: true,
      bridge: { transactionsPerUser: 0, rateLimits: { perApp: { limit: 5, windowSeconds: 300 } } },
    });
    try {
      for (let i = 0; i < 5; i++) expect((await h.call('/v2/banks')).status).toBe(200);
      const limited = await h.call('/v2/categories');
      expect(limited.status).toBe(429);
      h.sandbox.clock.advance(300_001);
      expect((await h.call('/v2/banks')).status).toBe(200);
    } finally {
      await h.sandbox.close();
    }
  });

  it('does not limit anything when rate limits are off (the default)', async () => {
    const h = await startBridge({ bridge: { transactionsPerUser: 0 } });
    try {
      for (let i = 0; i < 12; i++) await h.login();
      const token = await h.login();
      for (let i = 0; i < 70; i++) expect((await h.call('/v2/items', { token })).status).toBe(200);
    } finally {
      await h.sandbox.close();
    }
  });
});
