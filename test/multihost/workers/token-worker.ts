/**
 * One worker process of the shared-token tests: a SpareBank 1 client whose tokens live in Redis,
 * driven by its parent over IPC. Runs on the built packages (node strips the types of this file).
 *
 * Environment: SB1_BASE_URL, SB1_AUTH_URL, SB1_CLIENT_ID, SB1_CLIENT_SECRET, SB1_REDIRECT_URI,
 * REDIS_URL, REDIS_PREFIX, LEASE_MS, and TOKEN_REQUEST: what to do when about to send a token
 * request: `send` (default), `hang` (never send it: the parent kills us mid-renewal) or `stop`
 * (SIGSTOP ourselves, then send it once resumed).
 *
 * Messages in: { type: 'round', round, calls, clockOffsetMs }. Out: ready, round-done, lease,
 * token-request, fenced.
 */
import {
  isTokenStoreFencedError,
  type TokenSet,
  type TokenStore,
  type TokenWriteOptions,
} from '@bankkit/core';
import { RedisTokenStore } from '@bankkit/redis';
import { SpareBank1Client } from '@bankkit/sparebank1';

const env = process.env;
const send = (message: Record<string, unknown>) => process.send?.(message);
let clockOffsetMs = 0;

const redis = new RedisTokenStore({
  url: String(env.REDIS_URL),
  prefix: String(env.REDIS_PREFIX),
  leaseMs: Number(env.LEASE_MS ?? 2_000),
});

/** The Redis store, reporting the leases it takes and the writes its fence refuses. */
const store: TokenStore = {
  get: (key) => redis.get(key),
  async set(key: string, tokens: TokenSet, options?: TokenWriteOptions) {
    try {
      await redis.set(key, tokens, options);
    } catch (error) {
      if (isTokenStoreFencedError(error))
        send({ type: 'fenced', fence: error.fence, current: error.currentFence });
      throw error;
    }
  },
  delete: (key, options) => redis.delete(key, options),
  async lock(key: string) {
    const release = await redis.lock(key);
    send({ type: 'lease', fence: release.fence, at: Date.now() });
    return release;
  },
};

const mode = env.TOKEN_REQUEST ?? 'send';
const fetchWithHooks: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.endsWith('/oauth/token')) {
    send({ type: 'token-request', at: Date.now() });
    if (mode === 'hang') await new Promise(() => {});
    if (mode === 'stop') process.kill(process.pid, 'SIGSTOP');
  }
  return fetch(input, init);
};

const client = new SpareBank1Client({
  clientId: String(env.SB1_CLIENT_ID),
  clientSecret: String(env.SB1_CLIENT_SECRET),
  redirectUri: String(env.SB1_REDIRECT_URI),
  baseUrl: String(env.SB1_BASE_URL),
  authBaseUrl: String(env.SB1_AUTH_URL),
  tokenStore: store,
  fetch: fetchWithHooks,
  retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
  now: () => Date.now() + clockOffsetMs,
});

process.on(
  'message',
  async (message: { type: string; round: number; calls: number; clockOffsetMs?: number }) => {
    if (message.type === 'stop') {
      await redis.close();
      process.exit(0);
    }
    if (message.type !== 'round') return;
    if (message.clockOffsetMs !== undefined) clockOffsetMs = message.clockOffsetMs;
    const outcomes = await Promise.allSettled(
      Array.from({ length: message.calls }, () => client.helloWorld()),
    );
    const errors = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected'
        ? [
            `${(outcome.reason as { code?: string }).code ?? 'error'}: ${String((outcome.reason as Error).message)}`,
          ]
        : [],
    );
    send({ type: 'round-done', round: message.round, ok: message.calls - errors.length, errors });
  },
);

send({ type: 'ready', pid: process.pid });
