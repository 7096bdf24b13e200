import { ConfigurationError, InvalidInputError, type TokenStore } from '@bankkit/core';
import type { z } from 'zod';
import { BRIDGE_PROVIDER_ID } from '../api-version.js';
import type { PagingOptions, SignalOption } from '../app-client.js';
import { encodeCursor, encodeDate, encodeLimit, encodeList } from '../http/query.js';
import type { BridgeTransport, CallOptions, Query } from '../http/transport.js';
import type { WithResponse } from '../http/with-response.js';
import { type BridgePage, fetchBridgePage } from '../pagination.js';
import { requireText } from '../validation.js';
import { requestAuthorizationToken } from './auth/authorization-token.js';
import {
  type ByExternalUserId,
  type ByUserUuid,
  type ResolvedIdentity,
  resolveIdentity,
} from './auth/user-identity.js';
import { type BridgeV3TokenSet, UserTokenAuth } from './auth/user-token-auth.js';
import { encodePathId } from './http/path-id.js';
import { encodeBoolean, encodeContext, encodeCursorTime, encodePositiveInt } from './http/v3-query.js';
import { type BridgeV3ConnectionOptions, createV3Transport } from './http/v3-transport.js';
import {
  accountV3Schema,
  type BridgeV3Account,
  type BridgeV3Item,
  type BridgeV3Transaction,
  itemV3Schema,
  transactionV3Schema,
} from './schemas/aggregation.js';
import {
  type ConnectSession,
  connectSessionSchema,
  type UserManagementSession,
  userManagementSessionSchema,
} from './schemas/session.js';
import type { AuthorizationToken } from './schemas/user.js';

/** Options of the v3 {@link UserClient}: the app's credentials, the user, and how tokens are kept. */
export type UserClientOptions = BridgeV3ConnectionOptions &
  (ByUserUuid | ByExternalUserId) & {
    /**
     * Obtain the user's token on first use, renew it before it expires (one minute early) and once
     * after a 401. Default `true`. With `false`, a call without a valid token rejects with
     * `UserAuthenticationError` and sends nothing.
     */
    autoRenew?: boolean;
    /** Where tokens persist between runs (core's `FileTokenStore`, or your own). */
    tokenStore?: TokenStore;
    /** The key of this user's tokens in `tokenStore`. Default `bridge-v3:<clientId>:uuid:<uuid>` or `...:external:<id>`. */
    tokenKey?: string;
    /** Clock for expiry checks, in epoch milliseconds. Default `Date.now`. */
    now?: () => number;
  };

/** The session options Bridge documents for both Connect and user-management sessions. */
export interface SessionOptions extends SignalOption {
  /** Pre-fills the user's email; Bridge requires it except for a temporary synchronisation. */
  userEmail?: string;
  /** The default country of the provider list (`FR`, `DE`...). */
  countryCode?: string;
  /** Only providers with all these capabilities (`aggregation`...). */
  capabilities?: string | readonly string[];
  /** Let the user choose the accounts to share (Bridge's default `true`). */
  allowAccountSelection?: boolean;
  /** Where Bridge sends the user back, with `user_uuid`, `item_id`, `success`, `step` and `context`. */
  callbackUrl?: string;
  /** Your value handed back on the callback: at most 100 letters, digits and hyphens. */
  context?: string;
  /** `payment` (Bridge's default: payment accounts only) or `all`. */
  accountTypes?: 'payment' | 'all' | (string & {});
}

/** What {@link UserClient.createConnectSession} takes: every body field Bridge documents, camelCase. */
export interface CreateConnectSessionInput extends SessionOptions {
  /** The most accounts the user may select. */
  maxSelectableAccounts?: number;
  /** Open this provider directly ("connect new item with preselected provider"). */
  providerId?: number | string;
  /** Manage this existing item: fix its credentials or strong authentication (status ≠ 0). */
  itemId?: number | string;
}

/** What {@link UserClient.createUserManagementSession} takes. */
export type CreateUserManagementSessionInput = SessionOptions;

/** Options of {@link UserClient.listAccounts}. */
export interface ListAccountsOptions extends PagingOptions {
  /** Only the accounts of this item. */
  itemId?: number | string;
}

/** Filters of {@link UserClient.listTransactions}. */
export interface ListTransactionsOptions extends PagingOptions {
  /**
   * Bridge's sync cursor: rows changed (created, updated or deleted) since this `updated_at`. A
   * Date, or a timestamp with its zone sent exactly as given (pass back the largest `updated_at`
   * you stored); a `YYYY-MM-DD` date is sent as it is too.
   */
  since?: string | Date;
  /** The upper bound matching `since`, in the same forms. */
  until?: string | Date;
  /** First transaction date included, `YYYY-MM-DD` or a Date (read in Europe/Paris). */
  minDate?: string | Date;
  /** Last transaction date included, `YYYY-MM-DD` or a Date (read in Europe/Paris). */
  maxDate?: string | Date;
  /** Only this account's transactions. */
  accountId?: number | string;
}

