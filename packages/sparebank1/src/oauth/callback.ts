import { InvalidInputError, OAuthCallbackError, registerSecret } from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import { constantTimeEqual } from './random.js';

/** Options of `handleCallback`. */
export interface CallbackOptions {
  /** The `state` returned by `createAuthorizationUrl` for this login. */
  expectedState: string;
  /** The `codeVerifier` returned by `createAuthorizationUrl` when `pkce` was on. */
  codeVerifier?: string | undefined;
}

/** Longest piece of a bank-supplied `error_description` repeated in a message. */
const MAX_DESCRIPTION = 200;

function describeOAuthError(error: string, description: string | null): string {
  const detail = description ? ` SpareBank 1 said: "${description.slice(0, MAX_DESCRIPTION)}".` : '';
  if (error === 'access_denied') {
    return `The SpareBank 1 login was not completed (access_denied): the user declined, or the bank id (finInst) is wrong for the user's bank, or the app is not approved for what it asked.${detail} Check finInst and start the login again.`;
  }
  return `The SpareBank 1 login failed with "${error}".${detail} Start the login again.`;
}

/**
 * Reads the redirect the bank sent the browser to and returns the authorization code. Nothing is
 * sent anywhere: an `error` parameter, a missing or mismatched `state` (compared in constant time)
 * and a missing code are all rejected here, before any code exchange.
 * @throws OAuthCallbackError (`oauthError`: the bank's `error`, `state_mismatch` or `missing_code`).
 */
export function readAuthorizationCode(callbackUrl: string | URL, options: CallbackOptions): string {
  let url: URL;
  try {
    url = new URL(String(callbackUrl));
  } catch {
    throw new InvalidInputError('The callback URL is not a valid absolute URL.', {
      provider: PROVIDER_ID,
      field: 'callbackUrl',
    });
  }
  const params = url.searchParams;
  const code = params.get('code');
  registerSecret(code);

  const error = params.get('error');
  if (error) {
    throw new OAuthCallbackError(describeOAuthError(error, params.get('error_description')), {
      provider: PROVIDER_ID,
      oauthError: error,
    });
  }

  const state = params.get('state');
  if (!options.expectedState || state === null || !constantTimeEqual(state, options.expectedState)) {
    throw new OAuthCallbackError(
      `The callback's state ${state === null ? 'is missing' : 'does not match the one this login started with'}. The request may be forged or from another login attempt, so the code was not used. Start the login again.`,
      { provider: PROVIDER_ID, oauthError: 'state_mismatch' },
    );
  }

  if (!code) {
    throw new OAuthCallbackError('The callback has no authorization code. Start the login again.', {
      provider: PROVIDER_ID,
      oauthError: 'missing_code',
    });
  }
  return code;
}
