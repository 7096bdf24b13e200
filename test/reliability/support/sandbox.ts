import { UserClient, type UserClientOptions } from '@bankkit/bridge';
import type { RetryOptions } from '@bankkit/core';
import { type Sandbox, type SandboxOptions, startSandbox } from '@bankkit/sandbox';
import { SpareBank1Client, type SpareBank1ClientOptions } from '@bankkit/sparebank1';
import { approveConsent } from '../../support/consent.js';
import { type LeakScanner, plantedSecret } from './secrets.js';

/**
 * Retries for the fault runs: many attempts, almost no backoff. Every injected fault is retryable,
 * so a request fails only when all 11 of its attempts are faulted (see each fault file for the odds).
 */
export const FAULT_RETRY: RetryOptions = { retries: 10, minDelayMs: 1, maxDelayMs: 10 };

/** The Bridge user the reliability runs log in as. */
export const BRIDGE_USER_EMAIL = 'reliability@bankkit.dev';

/** Secrets planted in the sandbox: distinctive, random per run, so finding one anywhere is a leak. */
export interface PlantedSecrets {
  bridgeClientSecret: string;
  bridgePassword: string;
  sparebank1ClientSecret: string;
}

/** Fresh planted secrets, registered with the scanner. */
export function plantSecrets(scanner: LeakScanner): PlantedSecrets {
  const planted = {
    bridgeClientSecret: plantedSecret('bridge-client-secret'),
    bridgePassword: plantedSecret('bridge-password'),
    sparebank1ClientSecret: plantedSecret('sb1-client-secret'),
  };
  scanner.secret('Bridge client secret', planted.bridgeClientSecret);
  scanner.secret('Bridge user password', planted.bridgePassword);
  scanner.secret('SpareBank 1 client secret', planted.sparebank1ClientSecret);
  return planted;
}

/**
 * Starts a sandbox whose app secrets and Bridge user password are the planted ones (the Bridge
 * user is the only seeded one, so every Bridge call of the run authenticates with the planted
 * password).
 */
export async function startPlantedSandbox(
  planted: PlantedSecrets,
  options: SandboxOptions = {},
): Promise<Sandbox> {
  return startSandbox({
    ...options,
    bridge: {
      ...options.bridge,
      clientSecret: planted.bridgeClientSecret,
      users: [{ email: BRIDGE_USER_EMAIL, password: planted.bridgePassword }],
    },
    sparebank1: { ...options.sparebank1, clientSecret: planted.sparebank1ClientSecret },
  });
}

/** A Bridge user client on the sandbox, authenticating with the planted password, logging to the scanner. */
export function bridgeUserClient(
  sandbox: Sandbox,
  planted: PlantedSecrets,
  scanner: LeakScanner,
  overrides: Partial<UserClientOptions> = {},
): UserClient {
  return new UserClient({
    clientId: sandbox.bridge.clientId,
    clientSecret: planted.bridgeClientSecret,
    baseUrl: sandbox.bridge.baseUrl,
    email: BRIDGE_USER_EMAIL,
    password: planted.bridgePassword,
    retry: FAULT_RETRY,
    logger: scanner.logger,
    tokenStore: scanner.tokenStore(),
    ...overrides,
  });
}

/**
 * A SpareBank 1 client on the sandbox, logged in through the consent page over plain HTTP. The
 * authorization code and every token set it receives are handed to the scanner.
 */
export async function loggedInSpareBank1Client(
  sandbox: Sandbox,
  planted: PlantedSecrets,
  scanner: LeakScanner,
  overrides: Partial<SpareBank1ClientOptions> = {},
): Promise<SpareBank1Client> {
  const { baseUrl, authBaseUrl, clientId, redirectUris } = sandbox.sparebank1;
  const [redirectUri] = redirectUris;
  if (redirectUri === undefined) throw new Error('the SpareBank 1 sandbox has no redirect URI');
  const client = new SpareBank1Client({
    clientId,
    clientSecret: planted.sparebank1ClientSecret,
    redirectUri,
    baseUrl,
    authBaseUrl,
    retry: FAULT_RETRY,
    logger: scanner.logger,
    tokenStore: scanner.tokenStore(),
    onTokens: (tokens) => scanner.tokens(tokens),
    ...overrides,
  });
  const { url, state } = client.createAuthorizationUrl({ finInst: 'fid-smn' });
  const callbackUrl = await approveConsent(url);
  scanner.secret('authorization code', callbackUrl.searchParams.get('code'));
  await client.handleCallback(callbackUrl, { expectedState: state });
  return client;
}

/** Every kind of SpareBank 1 account, cards included. */
export const ALL_SPAREBANK1_ACCOUNTS = {
  includeNokAccounts: true,
  includeCurrencyAccounts: true,
  includeBsuAccounts: true,
  includeCreditCardAccounts: true,
  includeAskAccounts: true,
  includePensionAccounts: true,
} as const;
