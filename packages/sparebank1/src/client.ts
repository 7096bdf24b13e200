import {
  ConfigurationError,
  createHttpClient,
  type HttpClient,
  type Logger,
  MemoryTokenStore,
  type RetryOptions,
  TokenManager,
  type TokenStore,
} from '@bankkit/core';
import { z } from 'zod';
import { AccountsApi, type CallOptions, type ListAccountsOptions } from './accounts.js';
import { DEFAULT_AUTH_BASE_URL, DEFAULT_BASE_URL, PROVIDER_ID } from './constants.js';
import type { TransactionsExport } from './csv-export.js';
import { parseErrorBody } from './http/error-body.js';
import { mapApiError } from './http/error-mapping.js';
import { JSON_ACCEPT } from './http/media-types.js';
import { type SpareBank1PacingOptions, spareBank1Pacing } from './http/pacing.js';
import {
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
  buildAuthorizationUrl,
  withTrailingSlash,
} from './oauth/authorization-url.js';
import { type CallbackOptions, readAuthorizationCode } from './oauth/callback.js';
import { refreshTokenRenewal } from './oauth/renewal.js';
import { type ClientAuthMethod, TokenEndpoint } from './oauth/token-endpoint.js';
import type { SpareBank1TokenSet } from './oauth/token-set.js';
import { REAUTHORIZATION_WARNING_MS, type TokenStatus, tokenStatusOf } from './oauth/token-status.js';
import type {
  SpareBank1Account,
  SpareBank1AccountBalance,
  SpareBank1AccountDetails,
  SpareBank1AccountRoles,
} from './schemas/account.js';
import type {
  SpareBank1ClassifiedTransaction,
  SpareBank1ClassifiedTransactionDetails,
  SpareBank1Transaction,
  SpareBank1TransactionDetails,
} from './schemas/transaction.js';
import {
  type ClassifiedDetailsOptions,
  type ExportTransactionsOptions,
  type ListClassifiedTransactionsOptions,
  type ListTransactionsOptions,
  type SourceParameterName,
  type TransactionListPage,
  TransactionsApi,
} from './transactions.js';
import type { CreditCardTransferInput, PensionTransferInput, TransferInput } from './transfer-input.js';
import { type TransferCallOptions, type TransferResult, TransfersApi } from './transfers.js';

/** Options of {@link SpareBank1Client}. */
export interface SpareBank1ClientOptions {
  /** The app's client id from the developer portal. */
  clientId: string;
  /** The app's client secret. Registered as a secret: it never appears in errors or logs. */
  clientSecret: string;
  /** A redirect URI registered for the app, exactly as registered. */
  redirectUri: string;
  /** Default bank id for the login (e.g. `fid-smn`); without it the user picks the bank. */
  finInst?: string;
  /** Where tokens live between runs. Default: memory (lost on exit; use `FileTokenStore` for a CLI). */
  tokenStore?: TokenStore;
  /** The store key. Default `sparebank1:<clientId>`. */
  tokenKey?: string;
  /** API host. Default `https://api.sparebank1.no`. */
  baseUrl?: string;
  /** OAuth host. Default `https://api-auth.sparebank1.no`. */
  authBaseUrl?: string;
  /** Injectable fetch. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt time limit. Default 30 s (core default). */
  timeoutMs?: number;
  /** Receives redacted log lines (warnings for partial lists and transfer warnings, among others). */
  logger?: Logger;
  /** Awaited with every new token set, after it is stored and before it is used. */
  onTokens?: (tokens: SpareBank1TokenSet) => void | Promise<void>;
  /** How the app authenticates to the token endpoint: form fields (default) or HTTP Basic. */
  clientAuth?: ClientAuthMethod;
  /** Retry policy of reads (GET and the balance lookup). Transfers and token requests are never retried. */
  retry?: RetryOptions | false;
  /** Clock for token expiry, in epoch ms. Default `Date.now`. */
  now?: () => number;
  /** The query parameter name of the transaction source. Default `source` (see `SourceParameterName`). */
  transactionSourceParameter?: SourceParameterName;
  /** How early {@link TokenStatus.needsReauthorizationSoon} turns true. Default 7 days. */
  reauthorizationWarningMs?: number;
  /**
   * Client-side pacing within SpareBank 1's rate limit (on by default: 60 requests per hour per
   * client, the community-reported figure, token requests included), shared by every client object
   * with this client id in the process; `false` turns it off.
   */
  pacing?: SpareBank1PacingOptions | false;
}

