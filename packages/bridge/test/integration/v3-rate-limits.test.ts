import { RateLimitError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { useV3Sandbox } from './v3-sandbox.js';

// The sandbox enforces Bridge's documented limits here: 60 requests per user per minute.
const h = useV3Sandbox({ rateLimits: true, bridge: { transactionsPerUser: 10 } });

describe('v3 rate limits against the sandbox', () => {
  it('past 60 user requests a minute: RateLimitError with Bridge code, after the GET retries', async () => {
    const user = h.user();
    let error: unknown;
    let calls = 0;
    while (error === undefined && calls < 80) {
      calls += 1;
      error = await user.listItems().then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, providerCode: 'too_many_requests' });
    expect(calls).toBeGreaterThan(50);
    expect(calls).toBeLessThanOrEqual(61);
  });
});
