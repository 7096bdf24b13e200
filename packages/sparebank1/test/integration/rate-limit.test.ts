import { isRateLimitError, MemoryPacingStore, type PacingClaim, type PacingWait } from '@bankkit/core';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SPAREBANK1_RATE_LIMIT, SpareBank1Client, type SpareBank1ClientOptions } from '../../src/index.js';
import { logIn } from './consent.js';

// The reported 60 requests per hour, scaled down to a fraction of a second.
const limit = { limit: 4, windowMs: 300 };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 11,
    rateLimits: true,
    sparebank1: { rateLimit: { limit: limit.limit, windowSeconds: limit.windowMs / 1000 } },
  });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.sparebank1.control.reset();
  sandbox.requests.clear();
});

async function loggedIn(options: Partial<SpareBank1ClientOptions>): Promise<SpareBank1Client> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri: redirectUris[0] ?? '',
    baseUrl,
    authBaseUrl,
    retry: false,
    ...options,
  });
  await logIn(client, { finInst: 'fid-smn' });
  return client;
}

const refused = () => sandbox.requests.count({ status: 429 });

describe('SpareBank 1 pacing against the sandbox enforcing its limit', () => {
  it('paces to 60 requests per hour by default', () => {
    expect(SPAREBANK1_RATE_LIMIT).toEqual({ limit: 60, windowMs: 3_600_000 });
  });

  it('without pacing, a burst of calls runs into the limit', async () => {
    const client = await loggedIn({ pacing: false });
    const calls = Array.from({ length: 8 }, () => client.helloWorld());
    const outcomes = await Promise.allSettled(calls);
    expect(
      outcomes.some((outcome) => outcome.status === 'rejected' && isRateLimitError(outcome.reason)),
    ).toBe(true);
    expect(refused()).toBeGreaterThan(0);
  });

  it('with pacing, the same burst gets through with no 429, token requests counted too', async () => {
    const waits: PacingWait[] = [];
    const claimed: string[] = [];
    const memory = new MemoryPacingStore();
    const store = {
      tryAcquire(claims: readonly PacingClaim[], nowMs: number) {
        claimed.push(...claims.map((claim) => claim.key));
        return memory.tryAcquire(claims, nowMs);
      },
      release: memory.release.bind(memory),
    };
    const client = await loggedIn({ pacing: { limit, store, onWait: (wait) => waits.push(wait) } });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.helloWorld()));
    expect(answers).toEqual(Array(8).fill('Hello, World!'));
    expect(refused()).toBe(0);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]?.limit).toBe('per client: 4 requests / 0.3 s');
    // The code exchange and every API call, in one window per client id.
    expect(new Set(claimed)).toEqual(
      new Set([`sparebank1|${new URL(sandbox.sparebank1.baseUrl).origin}|${sandbox.sparebank1.clientId}`]),
    );
    expect(claimed.length).toBeGreaterThanOrEqual(9);
  });
});
