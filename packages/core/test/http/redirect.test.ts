import { createHttpClient, HttpError } from '@bankkit/core';
import { afterEach, describe, expect, test } from 'vitest';
import { startServer } from './helpers.js';

const FAST_RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 2 };
const SECRET = 'client-secret-redirect-4f1c9a';

describe('redirects', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** The configured API, answering every request with a redirect to a second, foreign server. */
  async function redirectingApi(status: number) {
    const foreign = await startServer((_request, response) => response.end('{"stolen":true}'));
    const api = await startServer((_request, response) => {
      response.writeHead(status, { Location: `${foreign.url}/collect` }).end();
    });
    servers.push(foreign, api);
    const client = createHttpClient({
      provider: 'testbank',
      baseUrl: api.url,
      headers: { 'Client-Secret': SECRET },
      retry: FAST_RETRY,
    });
    return { client, api, foreign };
  }

  test.each([301, 302, 303, 307, 308])(
    'a %i is never followed: the other host gets nothing, the caller a typed error',
    async (status) => {
      const { client, api, foreign } = await redirectingApi(status);
      const error = await client.json({ path: 'accounts' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(status);
      expect((error as Error).message).toMatch(/never follows redirects/);
      expect(foreign.hits()).toBe(0);
      expect(api.hits()).toBe(1);
    },
  );

  test('a 307 on a POST does not re-post its body anywhere', async () => {
    const { client, foreign } = await redirectingApi(307);
    const error = await client
      .request({ method: 'POST', path: 'transfer', json: { amount: '100.00' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(foreign.hits()).toBe(0);
  });
});
