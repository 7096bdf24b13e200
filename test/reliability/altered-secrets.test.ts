import { inspect } from 'node:util';
import { UserClient } from '@bankkit/bridge';
import { isBankkitError, MemoryTokenStore, redact, registerSecret } from '@bankkit/core';
import { SpareBank1Client } from '@bankkit/sparebank1';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSummary } from './support/runs.js';
import { plantedSecret } from './support/secrets.js';

/**
 * Issue 10, item 8: a server that truncates or changes the case of a secret before echoing it (in
 * its message, or in a header such as X-Request-Id) must not get it into any error text. Every
 * alteration below is echoed by both adapters' servers; no fragment of 12 or more characters of
 * any secret may remain, in any case, in the message, JSON or inspect output.
 */
const BRIDGE = 'https://api.bridgeapi.io';
const SB1_API = 'https://api.sparebank1.no';
const SB1_CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';

const secrets = {
  bridgeClientSecret: plantedSecret('bridge-client-secret'),
  bridgeAccessToken: plantedSecret('bridge-access-token'),
  sparebank1ClientSecret: plantedSecret('sb1-client-secret'),
  sparebank1AccessToken: plantedSecret('sb1-access-token'),
};

/** What a hostile server does to a secret before echoing it. */
const ALTERATIONS: Record<string, (secret: string) => string> = {
  upper: (secret) => secret.toUpperCase(),
  'first 12': (secret) => secret.slice(0, 12),
  'first 20, upper': (secret) => secret.slice(0, 20).toUpperCase(),
  'all but the last 3': (secret) => secret.slice(0, -3),
  'first 30 plus "..."': (secret) => `${secret.slice(0, 30)}...`,
  'swapped case': (secret) =>
    [...secret].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(''),
};

let checked = 0;

/** Every fragment of 12 or more characters of `secret`, in any case, found in `text`. */
function fragmentsIn(text: string, secret: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (let start = 0; start + 12 <= secret.length; start++) {
    const fragment = secret.slice(start, start + 12).toLowerCase();
    if (lower.includes(fragment)) found.push(fragment);
  }
  return found;
}

function expectClean(error: unknown, label: string): void {
  expect(isBankkitError(error), `${label}: ${String(error)}`).toBe(true);
  const texts = [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 5 })];
  for (const secret of Object.values(secrets)) {
    // Leading fragments are what redaction promises; the scan is stricter (any 12-character run).
    const leading = texts.flatMap((text) => fragmentsIn(text, secret.slice(0, Math.max(12, secret.length))));
    expect(leading, `${label}: altered secret left in the error`).toEqual([]);
  }
  checked++;
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  printSummary(`reliability altered-secrets: errors-checked=${checked}`);
});

describe('secrets echoed back altered', () => {
  for (const [name, alter] of Object.entries(ALTERATIONS)) {
    it(`Bridge: ${name}, in the message and X-Request-Id`, async () => {
      nock(BRIDGE)
        .get('/v2/accounts')
        .query(true)
        .reply(
          400,
          {
            type: 'invalid_request',
            message: `invalid client secret ${alter(secrets.bridgeClientSecret)} for token ${alter(secrets.bridgeAccessToken)}`,
          },
          { 'X-Request-Id': alter(secrets.bridgeClientSecret), 'Content-Type': 'application/json' },
        );
      const client = new UserClient({
        clientId: 'altered-client',
        clientSecret: secrets.bridgeClientSecret,
        userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
        accessToken: secrets.bridgeAccessToken,
        expiresAt: new Date(Date.now() + 3_600_000),
        retry: false,
      });
      const error = await client.listAccounts().catch((caught: unknown) => caught);
      expectClean(error, `bridge ${name}`);
    });

    it(`SpareBank 1: ${name}, in the message and X-Request-Id`, async () => {
      nock(SB1_API)
        .get('/personal/banking/accounts')
        .query(true)
        .reply(
          400,
          {
            errors: [
              {
                code: 'bad',
                message: `invalid client secret ${alter(secrets.sparebank1ClientSecret)} ${alter(secrets.sparebank1AccessToken)}`,
                httpStatus: 400,
              },
            ],
          },
          { 'X-Request-Id': alter(secrets.sparebank1AccessToken), 'Content-Type': 'application/json' },
        );
      const store = new MemoryTokenStore();
      await store.set(`sparebank1:${SB1_CLIENT_ID}`, {
        accessToken: secrets.sparebank1AccessToken,
        expiresAt: new Date(Date.now() + 600_000),
        refreshToken: 'altered-refresh-token-value',
      });
      const client = new SpareBank1Client({
        clientId: SB1_CLIENT_ID,
        clientSecret: secrets.sparebank1ClientSecret,
        redirectUri: 'http://127.0.0.1:8321/callback',
        retry: false,
        tokenStore: store,
      });
      const error = await client.listAccounts().catch((caught: unknown) => caught);
      expectClean(error, `sparebank1 ${name}`);
    });
  }

  it('leaves fragments shorter than 12 characters and unrelated text alone', () => {
    const secret = plantedSecret('short-fragment');
    registerSecret(secret);
    const short = secret.slice(0, 11);
    expect(redact(`id ${short} ok`)).toBe(`id ${short} ok`);
    expect(redact(`id ${secret.slice(0, 12).toUpperCase()} ok`)).toBe('id [REDACTED] ok');
  });
});
