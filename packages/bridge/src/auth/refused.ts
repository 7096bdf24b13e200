import { AuthenticationError, type HttpError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';

/**
 * Bridge's 401 on a token request (v2 `/authenticate`, v3 `/authorization/token`) as an
 * {@link AuthenticationError}: `refused` names what Bridge refused, `check` what the user should
 * check; Bridge's code, message and request id are kept, secrets are not in the message.
 */
export function refusedAuthentication(
  error: HttpError | AuthenticationError,
  refused: string,
  check: string,
): AuthenticationError {
  return new AuthenticationError(
    `Bridge refused ${refused} (401${error.providerCode ? ` ${error.providerCode}` : ''}${
      error.providerMessage ? `: ${error.providerMessage}` : ''
    }). ${check}`,
    {
      provider: BRIDGE_PROVIDER_ID,
      status: 401,
      providerCode: error.providerCode,
      providerMessage: error.providerMessage,
      requestId: error.requestId,
      response: error.response,
      cause: error,
    },
  );
}
