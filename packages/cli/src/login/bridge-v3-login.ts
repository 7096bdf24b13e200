import { randomUUID, timingSafeEqual } from 'node:crypto';
import { AppClient, type UserClient } from '@bankkit/bridge/v3';
import { isHttpError } from '@bankkit/core';
import { CliError } from '../errors/cli-errors.js';
import { startCallbackServer } from './callback-server.js';

/** What the Bridge 2025-01-15 login needs. */
export interface BridgeV3LoginOptions {
  /** The user's client (token slot included). */
  client: UserClient;
  /** App credentials, to create the user when an external id is not known to Bridge yet. */
  app: { clientId: string; clientSecret: string; baseUrl?: string | undefined };
  /** The external id the client logs in with, if that is how it names the user. */
  externalUserId?: string | undefined;
  /** `true`: always connect a bank; `false`: never; undefined: when the user has none yet. */
  connect?: boolean | undefined;
  /** The user's email, pre-filled in Bridge Connect (Bridge requires one). */
  userEmail?: string | undefined;
  /** Opens the Connect URL in a browser (or does nothing with `--no-browser`). */
  openBrowser: (url: string) => Promise<void>;
  /** Tells the user where to go. */
  showUrl: (url: string) => void;
  /** Notes along the way. */
  info: (line: string) => void;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** What the login did. */
export interface BridgeV3LoginResult {
  userUuid: string;
  expiresAt: string;
  /** The item Bridge Connect created or repaired, when the flow ran. */
  connectedItemId?: string | undefined;
  /** True when the login created the Bridge user for the external id. */
  createdUser: boolean;
}

/** Where Bridge Connect sends the browser back: a free port on 127.0.0.1. */
const CALLBACK_URI = 'http://127.0.0.1:0/bridge/callback';

/**
 * `bankkit login bridge` for a 2025-01-15 app: obtains the user's two-hour token (creating the user
 * first when Bridge does not know the external id), then, when asked or when the user has no bank
 * yet, runs Bridge Connect: a connect session whose callback is a loopback server, the URL opened in
 * the browser, and the callback's `context` checked against the one sent before its outcome counts.
 */
export async function loginBridgeV3(options: BridgeV3LoginOptions): Promise<BridgeV3LoginResult> {
  const { client } = options;
  let createdUser = false;
  let token: Awaited<ReturnType<UserClient['renewAuth']>>;
  try {
    token = await client.renewAuth();
  } catch (error) {
    // Bridge answers 404 for an external id it does not know (a single-source report; the sandbox too).
    if (!(options.externalUserId && isHttpError(error) && error.status === 404)) throw error;
    await new AppClient(options.app).createUser({ externalUserId: options.externalUserId });
    options.info(`Created the Bridge user for external id ${options.externalUserId}.`);
    createdUser = true;
    token = await client.renewAuth();
  }
  const result: BridgeV3LoginResult = {
    userUuid: token.user.uuid,
    expiresAt: token.expires_at,
    createdUser,
  };
  const connect = options.connect ?? (await client.listItems({ limit: 1 })).resources.length === 0;
  if (connect) result.connectedItemId = await connectBank(options);
  return result;
}

async function connectBank(options: BridgeV3LoginOptions): Promise<string> {
  const server = await startCallbackServer(new URL(CALLBACK_URI), {
    anyOf: ['success', 'item_id', 'user_uuid'],
    refusal: 'The address carries no Bridge Connect outcome.',
  });
  try {
    // Sent as `context` and checked on the way back: a callback this login did not start is refused.
    const nonce = randomUUID();
    const session = await options.client.createConnectSession({
      callbackUrl: server.redirectUri,
      context: nonce,
      ...(options.userEmail ? { userEmail: options.userEmail } : {}),
      signal: options.signal,
    });
    options.showUrl(session.url);
    await options.openBrowser(session.url);
    return await server.handleCallback(async (url) => connectOutcome(url, nonce), {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
  } finally {
    await server.close();
  }
}

/** The item id of a successful Connect callback. @throws CliError for a failed or foreign one. */
function connectOutcome(url: URL, nonce: string): string {
  const context = url.searchParams.get('context') ?? '';
  const expected = Buffer.from(nonce);
  const got = Buffer.from(context);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new CliError('The Bridge Connect callback does not belong to this login (its context differs).', {
      hint: 'run `bankkit login bridge` again',
    });
  }
  if (url.searchParams.get('success') !== 'true') {
    const step = url.searchParams.get('step');
    throw new CliError(`Bridge Connect did not finish${step ? ` (stopped at ${step})` : ''}.`, {
      hint: 'run `bankkit login bridge --connect` to try again',
    });
  }
  const itemId = url.searchParams.get('item_id');
  if (!itemId) throw new CliError('Bridge Connect reported success without an item id.');
  return itemId;
}
