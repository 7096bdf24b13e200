import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  API,
  AUTH,
  CLIENT_ID,
  CLIENT_SECRET,
  makeClient,
  memoryLogger,
  REDIRECT_URI,
  tokenResponse,
  useNock,
} from '../helpers.js';

useNock();

const CODE = 'a8e0938a44924b148c8d72daa736c3af';

describe('secrets stay out of errors and logs', () => {
  it('never logs or reports the client secret, the code, the verifier or any token', async () => {
    const logger = memoryLogger();
    const { client } = makeClient({ logger, clientAuth: 'basic' });
    const first = tokenResponse(1);
    const second = tokenResponse(2);
    nock(AUTH).post('/oauth/token').reply(200, first);
    const { state, codeVerifier } = client.createAuthorizationUrl({ pkce: true });
    const callback = new URL(REDIRECT_URI);
    callback.searchParams.set('code', CODE);
    callback.searchParams.set('state', state);
    await client.handleCallback(callback, { expectedState: state, codeVerifier });

    // A refused token, a refresh, then a server error that echoes what it was sent.
    nock(API).get('/personal/banking/accounts').reply(401, 'Unauthorized', { 'Content-Type': 'text/plain' });
    nock(AUTH).post('/oauth/token').reply(200, second);
    nock(API)
      .get('/personal/banking/accounts')
      .reply(400, {
        errors: [
          {
            code: 'bad.request',
            message: `token ${String(second.access_token)} refresh ${String(second.refresh_token)} secret ${CLIENT_SECRET}`,
            traceId: 't-1',
            httpCode: 400,
          },
        ],
      });
    const error = await client.listAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);

    const secrets = [
      CLIENT_SECRET,
      CODE,
      codeVerifier ?? 'no-verifier',
      String(first.access_token),
      String(first.refresh_token),
      String(second.access_token),
      String(second.refresh_token),
      Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'),
    ];
    const outputs = [
      JSON.stringify(logger.lines),
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String((error as Error).stack),
    ];
    for (const output of outputs) {
      for (const secret of secrets) expect(output).not.toContain(secret);
    }
    expect(logger.lines.length).toBeGreaterThan(0);
  });
});
