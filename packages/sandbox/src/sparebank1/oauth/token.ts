import type { Context, Hono } from 'hono';
import type { SpareBank1Env, SpareBank1State } from '../state.js';
import { verifyPkce } from './pkce.js';
import type { TokenGrant } from './token-store.js';

const TOKEN_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};

/** An RFC 6749 section 5.2 error response. */
function oauthError(status: number, error: string, description: string, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { ...TOKEN_HEADERS, ...extra },
  });
}

function grantResponse(grant: TokenGrant, state: string | undefined): Response {
  const body: Record<string, string | number> = {
    access_token: grant.accessToken,
    token_type: 'Bearer',
    expires_in: grant.expiresIn,
    refresh_token: grant.refreshToken,
    refresh_token_expires_in: grant.refreshTokenExpiresIn,
    refresh_token_absolute_expires_in: grant.refreshTokenAbsoluteExpiresIn,
  };
  if (state !== undefined) body.state = state;
  return new Response(JSON.stringify(body), { status: 200, headers: TOKEN_HEADERS });
}

function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}

/** `Authorization: Basic base64(id:secret)`, each part form-encoded per RFC 6749 section 2.3.1. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeComponent(decoded.slice(0, colon)), secret: decodeComponent(decoded.slice(colon + 1)) };
}

/**
 * Parameters from the form body, falling back to the query string: one community client posts
 * everything in the query string with an empty body, and the bank accepts it.
 */
async function readParameters(c: Context<SpareBank1Env>): Promise<(name: string) => string | undefined> {
  const query = new URL(c.req.url).searchParams;
  const contentType = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  const form =
    text && (contentType === '' || contentType.toLowerCase().startsWith('application/x-www-form-urlencoded'))
      ? new URLSearchParams(text)
      : new URLSearchParams();
  return (name) => form.get(name) ?? query.get(name) ?? undefined;
}

/**
 * `POST /oauth/token`: the `authorization_code` and `refresh_token` grants, client credentials by form
 * fields, HTTP Basic or query string. Extra `state`, `redirect_uri` and `redirect_url` parameters are
 * ignored (`state` is echoed); with the `checkTokenRedirectUri` option a `redirect_uri` sent with a code
 * must match the authorize one. A code carried by a request is spent whatever the outcome, even when
 * the client authentication fails, as at the bank.
 */
export function registerTokenRoute(app: Hono<SpareBank1Env>, state: SpareBank1State): void {
  app.post('/oauth/token', async (c) => {
    const param = await readParameters(c);
    const basic = basicCredentials(c.req.header('authorization'));
    const clientId = basic?.id ?? param('client_id');
    const clientSecret = basic?.secret ?? param('client_secret');
    const grantType = param('grant_type');
    const code = grantType === 'refresh_token' ? undefined : param('code');
    // Taken before anything can fail: the bank burns a code on any failed exchange that carried it.
    const stored = code ? state.oauth.takeCode(code) : undefined;
    const check = state.clients.check(clientId, clientSecret);
    if (check !== 'ok' || !clientId) {
      const description =
        check === 'secret-expired' ? 'The client secret has expired' : 'Client authentication failed';
      return oauthError(401, 'invalid_client', description, basic ? { 'www-authenticate': 'Basic' } : {});
    }

    const echoedState = param('state');
    if (grantType === 'authorization_code') {
      if (!stored) return oauthError(400, 'invalid_request', 'Missing parameter: code');
      if (stored === 'unknown') return oauthError(400, 'invalid_grant', 'Invalid authorization code');
      if (stored === 'expired') return oauthError(400, 'invalid_grant', 'Authorization code has expired');
      if (stored.clientId !== clientId) return oauthError(400, 'invalid_grant', 'Invalid authorization code');
      const redirectUri = param('redirect_uri');
      if (
        state.options.checkTokenRedirectUri &&
        redirectUri !== undefined &&
        redirectUri !== stored.redirectUri
      ) {
        return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      }
      if (
        stored.codeChallenge !== undefined &&
        !verifyPkce(param('code_verifier'), stored.codeChallenge, stored.codeChallengeMethod ?? 'plain')
      ) {
        return oauthError(400, 'invalid_grant', 'PKCE verification failed');
      }
      return grantResponse(state.oauth.startSession(clientId), echoedState);
    }

    if (grantType === 'refresh_token') {
      const refreshToken = param('refresh_token');
      if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing parameter: refresh_token');
      const outcome = state.oauth.refresh(refreshToken, clientId);
      switch (outcome) {
        case 'unknown':
        case 'wrong-client':
          return oauthError(400, 'invalid_grant', 'Invalid refresh token');
        case 'expired':
          return oauthError(400, 'invalid_grant', 'Refresh token has expired');
        case 'absolute-expired':
          return oauthError(
            400,
            'invalid_grant',
            'Refresh token has reached its maximum lifetime; log in again',
          );
        default:
          return grantResponse(outcome, echoedState);
      }
    }

    if (!grantType) return oauthError(400, 'invalid_request', 'Missing parameter: grant_type');
    return oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  });
}
