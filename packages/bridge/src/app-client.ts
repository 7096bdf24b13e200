import { authenticate } from './auth/authenticate.js';
import type { UserCredentials } from './auth/credentials.js';
import { encodeCursor, encodeId, encodeLimit, encodeList } from './http/query.js';
import { type BridgeConnectionOptions, BridgeTransport } from './http/transport.js';
import type { WithResponse } from './http/with-response.js';
import { type BridgePage, fetchBridgePage } from './pagination.js';
import {
  type BankCapability,
  type BridgeBank,
  type BridgeBankConnectorStatus,
  bankConnectorsStatusSchema,
  bankSchema,
} from './schemas/bank.js';
import {
  type BridgeCategory,
  type BridgeParentCategory,
  categorySchema,
  parentCategorySchema,
} from './schemas/category.js';
import { type BridgeUser, type UserAuthInfo, userSchema } from './schemas/user.js';
import { requirePassword, requireText } from './validation.js';

/** Options of {@link AppClient}: the application's credentials and how to reach the API. */
export type AppClientOptions = BridgeConnectionOptions;

/** Lets a call be cancelled. */
export interface SignalOption {
  /** Aborts the request (and any retry). */
  signal?: AbortSignal;
}

/** Cursor paging of a list: `after` (opaque cursor) and `limit` (1–500, Bridge's default 50). */
export interface PagingOptions extends SignalOption {
  /** Start after this cursor (taken from a previous `next_uri`; opaque, do not forge or store). */
  after?: string;
  /** Items per page, 1 to 500. */
  limit?: number;
}

/** Filters of {@link AppClient.listBanks}. */
export interface ListBanksOptions extends PagingOptions {
  /** Country codes (`fr`, `de`...); several mean any of them. */
  countries?: string | readonly string[];
  /** Capabilities (`ais`, `single_payment`...); several mean any of them. */
  capabilities?: BankCapability | readonly BankCapability[];
}

/** Options of calls whose names Bridge localises. */
export interface LanguageOption extends SignalOption {
  /** `Accept-Language`, e.g. `fr` or `en`; sent only when given. */
  language?: string;
}

/** What {@link AppClient.createUser} needs (legacy apps). */
export interface CreateUserInput extends SignalOption {
  /** Must contain `@`; need not be a real address. */
  email: string;
  /** 6 to 71 characters. */
  password: string;
}

/**
 * The password {@link AppClient.deleteUser} sends when none is given. Bridge requires the field but
 * accepts any value of six characters or more (users of apps created after 23/10/2023 have no
 * password at all); this is that value, in the open rather than hidden in the call.
 */
export const DELETE_USER_PLACEHOLDER_PASSWORD = '******';

/** Options of {@link AppClient.deleteUser}. */
export interface DeleteUserOptions extends SignalOption {
  /**
   * The user's password, as Bridge's documentation asks. Default
   * {@link DELETE_USER_PLACEHOLDER_PASSWORD}, which Bridge accepts too.
   */
  password?: string;
}

/** What {@link AppClient.updateUserEmail} needs. */
export interface UpdateUserEmailInput extends SignalOption {
  /** The user's current password. */
  password: string;
  /** The new email. */
  newEmail: string;
}

/** What {@link AppClient.updateUserPassword} needs. */
export interface UpdateUserPasswordInput extends SignalOption {
  /** The user's current password. */
  currentPassword: string;
  /** The new password: 6 to 71 characters. */
  newPassword: string;
}

/**
 * The app-scoped half of the Bridge API (client id + secret only): banks, users, authentication,
 * categories. One method per `bridgeapi` `AppClient` method.
 *
 * @example
 * ```ts
 * const app = new AppClient({ clientId, clientSecret });
 * const banks = await app.listBanks({ countries: 'fr', capabilities: 'ais' });
 * for await (const bank of banks) console.log(bank.name);
 * ```
 */
export class AppClient {
  readonly #transport: BridgeTransport;

  /** @throws ConfigurationError when the client id or secret is missing or the base URL is malformed. */
  constructor(options: AppClientOptions) {
    this.#transport = new BridgeTransport(options);
  }

  /** The origin requests go to. */
  get origin(): string {
    return this.#transport.origin;
  }

