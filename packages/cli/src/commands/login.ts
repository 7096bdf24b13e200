import type { CommandContext } from '../context.js';
import { ConfigError } from '../errors/cli-errors.js';
import { loginBridgeV3 } from '../login/bridge-v3-login.js';
import { browserDisabledByEnv, openInBrowser } from '../login/browser.js';
import { cannotPrompt, canPrompt, promptPassword, promptText } from '../login/prompts.js';
import { loginWithAuthorizationCode } from '../login/sparebank1-login.js';
import { formatDateTime } from '../output/time-format.js';
import {
  type BridgeSetup,
  type BridgeUserCredentials,
  type BridgeV3Identity,
  bridgeRenewal,
  bridgeSetup,
  createBridgeClient,
  createBridgeV3Client,
} from '../providers/bridge.js';
import { createSpareBank1Client, spareBank1Setup } from '../providers/sparebank1.js';
import { resolveTarget, type Target } from '../providers/target.js';

/** Options of `bankkit login sparebank1`. */
export interface SpareBank1LoginOptions {
  /** False with `--no-browser`: only print the URL. */
  browser: boolean;
  /** How long to wait for the browser to come back, in seconds. */
  timeout: number;
}

/** Options of `bankkit login bridge`. */
export interface BridgeLoginOptions {
  email?: string | undefined;
  userUuid?: string | undefined;
  /** 2025-01-15: the user by your own id. */
  externalUserId?: string | undefined;
  /** 2025-01-15: run Bridge Connect (`true`), skip it (`false`), or only when the user has no bank. */
  connect?: boolean | undefined;
  /** False with `--no-browser`: only print the Connect URL. */
  browser?: boolean | undefined;
  /** How long to wait for Bridge Connect to come back, in seconds. */
  timeout?: number | undefined;
}

/**
 * `bankkit login sparebank1`: the authorization-code flow with a callback server on the registered
 * redirect URI (127.0.0.1 only). The authorization URL is printed, and opened in the browser unless
 * `--no-browser` or `BANKKIT_NO_BROWSER` says not to; the client checks the callback's state and
 * stores the tokens.
 */
export async function loginSpareBank1Command(
  context: CommandContext,
  options: SpareBank1LoginOptions,
): Promise<void> {
  const target = await resolveTarget(context);
  try {
    warnIfEmbedded(context, target);
    const setup = spareBank1Setup(target);
    const openBrowser = options.browser && !browserDisabledByEnv(context.io.env);
    const tokens = await loginWithAuthorizationCode({
      redirectUri: setup.loginRedirectUri,
      createClient: (redirectUri) => createSpareBank1Client(setup, context, redirectUri),
      approval: {
        kind: 'browser',
        openBrowser: async (url) => {
          if (!openBrowser) return;
          await openInBrowser(url, (reason) => context.debug(`could not open a browser: ${reason}`));
        },
      },
      showUrl: (url) => {
        context.info('Log in to SpareBank 1 with BankID in your browser. If it does not open, visit:');
        context.info(`  ${url}`);
        context.info(`Waiting for the login to finish (up to ${options.timeout} s; Ctrl-C to cancel)…`);
      },
      timeoutMs: options.timeout * 1000,
      signal: context.signal,
    });
    const until = tokens.refreshTokenExpiresAt ?? tokens.expiresAt;
    context.info(
      `Logged in to SpareBank 1. The login lasts until ${formatDateTime(new Date(until))} if unused.`,
    );
  } finally {
    await target.close();
  }
}

/**
 * `bankkit login bridge`: authenticates the user with email and password (prompted, hidden, or
 * from the environment) or with `--user-uuid`, and stores the two-hour token with the user's uuid.
 * Later commands renew it with the configured credentials when there are some, else by that uuid.
 */
export async function loginBridgeCommand(
  context: CommandContext,
  options: BridgeLoginOptions,
): Promise<void> {
  const target = await resolveTarget(context);
  try {
    warnIfEmbedded(context, target);
    const setup = bridgeSetup(target);
    // The sandbox plays both versions: an email login exists only in 2021-06-01, so it goes there.
    const emailOnSandbox = target.kind === 'sandbox' && options.email !== undefined;
    if (setup.apiVersion === '2025-01-15' && !emailOnSandbox) {
      await loginBridgeV3Command(context, setup, options);
      return;
    }
    const credentials = await bridgeCredentials(context, setup, options);
    const client = createBridgeClient(setup, context, credentials);
    const info = await client.renewAuth();
    context.info(
      `Logged in to Bridge as user ${String(info.user.uuid)}. The token is valid until ${formatDateTime(
        new Date(info.expires_at),
      )} and is renewed with ${bridgeRenewal(setup) ?? "the user's uuid"} afterwards.`,
    );
  } finally {
    await target.close();
  }
}

