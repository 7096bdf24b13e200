import { UserClient } from '@bankkit/bridge';
import {
  AuthenticationError,
  type BankkitError,
  ConfigurationError,
  HttpError,
  InvalidInputError,
  NetworkError,
  OAuthCallbackError,
  RateLimitError,
  ReauthorizationRequiredError,
  ResponseValidationError,
  TimeoutError,
  TransferOutcomeUnknownError,
  UserAuthenticationError,
} from '@bankkit/core';
import type { FaultRule, Sandbox } from '@bankkit/sandbox';
import { SpareBank1Client, SpareBank1Provider } from '@bankkit/sparebank1';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approveConsent } from '../support/consent.js';
import { printSummary } from './support/runs.js';
import {
  ALL_SPAREBANK1_ACCOUNTS,
  BRIDGE_USER_EMAIL,
  bridgeUserClient,
  loggedInSpareBank1Client,
  plantSecrets,
  startPlantedSandbox,
} from './support/sandbox.js';
import { LeakScanner, plantedSecret } from './support/secrets.js';

/**
 * A failing workload that goes through every error bankkit can raise, against the sandbox with
 * planted secrets, with the server echoing secrets back wherever it can. The fault files run their
 * own scanners over their own (mostly succeeding) workloads and assert the same thing.
 */
const scanner = new LeakScanner();
const planted = plantSecrets(scanner);
/** A latency fault no test waits out: only a client's time limit ends a call it holds. */
const SLOWER_THAN_ANY_LIMIT_MS = 20_000;
const QUICK_RETRY = { retries: 1, minDelayMs: 0, maxDelayMs: 1 };
const raised = new Map<string, number>();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startPlantedSandbox(planted, { seed: 20_260_705 });
});

beforeEach(() => {
  sandbox.faults.clear();
});

afterAll(async () => {
  const counts = scanner.counts();
  const kinds = [...raised].map(([kind, count]) => `${kind}=${count}`).join(' ');
  printSummary(
    `reliability secrets: secrets=${counts.secrets} errors=${counts.errors} logLines=${counts.logLines} ` +
      `leaks=${scanner.leaks().length} error-kinds: ${kinds}`,
  );
  await sandbox?.close();
});

/** Runs a call that must fail with `kind`, and hands its error to the scanner. */
async function failsWith(
  kind: abstract new (...args: never[]) => BankkitError,
  call: () => Promise<unknown>,
): Promise<BankkitError> {
  const error = await call().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error === undefined) throw new Error(`expected ${kind.name}, but the call succeeded`);
  scanner.error(error, kind.name);
  expect(error).toBeInstanceOf(kind);
  const name = (error as BankkitError).name;
  raised.set(name, (raised.get(name) ?? 0) + 1);
  return error as BankkitError;
}

/** A provider's JSON error body that repeats every secret its client sends it. */
function echoingBody(provider: 'bridge' | 'sparebank1', tokens: string[] = []): string {
  const secrets =
    provider === 'bridge'
      ? [planted.bridgeClientSecret, planted.bridgePassword, ...tokens]
      : [planted.sparebank1ClientSecret, ...tokens];
  const message = `request rejected; credentials seen: ${secrets.join(' ')}`;
  return provider === 'bridge'
    ? JSON.stringify({ type: 'internal_server_error', message, documentation_url: null })
    : JSON.stringify({ errors: [{ code: 'general.error', message, traceId: 'trace-1', httpCode: 500 }] });
}

