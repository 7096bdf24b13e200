import type { LanguageOption, PagingOptions, SignalOption } from '../app-client.js';
import { encodeCursor, encodeLimit, encodeList } from '../http/query.js';
import type { BridgeTransport } from '../http/transport.js';
import type { WithResponse } from '../http/with-response.js';
import { type BridgePage, fetchBridgePage } from '../pagination.js';
import { requireText } from '../validation.js';
import { requestAuthorizationToken } from './auth/authorization-token.js';
import { resolveIdentity, type UserIdentity } from './auth/user-identity.js';
import { encodePathId } from './http/path-id.js';
import { type BridgeV3ConnectionOptions, createV3Transport } from './http/v3-transport.js';
import {
  type BridgeV3Category,
  type BridgeV3Provider,
  categoryV3Schema,
  providerV3Schema,
} from './schemas/aggregation.js';
import { type AuthorizationToken, type BridgeV3User, userV3Schema } from './schemas/user.js';

/** Options of the v3 {@link AppClient}: the application's credentials and how to reach the API. */
export type AppClientOptions = BridgeV3ConnectionOptions;

/** What {@link AppClient.createUser} takes. */
export interface CreateUserInput extends SignalOption {
  /** Your own id for the user (Bridge documents 1–128 letters, digits, `-` and `_`). */
  externalUserId?: string;
}

/** Filters of {@link AppClient.listProviders}. */
export interface ListProvidersOptions extends PagingOptions {
  /** Only providers of this country (`FR`, `DE`...). */
  countryCode?: string;
  /** Only providers with these capabilities (`aggregation`, `single_payment`...), sent as repeated keys. */
  capabilities?: string | readonly string[];
}

/**
 * The app-scoped half of Bridge 2025-01-15 (client id + secret, no user token): users, their
 * authorization tokens, providers and categories.
 *
 * @example
 * ```ts
 * import { AppClient } from '@bankkit/bridge/v3';
 * const app = new AppClient({ clientId, clientSecret });
 * const user = await app.createUser({ externalUserId: 'customer-42' });
 * const providers = await app.listProviders({ countryCode: 'FR', capabilities: 'aggregation' });
 * ```
 */
export class AppClient {
  readonly #transport: BridgeTransport;

  /** @throws ConfigurationError when the client id or secret is missing or the base URL is malformed. */
  constructor(options: AppClientOptions) {
    this.#transport = createV3Transport(options);
  }

  /** The origin requests go to. */
  get origin(): string {
    return this.#transport.origin;
  }

  /**
   * `POST /v3/aggregation/users`: creates a user, with your own id for them when given (the body is
   * `{}` otherwise). Never retried (a POST).
   */
  async createUser(input: CreateUserInput = {}): Promise<WithResponse<BridgeV3User>> {
    const json: Record<string, string> = {};
    if (input.externalUserId !== undefined) {
      json.external_user_id = requireText(input.externalUserId, 'externalUserId');
    }
    return this.#transport.send('POST', 'aggregation/users', userV3Schema, { json, signal: input.signal });
  }

  /** `GET /v3/aggregation/users`: the app's users, as a core `Page`. */
  async listUsers(options: PagingOptions = {}): Promise<BridgePage<BridgeV3User>> {
    return fetchBridgePage(this.#transport, 'aggregation/users', userV3Schema, {
      query: { after: encodeCursor(options.after), limit: encodeLimit(options.limit) },
      signal: options.signal,
    });
  }

  /** `GET /v3/aggregation/users/{uuid}`. */
  async getUser(userUuid: string, options: SignalOption = {}): Promise<WithResponse<BridgeV3User>> {
    return this.#transport.get(
      `aggregation/users/${encodePathId(userUuid, 'userUuid')}`,
      userV3Schema,
      options,
    );
  }

  /**
   * `DELETE /v3/aggregation/users/{uuid}` (204): deletes the user with every item, account and
   * transaction. Bridge asks you to do it when your customer deletes their account.
   */
  async deleteUser(userUuid: string, options: SignalOption = {}): Promise<void> {
    await this.#transport.sendEmpty(
      'DELETE',
      `aggregation/users/${encodePathId(userUuid, 'userUuid')}`,
      options,
    );
  }

  /**
   * `POST /v3/aggregation/authorization/token` (201): a bearer token for one user, valid two hours,
   * by `userUuid` or `externalUserId`. Bridge's answer `{ access_token, expires_at, user }` as is.
   * A `UserClient` does this for you, renewing as needed.
   * @throws AuthenticationError when Bridge refuses it (401).
   */
  async createAuthorizationToken(
    user: UserIdentity,
    options: SignalOption = {},
  ): Promise<WithResponse<AuthorizationToken>> {
    const { body } = resolveIdentity(user);
    return requestAuthorizationToken(this.#transport, body, options.signal);
  }

  /** `GET /v3/providers`: the banks and institutions Bridge connects to (v2's banks). */
  async listProviders(options: ListProvidersOptions = {}): Promise<BridgePage<BridgeV3Provider>> {
    return fetchBridgePage(this.#transport, 'providers', providerV3Schema, {
      query: {
        country_code:
          options.countryCode === undefined ? undefined : requireText(options.countryCode, 'countryCode'),
        capabilities: encodeList(options.capabilities, 'capabilities'),
        after: encodeCursor(options.after),
        limit: encodeLimit(options.limit),
      },
      signal: options.signal,
    });
  }

  /** `GET /v3/providers/{id}`. */
  async getProvider(
    providerId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeV3Provider>> {
    return this.#transport.get(
      `providers/${encodePathId(providerId, 'providerId')}`,
      providerV3Schema,
      options,
    );
  }

  /** `GET /v3/aggregation/categories`: transaction categories, localised by `language` when given. */
  async listCategories(options: LanguageOption = {}): Promise<BridgePage<BridgeV3Category>> {
    return fetchBridgePage(this.#transport, 'aggregation/categories', categoryV3Schema, options);
  }

  /** `GET /v3/aggregation/categories/{id}`. */
  async getCategory(
    categoryId: number | string,
    options: LanguageOption = {},
  ): Promise<WithResponse<BridgeV3Category>> {
    return this.#transport.get(
      `aggregation/categories/${encodePathId(categoryId, 'categoryId')}`,
      categoryV3Schema,
      options,
    );
  }
}