/**
 * `bankkit login bridge` for a 2025-01-15 app: the user by `--user-uuid` / `--external-user-id` (or
 * the configured one, or the sandbox's demo user), a two-hour token stored in the Bridge slot, then
 * Bridge Connect in the browser when asked (`--connect`) or when the user has no bank yet, its
 * callback caught on a loopback server.
 */
async function loginBridgeV3Command(
  context: CommandContext,
  setup: BridgeSetup,
  options: BridgeLoginOptions,
): Promise<void> {
  const identity = bridgeV3Identity(setup, options);
  const openBrowser = (options.browser ?? true) && !browserDisabledByEnv(context.io.env);
  const timeout = options.timeout ?? 300;
  const result = await loginBridgeV3({
    client: createBridgeV3Client(setup, context, identity),
    app: { clientId: setup.clientId, clientSecret: setup.clientSecret, baseUrl: setup.baseUrl },
    externalUserId: 'externalUserId' in identity ? identity.externalUserId : undefined,
    connect: options.connect,
    userEmail: options.email ?? setup.email ?? setup.demoUser?.email,
    openBrowser: async (url) => {
      if (!openBrowser) return;
      await openInBrowser(url, (reason) => context.debug(`could not open a browser: ${reason}`));
    },
    showUrl: (url) => {
      context.info('Connect a bank in Bridge Connect in your browser. If it does not open, visit:');
      context.info(`  ${url}`);
      context.info(`Waiting for Bridge Connect to finish (up to ${timeout} s; Ctrl-C to cancel)…`);
    },
    info: (line) => context.info(line),
    timeoutMs: timeout * 1000,
    signal: context.signal,
  });
  if (result.connectedItemId)
    context.info(`Bridge Connect added or repaired item ${result.connectedItemId}.`);
  context.info(
    `Logged in to Bridge as user ${result.userUuid} (API 2025-01-15). The token is valid until ${formatDateTime(
      new Date(result.expiresAt),
    )} and is renewed with ${bridgeRenewal(setup) ?? "the user's uuid"} afterwards.`,
  );
}

function bridgeV3Identity(setup: BridgeSetup, options: BridgeLoginOptions): BridgeV3Identity {
  if (options.userUuid) return { userUuid: options.userUuid };
  if (options.externalUserId) return { externalUserId: options.externalUserId };
  if (setup.userUuid) return { userUuid: setup.userUuid };
  if (setup.externalUserId) return { externalUserId: setup.externalUserId };
  if (setup.demoUser) {
    return { userUuid: setup.demoUser.uuid };
  }
  throw new ConfigError(
    'Bridge needs to know the user.',
    'pass --user-uuid or --external-user-id (or set BANKKIT_BRIDGE_USER_UUID / BANKKIT_BRIDGE_EXTERNAL_USER_ID)',
  );
}

async function bridgeCredentials(
  context: CommandContext,
  setup: ReturnType<typeof bridgeSetup>,
  options: BridgeLoginOptions,
): Promise<BridgeUserCredentials> {
  if (options.userUuid) return { userUuid: options.userUuid };
  const demo = setup.demoUser;
  let email = options.email ?? setup.email;
  if (!email && demo) {
    context.info(`Logging in as the sandbox demo user ${demo.email}.`);
    return { email: demo.email, password: demo.password };
  }
  if (!email && setup.userUuid) return { userUuid: setup.userUuid };
  if (!email) {
    if (!canPrompt(context.io)) {
      throw cannotPrompt('A Bridge email', 'pass --email, set BANKKIT_BRIDGE_EMAIL, or use --user-uuid');
    }
    email = await promptText(context.io, 'Bridge email:', context.signal);
  }
  let password = setup.password ?? (demo && email === demo.email ? demo.password : undefined);
  if (!password) {
    if (!canPrompt(context.io)) throw cannotPrompt('The Bridge password', 'set BANKKIT_BRIDGE_PASSWORD');
    password = await promptPassword(context.io, `Bridge password for ${email}:`, context.signal);
  }
  return { email, password };
}

function warnIfEmbedded(context: CommandContext, target: Target): void {
  if (target.kind === 'sandbox' && target.connection?.mode === 'embedded') {
    context.warn(
      'this login goes to a sandbox that stops with this command, so it is not kept: run `bankkit sandbox` in another terminal first.',
    );
  }
}
