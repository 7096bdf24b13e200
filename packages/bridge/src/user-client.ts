import { isAuthenticationError, isHttpError, type TokenStore } from '@bankkit/core';
import type { z } from 'zod';
import type { LanguageOption, PagingOptions, SignalOption } from './app-client.js';
import { authenticate } from './auth/authenticate.js';
import { resolveUserAuth, type UserAuthOptions } from './auth/credentials.js';
import { type BridgeTokenSet, UserSession } from './auth/user-session.js';
import {
  encodeCursor,
  encodeDate,
  encodeDateTime,
  encodeId,
  encodeLimit,
  encodeList,
  encodeNumericId,
} from './http/query.js';
import {
  type BridgeConnectionOptions,
  BridgeTransport,
  type CallOptions,
  type Query,
} from './http/transport.js';
import type { WithResponse } from './http/with-response.js';
import { type BridgePage, fetchBridgePage } from './pagination.js';
import { accountSchema, type BridgeAccount } from './schemas/account.js';
import type { BankCapability } from './schemas/bank.js';
import { type BridgeConnectUrl, connectUrlSchema } from './schemas/connect.js';
import {
  type BridgeItem,
  type BridgeItemRefreshStatus,
  itemRefreshStatusSchema,
  itemSchema,
} from './schemas/item.js';
import { type BridgeStock, stockSchema } from './schemas/stock.js';
import { type BridgeTransaction, transactionSchema } from './schemas/transaction.js';
import { type BridgeEmailValidation, emailValidationSchema, type UserAuthInfo } from './schemas/user.js';
import { requireText } from './validation.js';

/**
 * Options of {@link UserClient}: the app's credentials plus one way to authenticate the user
 * (email + password, `userUuid` or `externalUserId`) and/or externally managed tokens
 * (`userUuid` + `accessToken` + `expiresAt`, all three).
 */
export interface UserClientOptions extends BridgeConnectionOptions, UserAuthOptions {
  /** Legacy apps: the user's email (with `password`). */
  email?: string;
  /** Legacy apps: the user's password (with `email`). Never logged. */
  password?: string;
  /** The user's Bridge uuid: authenticates by uuid, or identifies externally managed tokens. */
  userUuid?: string;
  /** Your own id for the user: authenticates by external id. */
  externalUserId?: string;
  /** An access token obtained elsewhere (with `userUuid` and `expiresAt`). */
  accessToken?: string;
  /** When `accessToken` expires: a Date or an ISO 8601 string with `Z` or an offset. */
  expiresAt?: Date | string;
  /**
   * Authenticate on first use, before expiry, and once more after a 401. Default `true`. With
   * `false`, a call without a valid token rejects with `UserAuthenticationError` and sends nothing.
   */
  autoRenew?: boolean;
  /**
   * Where tokens persist between runs (core's `FileTokenStore`, or your own). Stored tokens that are
   * still valid are reused instead of authenticating again. Key: {@link UserClientOptions.tokenKey}.
   */
  tokenStore?: TokenStore;
  /**
   * The key of this user's tokens in `tokenStore`. Default `bridge:<clientId>:<how the user logs in>`
   * (`email:…`, `uuid:…` or `external:…`); set your own to find a login again whichever way it renews.
   */
  tokenKey?: string;
  /** Clock for the local expiry checks, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Where Bridge Connect sends the user back, and what to hand back to you. */
export interface ConnectRedirectOptions extends SignalOption {
  /** Where Connect redirects the user when done. */
  redirectUrl?: string;
  /** An opaque value passed back on the redirect. */
  context?: string;
}

/** What {@link UserClient.connectItem} needs. */
export interface ConnectItemInput extends ConnectRedirectOptions {
  /** Pre-fills the user's email in Connect. */
  prefillEmail: string;
  /** Country of the bank list shown, e.g. `fr`. */
  country?: string;
  /** Skip the bank choice: open this bank directly. */
  bankId?: number;
  /** Capabilities the connection must have, e.g. `ais`. */
  capabilities?: BankCapability | readonly BankCapability[];
}

/** Options of {@link UserClient.listAccounts}. */
export interface ListAccountsOptions extends PagingOptions {
  /** Only the accounts of this item. */
  itemId?: number | string;
}

/** Options of {@link UserClient.listItems}. */
export interface ListItemsOptions extends PagingOptions, LanguageOption {}

/** Date filters of a transaction list. */
export interface ListTransactionsOptions extends PagingOptions {
  /** First date included: `YYYY-MM-DD`, or a Date (read in Europe/Paris). */
  since?: string | Date;
  /** Last date included: `YYYY-MM-DD`, or a Date (read in Europe/Paris). */
  until?: string | Date;
}

/** Options of the `.../updated` lists: what changed (created, updated or deleted) after `since`. */
export interface ListUpdatedOptions extends PagingOptions {
  /** A Date, or an RFC 3339 timestamp with a time zone; sent as UTC with `Z`. */
  since?: string | Date;
}

/**
 * The user-scoped half of the Bridge API: items, accounts, transactions, stocks and Bridge Connect,
 * with the user's bearer token managed for you. One method per `bridgeapi` `UserClient` method;
 * like it, no app-scoped methods (use {@link AppClient} for those).
 *
 * @example
 * ```ts
 * const user = new UserClient({ clientId, clientSecret, userUuid, tokenStore: new FileTokenStore('tokens.json') });
 * const accounts = await (await user.listAccounts()).fetchAll();
 * ```
 */
export class UserClient {
  readonly #transport: BridgeTransport;
  readonly #session: UserSession;

