import { BridgeProvider, UserClient } from '@bankkit/bridge';
import { BridgeProvider as BridgeV3Provider, UserClient as UserClientV3 } from '@bankkit/bridge/v3';
import { type BankingProvider, pacesByDefault } from '@bankkit/core';
import type { BridgeApiVersionName } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { ConfigError, LoginRequiredError } from '../errors/cli-errors.js';
import { ProviderTokenStore } from './provider-token-store.js';
import type { Target } from './target.js';

/** Everything needed to build a Bridge user client for a target. */
export interface BridgeSetup {
  clientId: string;
  clientSecret: string;
  baseUrl?: string | undefined;
  /** The API version the app uses; a sandbox plays 2025-01-15. */
  apiVersion: BridgeApiVersionName;
  /**
   * Configured user credentials (env or config file), used to log in and renew without a prompt.
   * With 2025-01-15, `email` is only the user's email pre-filled in Bridge Connect.
   */
  email?: string | undefined;
  password?: string | undefined;
  userUuid?: string | undefined;
  externalUserId?: string | undefined;
  /** The sandbox's demo user, when the target is a sandbox. */
  demoUser?: { email: string; password: string; uuid: string } | undefined;
  store: ProviderTokenStore;
}

/** The Bridge setup of a target: configured credentials, or the sandbox's demo app and user. */
export function bridgeSetup(target: Target): BridgeSetup {
  const store = new ProviderTokenStore(target.tokenStore, 'bridge');
  if (target.kind === 'real') {
    const settings = target.settings.bridge;
    if (!settings) {
      throw new ConfigError(
        'Bridge is not configured.',
        'set BANKKIT_BRIDGE_CLIENT_ID and BANKKIT_BRIDGE_CLIENT_SECRET (or use --sandbox)',
      );
    }
    return { ...settings, store };
  }
  const endpoints = target.connection?.endpoints.bridge;
  if (!endpoints) throw new ConfigError('No sandbox is running.', 'start one with `bankkit sandbox`');
  return {
    clientId: endpoints.clientId,
    clientSecret: endpoints.clientSecret,
    baseUrl: endpoints.baseUrl,
    apiVersion: '2025-01-15',
    demoUser: endpoints.users[0],
    store,
  };
}

/** How a Bridge client identifies the user. */
export type BridgeUserCredentials = { email: string; password: string } | { userUuid: string };

/** A Bridge user client with these credentials, keeping its token in the setup's slot. */
export function createBridgeClient(
  setup: BridgeSetup,
  context: CommandContext,
  credentials: BridgeUserCredentials,
): UserClient {
  return new UserClient({ ...appOptions(setup, context), ...credentials });
}

/** What both API versions' user clients get from the setup: app credentials, token slot, logger, pacing, host. */
function appOptions(setup: BridgeSetup, context: CommandContext) {
  return {
    clientId: setup.clientId,
    clientSecret: setup.clientSecret,
    tokenStore: setup.store,
    logger: context.logger,
    // Waits for a rate-limit slot show on the progress line; a local sandbox is not paced.
    ...(setup.baseUrl === undefined || pacesByDefault(setup.baseUrl)
      ? { pacing: { onWait: context.pacingWait } }
      : {}),
    ...(setup.baseUrl ? { baseUrl: setup.baseUrl } : {}),
  };
}

/**
 * What later commands renew the Bridge token with when the configuration says (see
 * {@link bridgeClientForCommands}), in words; undefined when they rely on the stored login's uuid.
 */
export function bridgeRenewal(setup: BridgeSetup): string | undefined {
  if (setup.apiVersion === '2021-06-01' && setup.email && setup.password) {
    return 'the configured email and password';
  }
  if (setup.userUuid) return 'the configured user uuid';
  if (setup.apiVersion === '2025-01-15' && setup.externalUserId) return 'the configured external user id';
  return undefined;
}

/**
 * The client for commands after a login: configured credentials when there are some (they renew
 * the two-hour token by themselves), else the stored login, renewed by the user's uuid.
 * @throws LoginRequiredError when neither exists.
 */
export async function bridgeClientForCommands(
  setup: BridgeSetup,
  context: CommandContext,
): Promise<UserClient> {
  if (setup.email && setup.password) {
    return createBridgeClient(setup, context, { email: setup.email, password: setup.password });
  }
  if (setup.userUuid) return createBridgeClient(setup, context, { userUuid: setup.userUuid });
  const stored = await setup.store.get();
  const userUuid = typeof stored?.userUuid === 'string' ? stored.userUuid : undefined;
  if (!userUuid) {
    const flag = context.usingSandbox ? ' --sandbox' : '';
    throw new LoginRequiredError('bridge', 'Bridge needs a login.', `run \`bankkit login bridge${flag}\``);
  }
  return createBridgeClient(setup, context, { userUuid });
}

/** How a Bridge 2025-01-15 client names the user. */
export type BridgeV3Identity = { userUuid: string } | { externalUserId: string };

/** A Bridge 2025-01-15 user client for this identity, keeping its token in the setup's slot. */
export function createBridgeV3Client(
  setup: BridgeSetup,
  context: CommandContext,
  identity: BridgeV3Identity,
): UserClientV3 {
  return new UserClientV3({ ...appOptions(setup, context), ...identity });
}

/**
 * The 2025-01-15 client for commands after a login: the configured user (uuid, else external id),
 * else the stored login's uuid. Tokens renew by themselves (two hours, no refresh token).
 * @throws LoginRequiredError when none exists.
 */
export async function bridgeV3ClientForCommands(
  setup: BridgeSetup,
  context: CommandContext,
): Promise<UserClientV3> {
  if (setup.userUuid) return createBridgeV3Client(setup, context, { userUuid: setup.userUuid });
  if (setup.externalUserId) {
    return createBridgeV3Client(setup, context, { externalUserId: setup.externalUserId });
  }
  const stored = await setup.store.get();
  const userUuid = typeof stored?.userUuid === 'string' ? stored.userUuid : undefined;
  if (!userUuid) {
    const flag = context.usingSandbox ? ' --sandbox' : '';
    throw new LoginRequiredError('bridge', 'Bridge needs a login.', `run \`bankkit login bridge${flag}\``);
  }
  return createBridgeV3Client(setup, context, { userUuid });
}

/**
 * Bridge behind `BankingProvider`, in the API version the setup names. In an embedded sandbox
 * (no stored logins) it logs in as the demo user first.
 */
export async function openBridgeProvider(
  setup: BridgeSetup,
  context: CommandContext,
  embedded: boolean,
): Promise<BankingProvider> {
  const demo = embedded ? setup.demoUser : undefined;
  if (setup.apiVersion === '2025-01-15') {
    const client = demo
      ? createBridgeV3Client(setup, context, { userUuid: demo.uuid })
      : await bridgeV3ClientForCommands(setup, context);
    if (demo) await client.renewAuth();
    return new BridgeV3Provider(client);
  }
  let client: UserClient;
  if (demo) {
    client = createBridgeClient(setup, context, { email: demo.email, password: demo.password });
    await client.renewAuth();
  } else {
    client = await bridgeClientForCommands(setup, context);
  }
  return new BridgeProvider(client);
}
