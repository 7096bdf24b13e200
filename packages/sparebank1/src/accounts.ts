import { type HttpClient, InvalidInputError } from '@bankkit/core';
import { PROVIDER_ID } from './constants.js';
import { JSON_ACCEPT, JSON_BODY_HEADERS } from './http/media-types.js';
import {
  accountBalanceSchema,
  accountDetailsSchema,
  accountKeysSchema,
  accountListSchema,
  accountRolesSchema,
  accountSchema,
  type SpareBank1Account,
  type SpareBank1AccountBalance,
  type SpareBank1AccountDetails,
  type SpareBank1AccountRoles,
} from './schemas/account.js';
import { compiled } from './schemas/compiled.js';

/**
 * Which kinds of account `listAccounts` returns. The bank's defaults are undocumented; credit
 * cards in particular only appear with `includeCreditCardAccounts: true`. Flags left out are not
 * sent.
 */
export interface ListAccountsOptions {
  includeNokAccounts?: boolean;
  includeCurrencyAccounts?: boolean;
  includeBsuAccounts?: boolean;
  includeCreditCardAccounts?: boolean;
  includeAskAccounts?: boolean;
  includePensionAccounts?: boolean;
  signal?: AbortSignal;
}

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

const ACCOUNTS = 'personal/banking/accounts';

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(`${field} must be a non-empty string.`, { provider: PROVIDER_ID, field });
  }
  return value;
}

function accountPath(accountKey: string, suffix = ''): string {
  return `${ACCOUNTS}/${encodeURIComponent(requireText(accountKey, 'accountKey'))}${suffix}`;
}

/** The Accounts API (`/personal/banking/accounts`). */
export class AccountsApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** `GET /accounts`. */
  async list(options: ListAccountsOptions = {}): Promise<SpareBank1Account[]> {
    const { signal, ...flags } = options;
    const { data } = await this.#http.json(
      { path: ACCOUNTS, query: flags, headers: JSON_ACCEPT, signal },
      compiled(accountListSchema),
    );
    return data.accounts;
  }

  /** `GET /accounts/{accountKey}`. */
  async get(accountKey: string, options: CallOptions = {}): Promise<SpareBank1Account> {
    const { data } = await this.#http.json(
      { path: accountPath(accountKey), headers: JSON_ACCEPT, signal: options.signal },
      compiled(accountSchema),
    );
    return data;
  }

  /** `GET /accounts/default`: the default payment account (not in the 2026 spec; may be retired). */
  async getDefault(options: CallOptions = {}): Promise<SpareBank1Account> {
    const { data } = await this.#http.json(
      { path: `${ACCOUNTS}/default`, headers: JSON_ACCEPT, signal: options.signal },
      compiled(accountSchema),
    );
    return data;
  }

  /** `GET /accounts/{accountKey}/details`. */
  async details(accountKey: string, options: CallOptions = {}): Promise<SpareBank1AccountDetails> {
    const { data } = await this.#http.json(
      { path: accountPath(accountKey, '/details'), headers: JSON_ACCEPT, signal: options.signal },
      compiled(accountDetailsSchema),
    );
    return data;
  }

  /** `GET /accounts/{accountKey}/roles`. */
  async roles(accountKey: string, options: CallOptions = {}): Promise<SpareBank1AccountRoles> {
    const { data } = await this.#http.json(
      { path: accountPath(accountKey, '/roles'), headers: JSON_ACCEPT, signal: options.signal },
      compiled(accountRolesSchema),
    );
    return data;
  }

  /** `GET /accounts/keys?accountNumber=A&accountNumber=B`: account number → account key. */
  async keys(accountNumbers: readonly string[], options: CallOptions = {}): Promise<Record<string, string>> {
    if (!Array.isArray(accountNumbers) || accountNumbers.length === 0) {
      throw new InvalidInputError('accountNumbers must list at least one account number.', {
        provider: PROVIDER_ID,
        field: 'accountNumbers',
      });
    }
    for (const number of accountNumbers) requireText(number, 'accountNumbers');
    const { data } = await this.#http.json(
      {
        path: `${ACCOUNTS}/keys`,
        query: { accountNumber: accountNumbers },
        headers: JSON_ACCEPT,
        signal: options.signal,
      },
      compiled(accountKeysSchema),
    );
    return data.accountKeysMap;
  }

  /**
   * `POST /accounts/balance`. A read, so it is marked safe to repeat. Credit-card numbers are
   * refused by the bank here; use the card account's `balance` from `listAccounts` instead.
   */
  async balance(accountNumber: string, options: CallOptions = {}): Promise<SpareBank1AccountBalance> {
    const { data } = await this.#http.json(
      {
        method: 'POST',
        path: `${ACCOUNTS}/balance`,
        json: { accountNumber: requireText(accountNumber, 'accountNumber') },
        headers: JSON_BODY_HEADERS,
        idempotent: true,
        signal: options.signal,
      },
      compiled(accountBalanceSchema),
    );
    return data;
  }
}