  /** @throws ConfigurationError when the options cannot work (the message names what is missing). */
  constructor(options: UserClientOptions) {
    const auth = resolveUserAuth(options);
    const autoRenew = options.autoRenew ?? true;
    this.#session = new UserSession({
      key: options.tokenKey ?? `bridge:${options.clientId}:${auth.identity}`,
      store: options.tokenStore,
      autoRenew,
      externalTokens: auth.externalTokens,
      // Through the same request layer as every other call: no second client per renewal.
      authenticate: () => authenticate(this.#transport, auth.credentials),
      now: options.now,
    });
    this.#transport = new BridgeTransport(options, this.#session.tokens, auth.identity);
  }

  /** The origin requests go to. */
  get origin(): string {
    return this.#transport.origin;
  }

  /** The user's Bridge uuid once known (given, stored or from the last authentication); always a string. */
  get userUuid(): string | undefined {
    return this.#session.current?.userUuid;
  }

  /**
   * The token set held now (`accessToken`, `expiresAt`, `userUuid`), e.g. to hand to another
   * process. Undefined before the first authentication and after `logout()`.
   */
  get tokens(): Readonly<BridgeTokenSet> | undefined {
    const current = this.#session.current;
    return current ? { ...current, expiresAt: new Date(current.expiresAt) } : undefined;
  }

  /**
   * True when a token is held and expires more than `marginMs` from now (default one minute). Purely
   * local: a token revoked on the server still counts until a call gets a 401. Tokens from a
   * `tokenStore` count once loaded: `await client.ready()` first.
   */
  isAuthenticated(marginMs = 60_000): boolean {
    return this.#session.isAuthenticated(marginMs);
  }

  /** Resolves once stored or externally given tokens are loaded (every call waits for it anyway). */
  async ready(): Promise<void> {
    await this.#session.ready;
  }

  /**
   * Authenticates the user now and returns Bridge's answer `{ access_token, expires_at, user }`
   * (with a non-enumerable `response`), e.g. to persist it yourself. Concurrent calls share one request.
   * @throws AuthenticationError when Bridge refuses the credentials.
   */
  async renewAuth(): Promise<WithResponse<UserAuthInfo>> {
    return this.#session.renew();
  }

