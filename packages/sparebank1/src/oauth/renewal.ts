import { ReauthorizationRequiredError, type TokenSet } from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import type { TokenEndpoint } from './token-endpoint.js';
import { readDate, type SpareBank1TokenSet } from './token-set.js';

const NOT_LOGGED_IN =
  'No SpareBank 1 login is stored. Log in with BankID first: send the user to createAuthorizationUrl().url and pass the redirect to handleCallback().';

function expiredMessage(which: 'idle' | 'absolute', at: Date): string {
  const reason =
    which === 'idle'
      ? 'it was not used for 30 days'
      : 'it reached its absolute limit (about a year after the BankID login)';
  return `The SpareBank 1 login expired on ${at.toISOString()}: ${reason}. Log in with BankID again.`;
}

/**
 * The TokenManager's renewal strategy: the refresh-token grant. A refresh token already past its
 * idle or absolute expiry fails here, without a request (it would only earn an `invalid_grant`
 * and count against the rate limit).
 */
export function refreshTokenRenewal(
  endpoint: TokenEndpoint,
  now: () => number,
): (current?: TokenSet) => Promise<SpareBank1TokenSet> {
  return async (current) => {
    const refreshToken = current?.refreshToken;
    if (!current || !refreshToken) {
      throw new ReauthorizationRequiredError(NOT_LOGGED_IN, { provider: PROVIDER_ID });
    }
    const idle = readDate(current.refreshTokenExpiresAt);
    if (idle && idle.getTime() <= now()) {
      throw new ReauthorizationRequiredError(expiredMessage('idle', idle), { provider: PROVIDER_ID });
    }
    const absolute = readDate(current.refreshTokenAbsoluteExpiresAt);
    if (absolute && absolute.getTime() <= now()) {
      throw new ReauthorizationRequiredError(expiredMessage('absolute', absolute), { provider: PROVIDER_ID });
    }
    return endpoint.refresh({ ...current, refreshToken });
  };
}
