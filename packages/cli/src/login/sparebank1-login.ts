import type { TokenSet } from '@bankkit/core';
import { type CallbackServer, parseLoopbackRedirectUri, startCallbackServer } from './callback-server.js';
import { approveConsentOverHttp } from './consent-follower.js';

/** What the login needs from a SpareBank 1 client (`SpareBank1Client` has it). */
export interface AuthorizationCodeClient {
  createAuthorizationUrl(options?: { state?: string; finInst?: string; pkce?: boolean }): {
    url: URL;
    state: string;
    codeVerifier?: string;
  };
  handleCallback(
    callbackUrl: string | URL,
    options: { expectedState: string; codeVerifier?: string | undefined },
  ): Promise<TokenSet>;
}

/** How the consent page gets approved. */
export type ConsentApproval =
  /** A person approves in a browser: the URL is printed and, unless `openBrowser` is false, opened. */
  | { kind: 'browser'; openBrowser: (url: string) => Promise<void> }
  /** The CLI approves a sandbox consent page itself over HTTP. */
  | { kind: 'http' };

/** Options of {@link loginWithAuthorizationCode}. */
export interface AuthorizationCodeLoginOptions {
  /** The registered redirect URI; port 0 picks a free port (sandboxes accept any loopback port). */
  redirectUri: string;
  /** Builds the client once the callback server's actual redirect URI is known. */
  createClient(redirectUri: string): AuthorizationCodeClient;
  approval: ConsentApproval;
  /** Tells the user where to log in (always called, whether a browser opens or not). */
  showUrl(url: string): void;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * The OAuth authorization-code login: a callback server on the redirect URI (127.0.0.1 only), the
 * authorization URL shown (and opened, or approved over HTTP for a sandbox), the callback's state
 * checked and its code exchanged by the client, which stores the tokens.
 */
export async function loginWithAuthorizationCode(options: AuthorizationCodeLoginOptions): Promise<TokenSet> {
  const server: CallbackServer = await startCallbackServer(parseLoopbackRedirectUri(options.redirectUri));
  // Ends the wait for the callback however the login ends, so no timer outlives it.
  const finished = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, finished.signal]) : finished.signal;
  let callback: Promise<TokenSet> | undefined;
  try {
    const client = options.createClient(server.redirectUri);
    const request = client.createAuthorizationUrl();
    const url = request.url.toString();
    callback = server.handleCallback(
      (callbackUrl) =>
        client.handleCallback(callbackUrl, {
          expectedState: request.state,
          codeVerifier: request.codeVerifier,
        }),
      { timeoutMs: options.timeoutMs, signal },
    );
    options.showUrl(url);
    if (options.approval.kind === 'http') {
      const approving = approveConsentOverHttp(url, { signal });
      const [tokens] = await Promise.all([callback, approving]);
      return tokens;
    }
    await options.approval.openBrowser(url);
    return await callback;
  } finally {
    finished.abort();
    callback?.catch(() => {});
    await server.close();
  }
}
