import { isHttpError, registerSecret } from '@bankkit/core';
import { refusedAuthentication } from '../../auth/refused.js';
import type { BridgeTransport } from '../../http/transport.js';
import type { WithResponse } from '../../http/with-response.js';
import { type AuthorizationToken, authorizationTokenSchema } from '../schemas/user.js';
import type { AuthorizationTokenBody } from './user-identity.js';

/** Path of the token endpoint, under `/v3`. */
export const AUTHORIZATION_TOKEN_PATH = 'aggregation/authorization/token';

/**
 * `POST /v3/aggregation/authorization/token`: a two-hour bearer token for one user, asked with the
 * app's headers only (no bearer). Never retried (a POST). A 401 means Bridge refused the app or the
 * user and becomes an {@link AuthenticationError}; a 404 (an unknown `external_user_id`, as one
 * client reports) stays an `HttpError` with Bridge's code.
 */
export async function requestAuthorizationToken(
  transport: BridgeTransport,
  body: AuthorizationTokenBody,
  signal?: AbortSignal,
): Promise<WithResponse<AuthorizationToken>> {
  try {
    const token = await transport.send('POST', AUTHORIZATION_TOKEN_PATH, authorizationTokenSchema, {
      json: body,
      auth: false,
      signal,
    });
    registerSecret(token.access_token);
    return token;
  } catch (error) {
    if (isHttpError(error) && error.status === 401) {
      throw refusedAuthentication(
        error,
        'the authorization token request',
        "Check the app's client id and secret, and the user's uuid or external id.",
      );
    }
    throw error;
  }
}
