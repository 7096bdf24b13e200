import type { BankingProvider } from '@bankkit/core';
import { SpareBank1Provider } from '@bankkit/sparebank1';
import { PROVIDER_NAMES, type ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { ConfigError, LoginRequiredError } from '../errors/cli-errors.js';
import { loginWithAuthorizationCode } from '../login/sparebank1-login.js';
import { formatRelative } from '../output/time-format.js';
import { bridgeSetup, openBridgeProvider } from './bridge.js';
import type { ProviderTokenStore } from './provider-token-store.js';
import { createSpareBank1Client, spareBank1Setup } from './sparebank1.js';
import type { Target } from './target.js';

/** A provider ready for a command, with its token slot (to count logins and renewals). */
export interface OpenedProvider {
  id: ProviderId;
  provider: BankingProvider;
  store: ProviderTokenStore;
}

/** How long the CLI waits for a sandbox consent page it approves itself. */
const SANDBOX_LOGIN_TIMEOUT_MS = 30_000;

/**
 * The providers a command asked for (all of the target's when `wanted` is empty), logged in. An
 * embedded sandbox knows no logins, so the CLI logs in to it by itself: SpareBank 1 through the
 * real authorization-code flow with the consent page approved over HTTP, Bridge as the demo user.
 * Elsewhere a missing login is a {@link LoginRequiredError} (exit code 3).
 */
export async function openProviders(
  context: CommandContext,
  target: Target,
  wanted: readonly ProviderId[] = [],
): Promise<OpenedProvider[]> {
  const ids = wanted.length > 0 ? wanted : target.providers;
  for (const id of ids) {
    if (!target.providers.includes(id)) {
      throw new ConfigError(
        `${PROVIDER_NAMES[id]} is not configured.`,
        'configure its credentials (see `bankkit --help`) or use --sandbox',
      );
    }
  }
  const opened: OpenedProvider[] = [];
  for (const id of ids) {
    opened.push(
      id === 'sparebank1' ? await openSpareBank1(context, target) : await openBridge(context, target),
    );
  }
  return opened;
}

async function openSpareBank1(context: CommandContext, target: Target): Promise<OpenedProvider> {
  const setup = spareBank1Setup(target);
  const embedded = target.kind === 'sandbox' && target.connection?.mode === 'embedded';
  if (embedded) {
    await loginWithAuthorizationCode({
      redirectUri: setup.loginRedirectUri,
      createClient: (redirectUri) => createSpareBank1Client(setup, context, redirectUri),
      approval: { kind: 'http' },
      showUrl: (url) => context.debug(`approving the sandbox consent page at ${url}`),
      timeoutMs: SANDBOX_LOGIN_TIMEOUT_MS,
      signal: context.signal,
    });
  } else if (!(await setup.store.get())) {
    const flag = context.usingSandbox ? ' --sandbox' : '';
    throw new LoginRequiredError(
      'sparebank1',
      'SpareBank 1 needs a login.',
      `run \`bankkit login sparebank1${flag}\``,
    );
  }
  const client = createSpareBank1Client(setup, context);
  const status = await client.tokenStatus();
  if (
    !embedded &&
    status.authenticated &&
    status.needsReauthorizationSoon &&
    status.reauthorizationRequiredAt
  ) {
    const flag = context.usingSandbox ? ' --sandbox' : '';
    context.warn(
      `the SpareBank 1 login expires ${formatRelative(status.reauthorizationRequiredAt)}: run \`bankkit login sparebank1${flag}\` before then.`,
    );
  }
  return { id: 'sparebank1', provider: new SpareBank1Provider(client), store: setup.store };
}

async function openBridge(context: CommandContext, target: Target): Promise<OpenedProvider> {
  const setup = bridgeSetup(target);
  const embedded = target.kind === 'sandbox' && target.connection?.mode === 'embedded';
  const provider = await openBridgeProvider(setup, context, embedded);
  return { id: 'bridge', provider, store: setup.store };
}
