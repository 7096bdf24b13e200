import { isAuthenticationError, isHttpError, registerSecret } from '@bankkit/core';
import type { BridgeTransport } from '../http/transport.js';
import type { WithResponse } from '../http/with-response.js';
import { type UserAuthInfo, userAuthInfoSchema } from '../schemas/user.js';
import { authenticateBody, type UserCredentials } from './credentials.js';
import { refusedAuthentication } from './refused.js';

/**
 * `POST /v2/authenticate`: exchanges user credentials for a two-hour bearer token. Sent without a
 * bearer token and never retried (a POST). A 401 means the credentials were refused and becomes an
 * {@link AuthenticationError}.
 */
export async function authenticate(
  transport: BridgeTransport,
  credentials: UserCredentials,
  signal?: AbortSignal,
): Promise<WithResponse<UserAuthInfo>> {
  const json = authenticateBody(credentials);
  try {
    const info = await transport.send('POST', 'authenticate', userAuthInfoSchema, {
      json,
      auth: false,
      signal,
    });
    registerSecret(info.access_token);
    return info;
  } catch (error) {
    if ((isHttpError(error) || isAuthenticationError(error)) && error.status === 401) {
      throw refusedAuthentication(
        error,
        'the user credentials',
        "Check the user's email and password, uuid or external id, and the app's client id and secret.",
      );
    }
    throw error;
  }
}