describe('Bridge failures with planted secrets', () => {
  it('wrong credentials, no token, and a revoked token', async () => {
    const wrongPassword = plantedSecret('wrong-password');
    scanner.secret('wrong Bridge password', wrongPassword);
    await failsWith(AuthenticationError, async () =>
      bridgeUserClient(sandbox, planted, scanner, { password: wrongPassword }).listAccounts(),
    );
    await failsWith(UserAuthenticationError, async () =>
      bridgeUserClient(sandbox, planted, scanner, { autoRenew: false }).listAccounts(),
    );
    // A revoked token is renewed on the 401 (logged), not reported.
    const client = bridgeUserClient(sandbox, planted, scanner);
    await client.listAccounts();
    sandbox.bridge.control.revokeTokens(BRIDGE_USER_EMAIL);
    await expect(client.listAccounts()).resolves.toBeDefined();
  });

  it('every fault kind on an authenticated call, with bodies echoing the secrets', async () => {
    const tokenStore = scanner.tokenStore();
    const client = bridgeUserClient(sandbox, planted, scanner, { retry: QUICK_RETRY, tokenStore });
    await client.listAccounts();
    const token = client.tokens?.accessToken;
    expect(token && scanner.has(token)).toBe(true);
    const on = (rule: Omit<FaultRule, 'provider' | 'path'>) =>
      sandbox.faults.set({ provider: 'bridge', path: '/v2/accounts', ...rule });
    const body = echoingBody('bridge', [token ?? '']);

    on({ kind: 'status', status: 500, body });
    await failsWith(HttpError, () => client.listAccounts());
    on({ kind: 'rate-limit', retryAfterSeconds: 0, body });
    await failsWith(RateLimitError, () => client.listAccounts());
    on({ kind: 'reset' });
    await failsWith(NetworkError, () => client.listAccounts());
    on({ kind: 'truncate' });
    await failsWith(NetworkError, () => client.listAccounts());
    on({ kind: 'html', status: 502 });
    await failsWith(HttpError, () => client.listAccounts());
    on({
      kind: 'invalid-json',
      body: `{"resources":[{"note":"${token}","secret":"${planted.bridgeClientSecret}`,
    });
    await failsWith(ResponseValidationError, () => client.listAccounts());
    // The timeout on a client of its own: a short limit on the others would race every answer of
    // a busy machine. The fault holds the answer far longer than the limit, so only the limit ends it.
    // It shares the token store, so its one call is the faulted one.
    const impatient = bridgeUserClient(sandbox, planted, scanner, {
      retry: false,
      timeoutMs: 200,
      tokenStore,
    });
    on({ kind: 'latency', latencyMs: SLOWER_THAN_ANY_LIMIT_MS });
    await failsWith(TimeoutError, () => impatient.listAccounts());
  });

  it('a base URL that is refused, carrying the secrets', async () => {
    const { port } = new URL(sandbox.bridge.baseUrl);
    const client = (baseUrl: string) =>
      new UserClient({
        clientId: sandbox.bridge.clientId,
        clientSecret: planted.bridgeClientSecret,
        baseUrl,
        email: BRIDGE_USER_EMAIL,
        password: planted.bridgePassword,
        logger: scanner.logger,
      });
    await failsWith(ConfigurationError, async () =>
      client(
        `http://127.0.0.1:${port}?secret=${planted.bridgeClientSecret}&password=${planted.bridgePassword}`,
      ),
    );
    await failsWith(ConfigurationError, async () =>
      client(`${planted.bridgeClientSecret}/${planted.bridgePassword}`),
    );
  });
});

