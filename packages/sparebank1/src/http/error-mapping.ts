import { AuthenticationError, type BankkitError, type FailedExchange } from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import { isGatewayUnauthorized } from './unauthorized.js';

/**
 * Maps API failures the core layer cannot know about. A 401 reaching this point has already been
 * through one renewal and one repeat (the core HTTP layer does that), so the new token was refused
 * too: something is wrong with the app's access, not with a stale token.
 */
export function mapApiError(exchange: FailedExchange): BankkitError | undefined {
  if (exchange.status === 401) {
    const gateway = isGatewayUnauthorized(exchange.response);
    return new AuthenticationError(
      `SpareBank 1 refused the access token${gateway ? ' (gateway: Unauthorized)' : ''} on ${exchange.method} ${exchange.endpoint}, even after renewing it. Check that the app is still approved for this API in the developer portal, or log in with BankID again.`,
      {
        provider: PROVIDER_ID,
        status: exchange.status,
        providerCode: exchange.info.providerCode,
        providerMessage: exchange.info.providerMessage,
        requestId: exchange.info.requestId,
        response: exchange.response,
        method: exchange.method,
        endpoint: exchange.endpoint,
      },
    );
  }
  return undefined;
}
