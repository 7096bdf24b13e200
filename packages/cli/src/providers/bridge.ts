import { UserClient } from '@bankkit/bridge';
import { pacesByDefault } from '@bankkit/core';
import type { CommandContext } from '../context.js';
import { ConfigError, LoginRequiredError } from '../errors/cli-errors.js';
import { ProviderTokenStore } from './provider-token-store.js';
import type { Target } from './target.js';

/** Everything needed to build a Bridge user client for a target. */
export interface BridgeSetup {
  clientId: string;
  clientSecret: string;
  baseUrl?: string | undefined;
  /** Configured user credentials (env or config file), used to log in and renew without a prompt. */
  email?: string | undefined;
  password?: string | undefined;
  userUuid?: string | undefined;
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
  return new UserClient({
    clientId: setup.clientId,
    clientSecret: setup.clientSecret,
    tokenStore: setup.store,
    logger: context.logger,
    // Waits for a rate-limit slot show on the progress line; a local sandbox is not paced.
    ...(setup.baseUrl === undefined || pacesByDefault(setup.baseUrl)
      ? { pacing: { onWait: context.pacingWait } }
      : {}),
    ...(setup.baseUrl ? { baseUrl: setup.baseUrl } : {}),
    ...credentials,
  });
}

/**
 * What later commands renew the Bridge token with when the configuration says (see
 * {@link bridgeClientForCommands}), in words; undefined when they rely on the stored login's uuid.
 */
export function bridgeRenewal(setup: BridgeSetup): string | undefined {
  if (setup.email && setup.password) return 'the configured email and password';
  if (setup.userUuid) return 'the configured user uuid';
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