  /** `GET /v2/banks`: the banks Bridge connects to, filtered by country and capability. */
  async listBanks(options: ListBanksOptions = {}): Promise<BridgePage<BridgeBank>> {
    return fetchBridgePage(this.#transport, 'banks', bankSchema, {
      query: {
        countries: encodeList(options.countries, 'countries'),
        capabilities: encodeList(options.capabilities, 'capabilities'),
        after: encodeCursor(options.after),
        limit: encodeLimit(options.limit),
      },
      signal: options.signal,
    });
  }

  /** `GET /v2/banks/{id}`. */
  async getBank(bankId: number | string, options: SignalOption = {}): Promise<WithResponse<BridgeBank>> {
    return this.#transport.get(`banks/${encodeId(bankId, 'bankId')}`, bankSchema, options);
  }

  /** `GET /v2/banks/insights`: connector status per bank, a bare array whose entries are kept as sent. */
  async getBankConnectorsStatus(
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeBankConnectorStatus[]>> {
    return this.#transport.get('banks/insights', bankConnectorsStatusSchema, options);
  }

  /** `GET /v2/users`: the app's users. */
  async listUsers(options: PagingOptions = {}): Promise<BridgePage<BridgeUser>> {
    return fetchBridgePage(this.#transport, 'users', userSchema, {
      query: { after: encodeCursor(options.after), limit: encodeLimit(options.limit) },
      signal: options.signal,
    });
  }

  /** `GET /v2/users/{uuid}`. */
  async getUser(userUuid: string, options: SignalOption = {}): Promise<WithResponse<BridgeUser>> {
    return this.#transport.get(`users/${encodeId(userUuid, 'userUuid')}`, userSchema, options);
  }

  /** `POST /v2/users` (legacy apps): creates a user; 409 `conflict` if the email is taken. Never retried. */
  async createUser(input: CreateUserInput): Promise<WithResponse<BridgeUser>> {
    const password = requirePassword(input.password, 'password');
    return this.#transport.send('POST', 'users', userSchema, {
      json: { email: requireText(input.email, 'email'), password },
      signal: input.signal,
    });
  }

  /** `POST /v2/users/{uuid}/delete`: deletes the user with every item, account and transaction. */
  async deleteUser(userUuid: string, options: DeleteUserOptions = {}): Promise<void> {
    const password =
      options.password === undefined
        ? DELETE_USER_PLACEHOLDER_PASSWORD
        : requirePassword(options.password, 'password');
    await this.#transport.sendEmpty('POST', `users/${encodeId(userUuid, 'userUuid')}/delete`, {
      json: { password },
      signal: options.signal,
    });
  }

  /** `DELETE /v2/users`: deletes every user of the app. Bridge allows it in its sandbox only. */
  async deleteAllUsers(options: SignalOption = {}): Promise<void> {
    await this.#transport.sendEmpty('DELETE', 'users', options);
  }

  /**
   * `POST /v2/authenticate`: a two-hour bearer token for a user, by email + password (legacy apps),
   * `userUuid` or `externalUserId` (apps created after 23/10/2023).
   * @throws AuthenticationError when Bridge refuses the credentials (401).
   */
  async authenticateUser(
    credentials: UserCredentials,
    options: SignalOption = {},
  ): Promise<WithResponse<UserAuthInfo>> {
    return authenticate(this.#transport, credentials, options.signal);
  }

  /** `POST /v2/users/{uuid}/email`: changes the user's email. Revokes every session of the user. */
  async updateUserEmail(userUuid: string, input: UpdateUserEmailInput): Promise<WithResponse<BridgeUser>> {
    return this.#transport.send('POST', `users/${encodeId(userUuid, 'userUuid')}/email`, userSchema, {
      json: {
        password: requirePassword(input.password, 'password'),
        new_email: requireText(input.newEmail, 'newEmail'),
      },
      signal: input.signal,
    });
  }

  /** `POST /v2/users/{uuid}/password`: changes the user's password. Revokes every session of the user. */
  async updateUserPassword(
    userUuid: string,
    input: UpdateUserPasswordInput,
  ): Promise<WithResponse<BridgeUser>> {
    return this.#transport.send('POST', `users/${encodeId(userUuid, 'userUuid')}/password`, userSchema, {
      json: {
        current_password: requirePassword(input.currentPassword, 'currentPassword'),
        new_password: requirePassword(input.newPassword, 'newPassword'),
      },
      signal: input.signal,
    });
  }

  /** `GET /v2/categories`: parent categories with their children; the page has `generatedAt`. */
  async listCategories(options: LanguageOption = {}): Promise<BridgePage<BridgeParentCategory>> {
    return fetchBridgePage(this.#transport, 'categories', parentCategorySchema, options);
  }

  /** `GET /v2/categories/{id}`. */
  async getCategory(
    categoryId: number | string,
    options: LanguageOption = {},
  ): Promise<WithResponse<BridgeCategory>> {
    return this.#transport.get(`categories/${encodeId(categoryId, 'categoryId')}`, categorySchema, options);
  }
}