const helloWorldSchema = z.looseObject({ message: z.string() });

const USER_AGENT = 'bankkit-sparebank1/0.1';

function required(
  options: SpareBank1ClientOptions,
  field: 'clientId' | 'clientSecret' | 'redirectUri',
): string {
  const value = options[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(
      `SpareBank1Client needs ${field}: find it with your app in the SpareBank 1 developer portal.`,
      { provider: PROVIDER_ID },
    );
  }
  return value;
}

function checkUrl(value: string, field: string): string {
  if (!URL.canParse(value)) {
    throw new ConfigurationError(`SpareBank1Client ${field} is not a valid absolute URL.`, {
      provider: PROVIDER_ID,
    });
  }
  return value;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * A SpareBank 1 personal client: the OAuth code flow with BankID, the rotating refresh token, and
 * the Accounts, Transactions and Transfer APIs. Tokens are renewed before they expire and once on
 * a 401, and every new refresh token is stored before it is used.
 *
 * @example
 * ```ts
 * const client = new SpareBank1Client({ clientId, clientSecret, redirectUri, tokenStore: new FileTokenStore(path) });
 * const { url, state } = client.createAuthorizationUrl();
 * // ... the user logs in with BankID and is sent back to redirectUri ...
 * await client.handleCallback(callbackUrl, { expectedState: state });
 * const accounts = await client.listAccounts({ includeCreditCardAccounts: true });
 * ```
 */
export class SpareBank1Client {
  /** The provider id, `sparebank1`. */
  readonly provider = PROVIDER_ID;
  readonly #clientId: string;
  readonly #redirectUri: string;
  readonly #authBaseUrl: string;
  readonly #finInst: string | undefined;
  readonly #now: () => number;
  readonly #warningMs: number;
  readonly #endpoint: TokenEndpoint;
  readonly #tokens: TokenManager;
  readonly #http: HttpClient;
  readonly #accounts: AccountsApi;
  readonly #transactions: TransactionsApi;
  readonly #transfers: TransfersApi;

  constructor(options: SpareBank1ClientOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new ConfigurationError('SpareBank1Client needs options.', { provider: PROVIDER_ID });
    }
    this.#clientId = required(options, 'clientId');
    const clientSecret = required(options, 'clientSecret');
    // Kept exactly as given: the bank compares it with the registered URI character by character.
    this.#redirectUri = checkUrl(required(options, 'redirectUri'), 'redirectUri');
    const baseUrl = withoutTrailingSlash(checkUrl(options.baseUrl ?? DEFAULT_BASE_URL, 'baseUrl'));
    this.#authBaseUrl = withoutTrailingSlash(
      checkUrl(options.authBaseUrl ?? DEFAULT_AUTH_BASE_URL, 'authBaseUrl'),
    );
    this.#finInst = options.finInst;
    this.#now = options.now ?? Date.now;
    this.#warningMs = options.reauthorizationWarningMs ?? REAUTHORIZATION_WARNING_MS;

    const pace = spareBank1Pacing({
      pacing: options.pacing,
      origin: new URL(baseUrl).origin,
      clientId: this.#clientId,
      logger: options.logger,
    });
    this.#endpoint = new TokenEndpoint({
      authBaseUrl: withTrailingSlash(this.#authBaseUrl),
      clientId: this.#clientId,
      clientSecret,
      redirectUri: this.#redirectUri,
      clientAuth: options.clientAuth ?? 'form',
      now: this.#now,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      pace,
    });
    const onTokens = options.onTokens;
    this.#tokens = new TokenManager({
      key: options.tokenKey ?? `${PROVIDER_ID}:${this.#clientId}`,
      store: options.tokenStore ?? new MemoryTokenStore(),
      renew: refreshTokenRenewal(this.#endpoint, this.#now),
      now: this.#now,
      ...(onTokens ? { onTokens: (tokens) => onTokens(tokens as SpareBank1TokenSet) } : {}),
    });

    this.#http = createHttpClient({
      provider: PROVIDER_ID,
      baseUrl: withTrailingSlash(baseUrl),
      headers: { ...JSON_ACCEPT, 'User-Agent': USER_AGENT },
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      tokens: this.#tokens,
      parseError: parseErrorBody,
      mapError: mapApiError,
      pace,
      ...(options.retry === undefined ? {} : { retry: options.retry }),
    });
    this.#accounts = new AccountsApi(this.#http);
    this.#transactions = new TransactionsApi(this.#http, options.logger, options.transactionSourceParameter);
    this.#transfers = new TransfersApi(this.#http, options.logger);
  }

  // --- Login -------------------------------------------------------------------------------------

  /**
   * The URL to send the user to for the BankID login, with the `state` to keep until the callback
   * (and the PKCE `codeVerifier` when `pkce` is on). Makes no request.
   */
  createAuthorizationUrl(options: AuthorizationUrlOptions = {}): AuthorizationRequest {
    return buildAuthorizationUrl(
      {
        authBaseUrl: this.#authBaseUrl,
        clientId: this.#clientId,
        redirectUri: this.#redirectUri,
        finInst: this.#finInst,
      },
      options,
    );
  }

  /**
   * Completes the login from the URL the bank redirected to: checks `state` (in constant time)
   * and the `error` parameter first, without any request; then exchanges the code and stores the
   * tokens.
   * @throws OAuthCallbackError on `error=…` (e.g. `access_denied`), a missing or wrong state, a
   * missing or refused code. AuthenticationError when the client secret is refused.
   */
  async handleCallback(
    callbackUrl: string | URL,
    options: CallbackOptions & { signal?: AbortSignal },
  ): Promise<SpareBank1TokenSet> {
    const code = readAuthorizationCode(callbackUrl, options);
    const tokens = await this.#endpoint.exchangeCode(code, options.codeVerifier, options.signal);
    await this.#tokens.set(tokens);
    return tokens;
  }

  /** Renews the access token now with the refresh token (which rotates). Joins a renewal under way. */
  async refresh(): Promise<SpareBank1TokenSet> {
    return (await this.#tokens.renew()) as SpareBank1TokenSet;
  }

  /**
   * True when calls can be made without a new BankID login (a valid access token, or a refresh
   * token within both of its expiries). Checked locally: a token the bank revoked is only found
   * out on the next call.
   */
  async isAuthenticated(): Promise<boolean> {
    return (await this.tokenStatus()).authenticated;
  }

  /** Expiry dates of the stored login, and whether a BankID login is due within the warning window. */
  async tokenStatus(): Promise<TokenStatus> {
    return tokenStatusOf(await this.#tokens.current(), this.#now(), this.#warningMs);
  }

  /**
   * Forgets the stored tokens. SpareBank 1 documents no revocation endpoint, so the refresh token
   * stays valid at the bank until it expires; delete the app's access in the bank to end it there.
   */
  async logout(): Promise<void> {
    await this.#tokens.clear();
  }

  // --- Accounts ----------------------------------------------------------------------------------

  /** The user's accounts (`GET /accounts`). Credit cards only with `includeCreditCardAccounts: true`. */
  listAccounts(options: ListAccountsOptions = {}): Promise<SpareBank1Account[]> {
    return this.#accounts.list(options);
  }

  /** One account by key (`GET /accounts/{key}`). */
  getAccount(accountKey: string, options?: CallOptions): Promise<SpareBank1Account> {
    return this.#accounts.get(accountKey, options);
  }

  /** The default payment account (`GET /accounts/default`; used by the 2024 tutorials, absent from the 2026 spec). */
  getDefaultAccount(options?: CallOptions): Promise<SpareBank1Account> {
    return this.#accounts.getDefault(options);
  }

  /** Interest, credit line, blocked amounts and withdrawals left (`GET /accounts/{key}/details`). */
  getAccountDetails(accountKey: string, options?: CallOptions): Promise<SpareBank1AccountDetails> {
    return this.#accounts.details(accountKey, options);
  }

  /** The user's roles on an account (`GET /accounts/{key}/roles`). */
  getAccountRoles(accountKey: string, options?: CallOptions): Promise<SpareBank1AccountRoles> {
    return this.#accounts.roles(accountKey, options);
  }

  /** Account keys by account number (`GET /accounts/keys`, one call for several numbers). */
  getAccountKeys(accountNumbers: readonly string[], options?: CallOptions): Promise<Record<string, string>> {
    return this.#accounts.keys(accountNumbers, options);
  }

  /** The balance of one account by number (`POST /accounts/balance`; not for credit cards). */
  getAccountBalance(accountNumber: string, options?: CallOptions): Promise<SpareBank1AccountBalance> {
    return this.#accounts.balance(accountNumber, options);
  }

  // --- Transactions ------------------------------------------------------------------------------

  /**
   * Transactions of one or more accounts in one call (`GET /transactions`, repeated `accountKey`).
   * One page (the API has no pagination); `page.errors` holds partial-failure codes.
   */
  listTransactions(options: ListTransactionsOptions): Promise<TransactionListPage<SpareBank1Transaction>> {
    return this.#transactions.list(options);
  }

  /** Transactions with the bank's categories (`GET /transactions/classified`). */
  listClassifiedTransactions(
    options: ListClassifiedTransactionsOptions,
  ): Promise<TransactionListPage<SpareBank1ClassifiedTransaction>> {
    return this.#transactions.listClassified(options);
  }

  /** Details of one transaction; `id` must come from a current list (`GET /transactions/{id}/details`). */
  getTransactionDetails(id: string, options?: CallOptions): Promise<SpareBank1TransactionDetails> {
    return this.#transactions.details(id, options);
  }

  /** Details with categories and merchant (`GET /transactions/{id}/details/classified`). */
  getClassifiedTransactionDetails(
    id: string,
    options?: ClassifiedDetailsOptions,
  ): Promise<SpareBank1ClassifiedTransactionDetails> {
    return this.#transactions.classifiedDetails(id, options);
  }

  /** Booked transactions of one account as CSV, with the rows parsed (`GET /transactions/export`). */
  exportTransactionsCsv(options: ExportTransactionsOptions): Promise<TransactionsExport> {
    return this.#transactions.exportCsv(options);
  }

  // --- Transfers ---------------------------------------------------------------------------------

  /**
   * Moves money between two of the user's own accounts (`POST /transfer/debit`). Validated
   * locally first; sent once, never retried.
   * @throws InvalidInputError before sending; HttpError for the bank's refusals (`insufficient.funds`…);
   * TransferOutcomeUnknownError when the answer was lost or was a server error: check the account
   * before trying again.
   */
  createTransfer(input: TransferInput, options?: TransferCallOptions): Promise<TransferResult> {
    return this.#transfers.debit(input, options);
  }

  /** Pays into one of the user's credit cards (`POST /transfer/creditcard/transferTo`). Same rules as {@link createTransfer}. */
  transferToCreditCard(
    input: CreditCardTransferInput,
    options?: TransferCallOptions,
  ): Promise<TransferResult> {
    return this.#transfers.creditCard(input, options);
  }

  /** Pays into the user's pension agreement (`POST /transfer/pension`). Same rules as {@link createTransfer}. */
  transferToPension(input: PensionTransferInput, options?: TransferCallOptions): Promise<TransferResult> {
    return this.#transfers.pension(input, options);
  }

  // --- Misc --------------------------------------------------------------------------------------

  /** `GET /common/helloworld`: a cheap check that the login works (it still counts against the rate limit). */
  async helloWorld(options: CallOptions = {}): Promise<string> {
    const { data } = await this.#http.json(
      { path: 'common/helloworld', headers: JSON_ACCEPT, signal: options.signal },
      helloWorldSchema,
    );
    return data.message;
  }
}
