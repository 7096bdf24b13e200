import { UserClient } from '@bankkit/bridge';
import { MemoryTokenStore, type RetryOptions, type TokenSet } from '@bankkit/core';
import { SpareBank1Client } from '@bankkit/sparebank1';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_ORIGIN, type BridgeCorpusClients, bridgeCorpus } from './corpus/bridge.js';
import { type CorpusCase, corpusTally, runCase } from './corpus/harness.js';
import {
  SPAREBANK1_API,
  SPAREBANK1_AUTH,
  type SpareBank1CorpusClients,
  sparebank1Corpus,
} from './corpus/sparebank1.js';
import { printSummary } from './support/runs.js';
import { LeakScanner, plantedSecret } from './support/secrets.js';

/** Few, instant retries: a retried case costs three mocked requests and no waiting. */
const CORPUS_RETRY: RetryOptions = { retries: 2, minDelayMs: 0, maxDelayMs: 1 };
const BRIDGE_CLIENT_ID = 'reliability-corpus-client';
const BRIDGE_USER_UUID = '998945b4-c977-43e4-a854-d9680fa00fd5';
const SPAREBANK1_CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';
const DAY_MS = 86_400_000;

const scanner = new LeakScanner();
const secrets = {
  bridgeClientSecret: plantedSecret('bridge-client-secret'),
  bridgePassword: plantedSecret('bridge-password'),
  bridgeAccessToken: plantedSecret('bridge-access-token'),
  sparebank1ClientSecret: plantedSecret('sb1-client-secret'),
  sparebank1AccessToken: plantedSecret('sb1-access-token'),
  sparebank1RefreshToken: plantedSecret('sb1-refresh-token'),
  sparebank1RenewedAccessToken: plantedSecret('sb1-renewed-access-token'),
  sparebank1RenewedRefreshToken: plantedSecret('sb1-renewed-refresh-token'),
};
for (const [label, value] of Object.entries(secrets)) scanner.secret(label, value);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const outcomes = { bridge: { cases: 0 }, sparebank1: { cases: 0 } };
const tally = corpusTally();

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  nock.disableNetConnect();
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  process.removeListener('unhandledRejection', onUnhandled);
  const counts = scanner.counts();
  printSummary(
    `reliability bad-input: cases=${outcomes.bridge.cases + outcomes.sparebank1.cases} ` +
      `(bridge=${outcomes.bridge.cases} sparebank1=${outcomes.sparebank1.cases}) ` +
      `typed-errors=${tally.typedErrors} tolerant-parses=${tally.values} crashes=${tally.crashes} ` +
      `foreign-host-requests=${tally.foreignRequests} ` +
      `unhandled-rejections=${unhandled.length} errors-scanned=${counts.errors} leaks=${scanner.leaks().length}`,
  );
});

const bridgeClients: BridgeCorpusClients = {
  user: () =>
    new UserClient({
      clientId: BRIDGE_CLIENT_ID,
      clientSecret: secrets.bridgeClientSecret,
      baseUrl: BRIDGE_ORIGIN,
      userUuid: BRIDGE_USER_UUID,
      accessToken: secrets.bridgeAccessToken,
      expiresAt: new Date(Date.now() + 3_600_000),
      retry: CORPUS_RETRY,
      logger: scanner.logger,
    }),
  login: () =>
    new UserClient({
      clientId: BRIDGE_CLIENT_ID,
      clientSecret: secrets.bridgeClientSecret,
      baseUrl: BRIDGE_ORIGIN,
      email: 'corpus@bankkit.dev',
      password: secrets.bridgePassword,
      retry: CORPUS_RETRY,
      logger: scanner.logger,
    }),
};

async function sparebank1Client(accessTokenValidMs: number): Promise<SpareBank1Client> {
  const store = new MemoryTokenStore();
  const now = Date.now();
  const tokens: TokenSet = {
    accessToken: secrets.sparebank1AccessToken,
    expiresAt: new Date(now + accessTokenValidMs),
    refreshToken: secrets.sparebank1RefreshToken,
    refreshTokenExpiresAt: new Date(now + 30 * DAY_MS),
    refreshTokenAbsoluteExpiresAt: new Date(now + 300 * DAY_MS),
  };
  await store.set(`sparebank1:${SPAREBANK1_CLIENT_ID}`, tokens);
  return new SpareBank1Client({
    clientId: SPAREBANK1_CLIENT_ID,
    clientSecret: secrets.sparebank1ClientSecret,
    redirectUri: 'http://127.0.0.1:8321/callback',
    baseUrl: SPAREBANK1_API,
    authBaseUrl: SPAREBANK1_AUTH,
    retry: CORPUS_RETRY,
    logger: scanner.logger,
    tokenStore: store,
  });
}

const sparebank1Clients: SpareBank1CorpusClients = {
  client: () => sparebank1Client(10 * 60_000),
  expired: () => sparebank1Client(-1),
};

function defineCorpus<Clients>(
  adapter: 'bridge' | 'sparebank1',
  corpus: CorpusCase<Clients>[],
  clients: Clients,
): void {
  it('holds at least 30 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });
  for (const corpusCase of corpus) {
    outcomes[adapter].cases++;
    it(corpusCase.name, () => runCase(corpusCase, clients, scanner, tally));
  }
}

describe('Bridge: malformed responses', () => {
  defineCorpus(
    'bridge',
    bridgeCorpus({
      clientSecret: secrets.bridgeClientSecret,
      password: secrets.bridgePassword,
      accessToken: secrets.bridgeAccessToken,
    }),
    bridgeClients,
  );
});

describe('SpareBank 1: malformed responses', () => {
  defineCorpus(
    'sparebank1',
    sparebank1Corpus({
      clientSecret: secrets.sparebank1ClientSecret,
      accessToken: secrets.sparebank1AccessToken,
      refreshToken: secrets.sparebank1RefreshToken,
      renewedAccessToken: secrets.sparebank1RenewedAccessToken,
      renewedRefreshToken: secrets.sparebank1RenewedRefreshToken,
    }),
    sparebank1Clients,
  );
});

describe('the whole corpus', () => {
  it('caused no unhandled rejection', () => {
    expect(unhandled).toEqual([]);
  });

  it('leaked no secret into any error or log line', () => {
    expect(scanner.counts().errors).toBeGreaterThan(50);
    expect(scanner.leaks()).toEqual([]);
  });
});
