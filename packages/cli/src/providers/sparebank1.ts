import { pacesByDefault } from '@bankkit/core';
import { SpareBank1Client } from '@bankkit/sparebank1';
import type { CommandContext } from '../context.js';
import { ConfigError } from '../errors/cli-errors.js';
import { ProviderTokenStore } from './provider-token-store.js';
import type { Target } from './target.js';

/** Everything needed to build a SpareBank 1 client for a target. */
export interface SpareBank1Setup {
  clientId: string;
  clientSecret: string;
  /** The registered redirect URI the login listens on. */
  redirectUri: string;
  /** The redirect URI the login's callback server binds: port 0 for a sandbox (any loopback port is accepted). */
  loginRedirectUri: string;
  finInst?: string | undefined;
  baseUrl?: string | undefined;
  authBaseUrl?: string | undefined;
  store: ProviderTokenStore;
}

/** The SpareBank 1 setup of a target: configured credentials, or the sandbox's demo client. */
export function spareBank1Setup(target: Target): SpareBank1Setup {
  const store = new ProviderTokenStore(target.tokenStore, 'sparebank1');
  if (target.kind === 'real') {
    const settings = target.settings.sparebank1;
    if (!settings) {
      throw new ConfigError(
        'SpareBank 1 is not configured.',
        'set BANKKIT_SPAREBANK1_CLIENT_ID, _CLIENT_SECRET and _REDIRECT_URI (or use --sandbox)',
      );
    }
    return { ...settings, loginRedirectUri: settings.redirectUri, store };
  }
  const endpoints = target.connection?.endpoints.sparebank1;
  if (!endpoints) throw new ConfigError('No sandbox is running.', 'start one with `bankkit sandbox`');
  const registered = endpoints.redirectUris[0];
  if (!registered) throw new ConfigError('The sandbox registers no redirect URI for its demo client.');
  const loginRedirectUri = new URL(registered);
  loginRedirectUri.port = '0';
  return {
    clientId: endpoints.clientId,
    clientSecret: endpoints.clientSecret,
    redirectUri: registered,
    loginRedirectUri: loginRedirectUri.toString(),
    baseUrl: endpoints.baseUrl,
    authBaseUrl: endpoints.authBaseUrl,
    store,
  };
}

/** A SpareBank 1 client on the setup's token slot; `redirectUri` overrides the registered one (login). */
export function createSpareBank1Client(
  setup: SpareBank1Setup,
  context: CommandContext,
  redirectUri: string = setup.redirectUri,
): SpareBank1Client {
  return new SpareBank1Client({
    clientId: setup.clientId,
    clientSecret: setup.clientSecret,
    redirectUri,
    tokenStore: setup.store,
    tokenKey: 'sparebank1',
    logger: context.logger,
    // Waits for a rate-limit slot show on the progress line; a local sandbox is not paced.
    ...(setup.baseUrl === undefined || pacesByDefault(setup.baseUrl)
      ? { pacing: { onWait: context.pacingWait } }
      : {}),
    ...(setup.finInst ? { finInst: setup.finInst } : {}),
    ...(setup.baseUrl ? { baseUrl: setup.baseUrl } : {}),
    ...(setup.authBaseUrl ? { authBaseUrl: setup.authBaseUrl } : {}),
  });
}
