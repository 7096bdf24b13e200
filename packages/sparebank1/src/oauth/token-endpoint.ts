import {
  AuthenticationError,
  type BankkitError,
  createHttpClient,
  type FailedExchange,
  type HttpClient,
  type Logger,
  OAuthCallbackError,
  ReauthorizationRequiredError,
  type RequestPacing,
  registerSecret,
  type TokenSet,
} from '@bankkit/core';
import { PROVIDER_ID } from '../constants.js';
import { parseErrorBody } from '../http/error-body.js';
import { tokenResponseSchema } from '../schemas/token.js';
import { type SpareBank1TokenSet, toTokenSet } from './token-set.js';

/** How the app proves who it is to the token endpoint; SpareBank 1 accepts both. */
export type ClientAuthMethod = 'form' | 'basic';

/** What the token endpoint client needs. */
export interface TokenEndpointOptions {
  authBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  clientAuth: ClientAuthMethod;
  now: () => number;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  /** The client's pacing hook: token requests count against its rate limit too. */
  pace?: RequestPacing | undefined;
}

type Grant = 'authorization_code' | 'refresh_token';

const REFRESH_REFUSED =
  'SpareBank 1 no longer accepts the stored refresh token (invalid_grant): it was already used (refresh tokens rotate), revoked, or went unused for 30 days or is past its 365-day limit. Log in with BankID again.';
const CODE_REFUSED =
  'SpareBank 1 refused the authorization code (invalid_grant): a code works once and only for a couple of minutes, and must come with the same redirect URI. Start the login again.';
const CLIENT_REFUSED =
  "SpareBank 1 refused the app's client credentials (invalid_client). Client secrets expire: renew the client secret in the SpareBank 1 developer portal and update the app's configuration.";

function mapTokenError(grant: Grant, exchange: FailedExchange): BankkitError | undefined {
  const { info, status, response } = exchange;
  const details = {
    provider: PROVIDER_ID,
    status,
    providerCode: info.providerCode,
    providerMessage: info.providerMessage,
    requestId: info.requestId,
    response,
  };
  if (info.providerCode === 'invalid_client' || (status === 401 && info.providerCode === undefined)) {
    return new AuthenticationError(CLIENT_REFUSED, details);
  }
  if (info.providerCode === 'invalid_grant') {
    return grant === 'refresh_token'
      ? new ReauthorizationRequiredError(REFRESH_REFUSED, details)
      : new OAuthCallbackError(CODE_REFUSED, { provider: PROVIDER_ID, oauthError: 'invalid_grant' });
  }
  return undefined;
}

/** RFC 6749 §2.3.1: Basic credentials are form-encoded before base64. */
function formEncode(value: string): string {
  return new URLSearchParams([['v', value]]).toString().slice(2);
}

/**
 * The two token requests: exchanging an authorization code and spending a refresh token. Neither
 * is ever repeated automatically: a code works once, and a refresh token rotates, so a repeated
 * refresh could burn the new token while its answer is lost.
 */
export class TokenEndpoint {
  readonly #options: TokenEndpointOptions;
  readonly #clients: Record<Grant, HttpClient>;

  constructor(options: TokenEndpointOptions) {
    this.#options = options;
    registerSecret(options.clientSecret);
    const client = (grant: Grant) =>
      createHttpClient({
        provider: PROVIDER_ID,
        baseUrl: options.authBaseUrl,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        logger: options.logger,
        retry: false,
        headers: { Accept: 'application/json' },
        parseError: parseErrorBody,
        mapError: (exchange) => mapTokenError(grant, exchange),
        pace: options.pace,
      });
    this.#clients = {
      authorization_code: client('authorization_code'),
      refresh_token: client('refresh_token'),
    };
  }

  /** Exchanges an authorization code (and the PKCE verifier, if one was used) for tokens. */
  async exchangeCode(code: string, codeVerifier?: string, signal?: AbortSignal): Promise<SpareBank1TokenSet> {
    registerSecret(code);
    return this.#request(
      'authorization_code',
      { code, redirect_uri: this.#options.redirectUri, code_verifier: codeVerifier },
      undefined,
      signal,
    );
  }

  /** Spends `current.refreshToken` for a new token set (with a new, rotated refresh token). */
  async refresh(current: TokenSet & { refreshToken: string }): Promise<SpareBank1TokenSet> {
    return this.#request('refresh_token', { refresh_token: current.refreshToken }, current);
  }

  async #request(
    grant: Grant,
    fields: Record<string, string | undefined>,
    previous: TokenSet | undefined,
    signal?: AbortSignal,
  ): Promise<SpareBank1TokenSet> {
    const { clientId, clientSecret, clientAuth } = this.#options;
    const form: Record<string, string | undefined> = { grant_type: grant, ...fields };
    const headers: Record<string, string> = {};
    if (clientAuth === 'basic') {
      const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString(
        'base64',
      );
      registerSecret(credentials);
      headers.Authorization = `Basic ${credentials}`;
    } else {
      form.client_id = clientId;
      form.client_secret = clientSecret;
    }
    const { data } = await this.#clients[grant].json(
      { method: 'POST', path: 'oauth/token', form, headers, auth: false, signal },
      tokenResponseSchema,
    );
    return toTokenSet(data, this.#options.now(), previous);
  }
}