describe('SpareBank 1 failures with planted secrets', () => {
  it('login failures: a spent code, a forged state, a denied consent', async () => {
    const client = await loggedInSpareBank1Client(sandbox, planted, scanner, { clientAuth: 'basic' });
    const { clientId } = sandbox.sparebank1;
    scanner.secret(
      'Basic credentials',
      Buffer.from(`${clientId}:${planted.sparebank1ClientSecret}`).toString('base64'),
    );
    const { url, state } = client.createAuthorizationUrl();
    const callback = await approveConsent(url);
    scanner.secret('authorization code', callback.searchParams.get('code'));
    await client.handleCallback(callback, { expectedState: state });
    await failsWith(OAuthCallbackError, () => client.handleCallback(callback, { expectedState: state }));
    await failsWith(OAuthCallbackError, () => client.handleCallback(callback, { expectedState: 'another' }));
    const denied = new URL(callback);
    denied.search = `?error=access_denied&error_description=${encodeURIComponent(planted.sparebank1ClientSecret)}&state=${state}`;
    await failsWith(OAuthCallbackError, () => client.handleCallback(denied, { expectedState: state }));
  });

  it('API faults, an unreadable answer and a timeout, with bodies echoing the tokens', async () => {
    const tokenStore = scanner.tokenStore();
    const client = await loggedInSpareBank1Client(sandbox, planted, scanner, {
      retry: QUICK_RETRY,
      tokenStore,
    });
    // The timeout on a client of its own (sharing the tokens): a short limit on the main client
    // would race every answer of a busy machine.
    const { baseUrl, authBaseUrl, clientId, redirectUris } = sandbox.sparebank1;
    const impatient = new SpareBank1Client({
      clientId,
      clientSecret: planted.sparebank1ClientSecret,
      redirectUri: redirectUris[0] as string,
      baseUrl,
      authBaseUrl,
      tokenStore,
      logger: scanner.logger,
      retry: false,
      timeoutMs: 200,
    });
    // A refresh hands out a fresh access token to echo (and to the scanner, through onTokens).
    const token = (await client.refresh()).accessToken;
    const on = (rule: Omit<FaultRule, 'provider' | 'path'>) =>
      sandbox.faults.set({ provider: 'sparebank1', path: '/personal/banking/accounts', ...rule });
    on({ kind: 'status', status: 500, body: echoingBody('sparebank1', [token]) });
    await failsWith(HttpError, () => client.listAccounts());
    on({ kind: 'rate-limit', retryAfterSeconds: 0, body: echoingBody('sparebank1', [token]) });
    await failsWith(RateLimitError, () => client.listAccounts());
    on({ kind: 'reset' });
    await failsWith(NetworkError, () => client.listAccounts());
    on({
      kind: 'invalid-json',
      body: `{"accounts":[{"key":"${token}","owner":"${planted.sparebank1ClientSecret}`,
    });
    await failsWith(ResponseValidationError, () => client.listAccounts());
    on({ kind: 'latency', latencyMs: SLOWER_THAN_ANY_LIMIT_MS });
    await failsWith(TimeoutError, () => impatient.listAccounts());
    sandbox.faults.clear();
    sandbox.sparebank1.control.setPartialFailure(['CREDIT_ACCOUNTS_FAILED']);
    const provider = new SpareBank1Provider(client, { now: () => sandbox.clock.nowMs() });
    await expect(provider.listTransactions()).resolves.toBeDefined();
    sandbox.sparebank1.control.setPartialFailure([]);
  });

  it('refresh failures: a cut connection, an echoing 500, a revoked login, an expired client secret', async () => {
    const client = await loggedInSpareBank1Client(sandbox, planted, scanner, { retry: QUICK_RETRY });
    const expireAccessToken = () => sandbox.clock.advance(11 * 60_000);
    const onToken = (rule: Omit<FaultRule, 'provider' | 'path' | 'method'>) =>
      sandbox.faults.set({ provider: 'sparebank1', method: 'POST', path: '/oauth/token', times: 1, ...rule });

    expireAccessToken();
    onToken({ kind: 'reset' });
    await failsWith(NetworkError, () => client.listAccounts());
    const stored = await client.tokenStatus();
    expect(stored.authenticated).toBe(true);
    onToken({ kind: 'status', status: 500, body: echoingBody('sparebank1') });
    await failsWith(HttpError, () => client.listAccounts());
    await expect(client.listAccounts()).resolves.toBeDefined();

    sandbox.sparebank1.control.expireClientSecret();
    expireAccessToken();
    await failsWith(AuthenticationError, () => client.listAccounts());
    sandbox.sparebank1.control.renewClientSecret();

    sandbox.sparebank1.control.revokeRefreshTokens();
    expireAccessToken();
    await failsWith(ReauthorizationRequiredError, () => client.listAccounts());
  });

  it('transfers: refused input, an unknown outcome after a 500 and after a reset', async () => {
    const client = await loggedInSpareBank1Client(sandbox, planted, scanner);
    const accounts = await client.listAccounts(ALL_SPAREBANK1_ACCOUNTS);
    const from = accounts.find((account) => account.type === 'USER')?.accountNumber ?? '';
    const to = accounts.find((account) => account.type === 'SAVING')?.accountNumber ?? '';
    await failsWith(InvalidInputError, () =>
      client.createTransfer({ amount: '1,50', fromAccount: from, toAccount: to }),
    );
    for (const reset of [false, true]) {
      sandbox.faults.set({
        provider: 'sparebank1',
        method: 'POST',
        path: '/personal/banking/transfer/debit',
        kind: 'fail-after-apply',
        reset,
        body: echoingBody('sparebank1'),
      });
      await failsWith(TransferOutcomeUnknownError, () =>
        client.createTransfer({ amount: reset ? '12.00' : '11.00', fromAccount: from, toAccount: to }),
      );
    }
    sandbox.faults.clear();
    // A duplicate is made and logged with its warning.
    await client.createTransfer({ amount: '11.00', fromAccount: from, toAccount: to });
  });
});

describe('the capture', () => {
  it('finds a planted secret when one does leak (the scanner works)', () => {
    const probe = new LeakScanner();
    const secret = plantedSecret('probe');
    probe.secret('probe secret', secret);
    probe.logger.warn('clean line', { nothing: 'here' });
    probe.error(new Error(`wrapped ${encodeURIComponent(secret)}`), 'probe');
    probe.logger.info('fields leak', { header: `Bearer ${secret}` });
    // A plain Error serializes to `{}`; the other three forms and the log fields carry it.
    expect(probe.leaks().map((leak) => leak.source)).toEqual([
      'probe: message',
      'probe: util.inspect',
      'probe: String',
      'log info',
    ]);
  });

  it('saw every kind of error, many secrets and log lines, and no secret anywhere', () => {
    expect([...raised.keys()].sort()).toEqual(
      [
        'AuthenticationError',
        'ConfigurationError',
        'HttpError',
        'InvalidInputError',
        'NetworkError',
        'OAuthCallbackError',
        'RateLimitError',
        'ReauthorizationRequiredError',
        'ResponseValidationError',
        'TimeoutError',
        'TransferOutcomeUnknownError',
        'UserAuthenticationError',
      ].sort(),
    );
    expect(scanner.counts().secrets).toBeGreaterThanOrEqual(12);
    expect(scanner.counts().logLines).toBeGreaterThan(20);
    expect(scanner.leaks()).toEqual([]);
  });
});
