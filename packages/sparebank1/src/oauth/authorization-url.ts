import { registerSecret } from '@bankkit/core';
import { createPkcePair } from './pkce.js';
import { randomToken } from './random.js';

/** Options of `createAuthorizationUrl`. */
export interface AuthorizationUrlOptions {
  /** Your own `state`; a fresh random one (32 bytes, base64url) when omitted. Keep it until the callback. */
  state?: string;
  /** Bank id, e.g. `fid-smn`; without it the user picks the bank. A wrong id ends in `access_denied`. */
  finInst?: string;
  /**
   * Adds a PKCE challenge (S256) and returns the `codeVerifier` to pass to `handleCallback`.
   * SpareBank 1 does not document PKCE for personal clients; it is off by default.
   */
  pkce?: boolean;
  /** OAuth `scope`. Undocumented for personal clients and usually left out. */
  scope?: string;
}

/** The URL to send the user's browser to, with what to keep for the callback. */
export interface AuthorizationRequest {
  url: URL;
  /** Compare with the callback's `state` (`handleCallback` does it in constant time). */
  state: string;
  /** Only with `pkce: true`: pass it to `handleCallback`. Secret: keep it server-side. */
  codeVerifier?: string;
}

/** What the client knows that the authorization URL needs. */
export interface AuthorizationUrlContext {
  authBaseUrl: string;
  clientId: string;
  redirectUri: string;
  finInst?: string | undefined;
}

/** Builds `{authBaseUrl}/oauth/authorize?client_id=…&response_type=code&redirect_uri=…&state=…`. */
export function buildAuthorizationUrl(
  context: AuthorizationUrlContext,
  options: AuthorizationUrlOptions = {},
): AuthorizationRequest {
  const state = options.state ?? randomToken();
  const url = new URL('oauth/authorize', withTrailingSlash(context.authBaseUrl));
  url.searchParams.set('client_id', context.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', context.redirectUri);
  url.searchParams.set('state', state);
  const finInst = options.finInst ?? context.finInst;
  if (finInst) url.searchParams.set('finInst', finInst);
  if (options.scope) url.searchParams.set('scope', options.scope);
  if (!options.pkce) return { url, state };

  const pkce = createPkcePair();
  registerSecret(pkce.codeVerifier);
  url.searchParams.set('code_challenge', pkce.codeChallenge);
  url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
  return { url, state, codeVerifier: pkce.codeVerifier };
}

/** `new URL(path, base)` drops the base's last segment unless it ends with a slash. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