/**
 * The user-scoped half of Bridge 2025-01-15: Connect and user-management sessions, items,
 * accounts and transactions. Every call carries the app's headers and the user's bearer token,
 * which the client obtains on first use and renews (two-hour tokens, core's token lifecycle).
 *
 * @example
 * ```ts
 * import { UserClient } from '@bankkit/bridge/v3';
 * const user = new UserClient({ clientId, clientSecret, externalUserId: 'customer-42' });
 * const { url } = await user.createConnectSession({ userEmail: 'jane@example.com', callbackUrl });
 * for await (const tx of await user.listTransactions({ since: lastUpdatedAt })) store(tx);
 * ```
 */
export class UserClient {
  readonly #transport: BridgeTransport;
  readonly #auth: UserTokenAuth;
  readonly #givenUuid: string | undefined;

  /** @throws ConfigurationError when the options cannot work (the message names what is wrong). */
  constructor(options: UserClientOptions) {
    const identity = userIdentityOption(options);
    this.#givenUuid = 'user_uuid' in identity.body ? identity.body.user_uuid : undefined;
    this.#auth = new UserTokenAuth({
      key: options.tokenKey ?? `bridge-v3:${options.clientId}:${identity.key}`,
      store: options.tokenStore,
      autoRenew: options.autoRenew ?? true,
      // Through the same transport: the token request goes without a bearer (`auth: false`).
      requestToken: () => requestAuthorizationToken(this.#transport, identity.body),
      now: options.now,
    });
    this.#transport = createV3Transport(options, this.#auth, `v3:${identity.key}`);
  }

  /** The origin requests go to. */
  get origin(): string {
    return this.#transport.origin;
  }

  /**
   * The user's Bridge uuid: as the last token answer named it, else the `userUuid` option; undefined
   * for a client by external id before its first token.
   */
  get userUuid(): string | undefined {
    return this.#auth.current?.userUuid ?? this.#givenUuid;
  }

  /** The token set held now (`accessToken`, `expiresAt`, `userUuid`); undefined before the first token. */
  get tokens(): Readonly<BridgeV3TokenSet> | undefined {
    return this.#auth.current;
  }

  /**
   * True when a token is held and expires more than `marginMs` from now (default one minute). Local:
   * a token revoked on Bridge's side counts until a call gets a 401. A stored token counts once
   * loaded: `await client.ready()` first.
   */
  isAuthenticated(marginMs = 60_000): boolean {
    return this.#auth.isAuthenticated(marginMs);
  }

  /** Resolves once a stored token set is loaded (every call waits for it anyway). */
  async ready(): Promise<void> {
    await this.#auth.ready;
  }

  /**
   * Asks Bridge for a new token now and returns its answer `{ access_token, expires_at, user }`.
   * Concurrent calls share one request.
   * @throws AuthenticationError when Bridge refuses it.
   */
  async renewAuth(): Promise<WithResponse<AuthorizationToken>> {
    return this.#auth.renew();
  }

  /**
   * `POST /v3/aggregation/connect-sessions` (201): a Bridge Connect session to add an item, open a
   * chosen provider (`providerId`) or fix an existing item (`itemId`). Send the user to `url`.
   * Never retried (a POST).
   */
  async createConnectSession(input: CreateConnectSessionInput = {}): Promise<WithResponse<ConnectSession>> {
    const json = sessionBody(input);
    const max = encodePositiveInt(input.maxSelectableAccounts, 'maxSelectableAccounts');
    if (max !== undefined) json.max_selectable_accounts = max;
    if (input.providerId !== undefined) json.provider_id = jsonId(input.providerId, 'providerId');
    if (input.itemId !== undefined) json.item_id = jsonId(input.itemId, 'itemId');
    return this.#transport.send('POST', 'aggregation/connect-sessions', connectSessionSchema, {
      json,
      signal: input.signal,
    });
  }

  /**
   * `POST /v3/aggregation/user-management-sessions` (201): a session where the user fixes sync
   * problems or adds items. Never retried (a POST).
   */
  async createUserManagementSession(
    input: CreateUserManagementSessionInput = {},
  ): Promise<WithResponse<UserManagementSession>> {
    return this.#transport.send('POST', 'aggregation/user-management-sessions', userManagementSessionSchema, {
      json: sessionBody(input),
      signal: input.signal,
    });
  }

  /** `GET /v3/aggregation/items`: the user's bank connections. */
  async listItems(options: PagingOptions = {}): Promise<BridgePage<BridgeV3Item>> {
    return this.#list('aggregation/items', itemV3Schema, {
      query: pagingQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v3/aggregation/items/{id}`. */
  async getItem(itemId: number | string, options: SignalOption = {}): Promise<WithResponse<BridgeV3Item>> {
    return this.#transport.get(`aggregation/items/${encodePathId(itemId, 'itemId')}`, itemV3Schema, options);
  }

  /** `DELETE /v3/aggregation/items/{id}` (204): removes the connection with its accounts and transactions. */
  async deleteItem(itemId: number | string, options: SignalOption = {}): Promise<void> {
    await this.#transport.sendEmpty('DELETE', `aggregation/items/${encodePathId(itemId, 'itemId')}`, options);
  }

  /** `GET /v3/aggregation/accounts`: the user's accounts, optionally of one item. */
  async listAccounts(options: ListAccountsOptions = {}): Promise<BridgePage<BridgeV3Account>> {
    return this.#list('aggregation/accounts', accountV3Schema, {
      query: { item_id: queryId(options.itemId, 'itemId'), ...pagingQuery(options) },
      signal: options.signal,
    });
  }

  /** `GET /v3/aggregation/accounts/{id}`. */
  async getAccount(
    accountId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeV3Account>> {
    return this.#transport.get(
      `aggregation/accounts/${encodePathId(accountId, 'accountId')}`,
      accountV3Schema,
      options,
    );
  }

  /**
   * `GET /v3/aggregation/transactions`: the user's transactions, rows kept as sent (`deleted` and
   * `future` included). With `since` (the largest `updated_at` you stored), the rows changed since
   * then, deleted ones included: upsert by `id`, remove the `deleted` ones.
   */
  async listTransactions(options: ListTransactionsOptions = {}): Promise<BridgePage<BridgeV3Transaction>> {
    return this.#list('aggregation/transactions', transactionV3Schema, {
      query: {
        since: encodeCursorTime(options.since, 'since'),
        until: encodeCursorTime(options.until, 'until'),
        min_date: encodeDate(options.minDate, 'minDate'),
        max_date: encodeDate(options.maxDate, 'maxDate'),
        account_id: queryId(options.accountId, 'accountId'),
        ...pagingQuery(options),
      },
      signal: options.signal,
    });
  }

  /** `GET /v3/aggregation/transactions/{id}`. */
  async getTransaction(
    transactionId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeV3Transaction>> {
    return this.#transport.get(
      `aggregation/transactions/${encodePathId(transactionId, 'transactionId')}`,
      transactionV3Schema,
      options,
    );
  }

  async #list<T>(path: string, schema: z.ZodType<T>, options: CallOptions): Promise<BridgePage<T>> {
    return fetchBridgePage(this.#transport, path, schema, options);
  }
}

/** The user a client acts for: a bad option is a configuration problem, named as such. */
function userIdentityOption(options: Partial<ByUserUuid & ByExternalUserId>): ResolvedIdentity {
  try {
    return resolveIdentity(options);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw new ConfigurationError(`Bridge v3 UserClient: ${error.message}`, { provider: BRIDGE_PROVIDER_ID });
  }
}

function pagingQuery(options: PagingOptions): Query {
  return { after: encodeCursor(options.after), limit: encodeLimit(options.limit) };
}

/** The fields Connect and user-management sessions share, as Bridge's snake_case body. */
function sessionBody(input: SessionOptions): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (input.userEmail !== undefined) json.user_email = requireText(input.userEmail, 'userEmail');
  if (input.countryCode !== undefined) json.country_code = requireText(input.countryCode, 'countryCode');
  if (input.capabilities !== undefined) json.capabilities = encodeList(input.capabilities, 'capabilities');
  const allow = encodeBoolean(input.allowAccountSelection, 'allowAccountSelection');
  if (allow !== undefined) json.allow_account_selection = allow;
  if (input.callbackUrl !== undefined) json.callback_url = requireUrl(input.callbackUrl);
  const context = encodeContext(input.context);
  if (context !== undefined) json.context = context;
  if (input.accountTypes !== undefined) json.account_types = requireText(input.accountTypes, 'accountTypes');
  return json;
}

function requireUrl(value: string): string {
  requireText(value, 'callbackUrl');
  if (!URL.canParse(value)) {
    throw new InvalidInputError(`callbackUrl must be an absolute URL, got ${JSON.stringify(value)}.`, {
      field: 'callbackUrl',
      provider: BRIDGE_PROVIDER_ID,
    });
  }
  return value;
}

/** An id in a JSON body or query: a safe integer stays a number, a digit string becomes one, another string is kept. */
function jsonId(id: number | string, field: string): number | string {
  encodePathId(id, field);
  return typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function queryId(id: number | string | undefined, field: string): number | string | undefined {
  return id === undefined ? undefined : jsonId(id, field);
}
