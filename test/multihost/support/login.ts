import type { TokenStore } from '@bankkit/core';
import { type Sandbox, startSandbox } from '@bankkit/sandbox';
import { SpareBank1Client } from '@bankkit/sparebank1';
import { approveConsent } from '../../support/consent.js';

/** A small SpareBank 1 sandbox without a rate limit: these tests count token grants, not 429s. */
export function startTokenSandbox(seed: number): Promise<Sandbox> {
  return startSandbox({
    seed,
    sparebank1: {
      accounts: ['checking', 'creditCard'],
      transactionsPerAccount: 3,
      historyDays: 10,
      rateLimit: { limit: 1_000_000_000 },
    },
  });
}

/** Logs in through the consent page and stores the tokens in `store` (under the client's default key). */
export async function loginInto(sandbox: Sandbox, store: TokenStore): Promise<SpareBank1Client> {
  const { baseUrl, authBaseUrl, clientId, clientSecret, redirectUris } = sandbox.sparebank1;
  const client = new SpareBank1Client({
    clientId,
    clientSecret,
    redirectUri: redirectUris[0] ?? '',
    baseUrl,
    authBaseUrl,
    tokenStore: store,
    now: () => sandbox.clock.nowMs(),
  });
  const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
  await client.handleCallback(await approveConsent(url), { expectedState: state });
  return client;
}