  /**
   * `POST /v2/logout`: revokes the token on Bridge's side, then forgets it here and in the store.
   * A 401 (the token was already dead) counts as logged out.
   */
  async logout(options: SignalOption = {}): Promise<void> {
    await this.#session.ready;
    const token = this.#session.current?.accessToken ?? (await this.#session.tokens.current())?.accessToken;
    try {
      if (token !== undefined) {
        await this.#transport.sendEmpty('POST', 'logout', {
          auth: false,
          headers: { Authorization: `Bearer ${token}` },
          signal: options.signal,
        });
      }
    } catch (error) {
      const alreadyRevoked = (isHttpError(error) || isAuthenticationError(error)) && error.status === 401;
      if (!alreadyRevoked) throw error;
    } finally {
      await this.#session.clear();
    }
  }

  /** `GET /v2/users/me/email/confirmation`: whether the user confirmed their email. */
  async getEmailValidation(options: SignalOption = {}): Promise<WithResponse<BridgeEmailValidation>> {
    return this.#get('users/me/email/confirmation', emailValidationSchema, options);
  }

  /** `POST /v2/connect/items/add`: a Bridge Connect URL where the user adds a bank connection. */
  async connectItem(input: ConnectItemInput): Promise<WithResponse<BridgeConnectUrl>> {
    const json: Record<string, unknown> = { prefill_email: requireText(input.prefillEmail, 'prefillEmail') };
    if (input.country !== undefined) json.country = requireText(input.country, 'country');
    if (input.redirectUrl !== undefined) json.redirect_url = requireText(input.redirectUrl, 'redirectUrl');
    if (input.context !== undefined) json.context = input.context;
    if (input.bankId !== undefined) json.bank_id = encodeNumericId(input.bankId, 'bankId');
    if (input.capabilities !== undefined) json.capabilities = encodeList(input.capabilities, 'capabilities');
    await this.#session.ready;
    return this.#transport.send('POST', 'connect/items/add', connectUrlSchema, {
      json,
      signal: input.signal,
    });
  }

  /** `GET /v2/connect/items/edit`: a Connect URL where the user edits an item's credentials. */
  async editItem(
    itemId: number | string,
    options: ConnectRedirectOptions = {},
  ): Promise<WithResponse<BridgeConnectUrl>> {
    return this.#get('connect/items/edit', connectUrlSchema, {
      query: { item_id: encodeNumericId(itemId, 'itemId'), ...redirectQuery(options) },
      signal: options.signal,
    });
  }

  /** `GET /v2/connect/items/sync`: a Connect URL for strong customer authentication (item status 1010). */
  async manageScaSyncItem(
    itemId: number | string,
    options: ConnectRedirectOptions = {},
  ): Promise<WithResponse<BridgeConnectUrl>> {
    return this.#get('connect/items/sync', connectUrlSchema, {
      query: { item_id: encodeNumericId(itemId, 'itemId'), ...redirectQuery(options) },
      signal: options.signal,
    });
  }

  /** `GET /v2/connect/items/pro/confirmation`: a Connect URL where the user validates professional items. */
  async validateProItems(options: ConnectRedirectOptions = {}): Promise<WithResponse<BridgeConnectUrl>> {
    return this.#get('connect/items/pro/confirmation', connectUrlSchema, {
      query: redirectQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v2/connect/manage/accounts/iban`: a Connect URL where the user manages account IBANs. */
  async manageAccountsIban(options: ConnectRedirectOptions = {}): Promise<WithResponse<BridgeConnectUrl>> {
    return this.#get('connect/manage/accounts/iban', connectUrlSchema, {
      query: redirectQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v2/items`: the user's bank connections. */
  async listItems(options: ListItemsOptions = {}): Promise<BridgePage<BridgeItem>> {
    return this.#list('items', itemSchema, {
      query: pagingQuery(options),
      language: options.language,
      signal: options.signal,
    });
  }

  /** `GET /v2/items/{id}`. */
  async getItem(itemId: number | string, options: LanguageOption = {}): Promise<WithResponse<BridgeItem>> {
    return this.#get(`items/${encodeId(itemId, 'itemId')}`, itemSchema, options);
  }

  /** `POST /v2/items/{id}/refresh`: asks Bridge to refresh the item (202; follow with `getItemRefreshStatus`). */
  async refreshItem(itemId: number | string, options: SignalOption = {}): Promise<void> {
    const path = `items/${encodeId(itemId, 'itemId')}/refresh`;
    await this.#session.ready;
    await this.#transport.sendEmpty('POST', path, options);
  }

  /** `GET /v2/items/{id}/refresh/status`. */
  async getItemRefreshStatus(
    itemId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeItemRefreshStatus>> {
    return this.#get(`items/${encodeId(itemId, 'itemId')}/refresh/status`, itemRefreshStatusSchema, options);
  }

  /** `DELETE /v2/items/{id}` (204): removes the connection with its accounts and transactions. */
  async deleteItem(itemId: number | string, options: SignalOption = {}): Promise<void> {
    const path = `items/${encodeId(itemId, 'itemId')}`;
    await this.#session.ready;
    await this.#transport.sendEmpty('DELETE', path, options);
  }

  /** `GET /v2/accounts`: the user's accounts, optionally of one item. */
  async listAccounts(options: ListAccountsOptions = {}): Promise<BridgePage<BridgeAccount>> {
    return this.#list('accounts', accountSchema, {
      query: { item_id: encodeNumericId(options.itemId, 'itemId'), ...pagingQuery(options) },
      signal: options.signal,
    });
  }

  /** `GET /v2/accounts/{id}`. */
  async getAccount(
    accountId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeAccount>> {
    return this.#get(`accounts/${encodeId(accountId, 'accountId')}`, accountSchema, options);
  }

  /** `GET /v2/transactions`: a snapshot of every account's transactions, newest first (no deleted rows). */
  async listTransactions(options: ListTransactionsOptions = {}): Promise<BridgePage<BridgeTransaction>> {
    return this.#list('transactions', transactionSchema, {
      query: transactionsQuery(options),
      signal: options.signal,
    });
  }

  /**
   * `GET /v2/transactions/updated`: transactions created, updated or deleted (`is_deleted: true`)
   * after `since`; what keeps a stored copy in sync.
   */
  async listUpdatedTransactions(options: ListUpdatedOptions = {}): Promise<BridgePage<BridgeTransaction>> {
    return this.#list('transactions/updated', transactionSchema, {
      query: updatedQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v2/transactions/{id}`. */
  async getTransaction(
    transactionId: number | string,
    options: SignalOption = {},
  ): Promise<WithResponse<BridgeTransaction>> {
    return this.#get(`transactions/${encodeId(transactionId, 'transactionId')}`, transactionSchema, options);
  }

  /** `GET /v2/accounts/{id}/transactions`: as {@link listTransactions}, for one account. */
  async listAccountTransactions(
    accountId: number | string,
    options: ListTransactionsOptions = {},
  ): Promise<BridgePage<BridgeTransaction>> {
    return this.#list(`accounts/${encodeId(accountId, 'accountId')}/transactions`, transactionSchema, {
      query: transactionsQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v2/accounts/{id}/transactions/updated`: as {@link listUpdatedTransactions}, for one account. */
  async listAccountUpdatedTransactions(
    accountId: number | string,
    options: ListUpdatedOptions = {},
  ): Promise<BridgePage<BridgeTransaction>> {
    return this.#list(
      `accounts/${encodeId(accountId, 'accountId')}/transactions/updated`,
      transactionSchema,
      {
        query: updatedQuery(options),
        signal: options.signal,
      },
    );
  }

  /** `GET /v2/stocks`: the user's stock positions. */
  async listStocks(options: PagingOptions = {}): Promise<BridgePage<BridgeStock>> {
    return this.#list('stocks', stockSchema, { query: pagingQuery(options), signal: options.signal });
  }

  /** `GET /v2/stocks/updated`: stock positions created, updated or deleted after `since`. */
  async listUpdatedStocks(options: ListUpdatedOptions = {}): Promise<BridgePage<BridgeStock>> {
    return this.#list('stocks/updated', stockSchema, {
      query: updatedQuery(options),
      signal: options.signal,
    });
  }

  /** `GET /v2/stocks/{id}`. */
  async getStock(stockId: number | string, options: SignalOption = {}): Promise<WithResponse<BridgeStock>> {
    return this.#get(`stocks/${encodeId(stockId, 'stockId')}`, stockSchema, options);
  }

  async #get<T extends object>(
    path: string,
    schema: z.ZodType<T>,
    options: CallOptions,
  ): Promise<WithResponse<T>> {
    await this.#session.ready;
    return this.#transport.get(path, schema, options);
  }

  async #list<T>(path: string, schema: z.ZodType<T>, options: CallOptions): Promise<BridgePage<T>> {
    await this.#session.ready;
    return fetchBridgePage(this.#transport, path, schema, options);
  }
}

function pagingQuery(options: PagingOptions): Query {
  return { after: encodeCursor(options.after), limit: encodeLimit(options.limit) };
}

function transactionsQuery(options: ListTransactionsOptions): Query {
  return {
    since: encodeDate(options.since, 'since'),
    until: encodeDate(options.until, 'until'),
    ...pagingQuery(options),
  };
}

function updatedQuery(options: ListUpdatedOptions): Query {
  return { since: encodeDateTime(options.since, 'since'), ...pagingQuery(options) };
}

function redirectQuery(options: ConnectRedirectOptions): Query {
  return {
    redirect_url:
      options.redirectUrl === undefined ? undefined : requireText(options.redirectUrl, 'redirectUrl'),
    context: options.context,
  };
}
