import { UserClient } from '@bankkit/bridge';
import {
  type BankkitError,
  HttpError,
  isBankkitError,
  MemoryTokenStore,
  NetworkError,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import { SpareBank1Client } from '@bankkit/sparebank1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawServer, rawAnswer, startRawServer } from './support/raw-server.js';
import { printSummary } from './support/runs.js';

/**
 * Issue 10, item 3: whatever status line a server sends, every call ends in a BankkitError; a
 * transfer that was sent ends in TransferOutcomeUnknownError. Statuses fetch passes on (600, 999)
 * are HttpErrors; the ones it refuses itself (0, 1xx) are NetworkErrors (no answer was read).
 */
const STATUS_LINES = [
  '0 Zero',
  '100 Continue',
  '101 Switching Protocols',
  '199 Odd',
  '600 Beyond',
  '999 Nonsense',
];
const SB1_CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';

let server: RawServer;
const outcomes: string[] = [];

beforeAll(async () => {
  server = await startRawServer(({ path }) => {
    const code = /[?&]status=(\d+)/.exec(path)?.[1] ?? '600';
    return rawAnswer(STATUS_LINES.find((line) => line.startsWith(`${code} `)) ?? '600 Beyond');
  });
});

afterAll(async () => {
  await server.close();
  printSummary(`reliability status-lines: calls=${outcomes.length} ${outcomes.join(' ')}`);
});

async function sparebank1(status: string): Promise<SpareBank1Client> {
  const store = new MemoryTokenStore();
  await store.set(`sparebank1:${SB1_CLIENT_ID}`, {
    accessToken: 'status-line-access-token',
    expiresAt: new Date(Date.now() + 600_000),
    refreshToken: 'status-line-refresh-token',
  });
  return new SpareBank1Client({
    clientId: SB1_CLIENT_ID,
    clientSecret: 'status-line-client-secret',
    redirectUri: 'http://127.0.0.1:8321/callback',
    baseUrl: server.origin,
    authBaseUrl: server.origin,
    retry: { retries: 1, minDelayMs: 0, maxDelayMs: 1 },
    tokenStore: store,
    fetch: withStatus(status),
  });
}

function bridge(status: string): UserClient {
  return new UserClient({
    clientId: 'status-line-client',
    clientSecret: 'status-line-client-secret',
    baseUrl: server.origin,
    userUuid: '998945b4-c977-43e4-a854-d9680fa00fd5',
    accessToken: 'status-line-bridge-token',
    expiresAt: new Date(Date.now() + 3_600_000),
    retry: { retries: 1, minDelayMs: 0, maxDelayMs: 1 },
    fetch: withStatus(status),
  });
}

/** A fetch that tells the raw server which status line to answer with. */
function withStatus(status: string): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    url.searchParams.set('status', status.split(' ')[0] ?? '');
    return fetch(new Request(url, request));
  };
}

async function outcome(call: () => Promise<unknown>): Promise<BankkitError> {
  try {
    await call();
  } catch (error) {
    expect(isBankkitError(error), `a BankkitError, not ${String(error)}`).toBe(true);
    return error as BankkitError;
  }
  throw new Error('expected the call to fail');
}

function expectedClass(status: string): typeof HttpError | typeof NetworkError {
  return Number(status.split(' ')[0]) >= 600 ? HttpError : NetworkError;
}

describe('status lines outside 200-599', () => {
  for (const status of STATUS_LINES) {
    it(`SpareBank 1 transfer answered "${status}": TransferOutcomeUnknownError, sent once`, async () => {
      const before = server.requests.length;
      const client = await sparebank1(status);
      const error = await outcome(() =>
        client.createTransfer({ amount: '10.00', fromAccount: '32096894308', toAccount: '15031563892' }),
      );
      outcomes.push(`sb1-transfer:${status.split(' ')[0]}=${error.code}`);
      expect(error).toBeInstanceOf(TransferOutcomeUnknownError);
      expect(server.requests.slice(before).filter((r) => r.startsWith('POST'))).toHaveLength(1);
    });

    it(`SpareBank 1 listAccounts answered "${status}": a typed error`, async () => {
      const client = await sparebank1(status);
      const error = await outcome(() => client.listAccounts());
      outcomes.push(`sb1-get:${status.split(' ')[0]}=${error.code}`);
      expect(error, error.message).toBeInstanceOf(expectedClass(status));
      if (error instanceof HttpError) expect(error.status).toBe(Number(status.split(' ')[0]));
    });

    it(`Bridge listAccounts and connectItem answered "${status}": typed errors`, async () => {
      const client = bridge(status);
      const listed = await outcome(() => client.listAccounts());
      const posted = await outcome(() => client.connectItem({ prefillEmail: 'user@bankkit.dev' }));
      outcomes.push(`bridge-get:${status.split(' ')[0]}=${listed.code}`);
      outcomes.push(`bridge-post:${status.split(' ')[0]}=${posted.code}`);
      expect(listed).toBeInstanceOf(expectedClass(status));
      expect(posted).toBeInstanceOf(expectedClass(status));
    });
  }
});
