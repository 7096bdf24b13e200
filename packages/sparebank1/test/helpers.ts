import { type Logger, MemoryTokenStore, type TokenSet, type TokenStore } from '@bankkit/core';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { SpareBank1Client, type SpareBank1ClientOptions } from '../src/index.js';

export const API = 'https://api.sparebank1.no';
export const AUTH = 'https://api-auth.sparebank1.no';
export const CLIENT_ID = 'c0ffee00-1111-2222-3333-444455556666';
export const CLIENT_SECRET = 'secret-5ca1ab1e-9999-8888-7777-666655554444';
export const REDIRECT_URI = 'http://127.0.0.1:8321/callback';
export const TOKEN_KEY = `sparebank1:${CLIENT_ID}`;
export const JSON_TYPE = 'application/vnd.sparebank1.v1+json; charset=utf-8';
export const DAY = 24 * 60 * 60 * 1000;

/** nock for every unit test file: no real network, loopback allowed. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

/** A client on the real hosts (intercepted by nock), with fast retries. */
export function makeClient(options: Partial<SpareBank1ClientOptions> = {}): {
  client: SpareBank1Client;
  store: TokenStore;
} {
  const store = options.tokenStore ?? new MemoryTokenStore();
  const client = new SpareBank1Client({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT_URI,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    ...options,
    tokenStore: store,
  });
  return { client, store };
}

/** Stores a login whose access token is valid for `accessMs` more. */
export async function seedTokens(
  store: TokenStore,
  overrides: Partial<TokenSet> = {},
  { now = Date.now(), accessMs = 600_000 }: { now?: number; accessMs?: number } = {},
): Promise<TokenSet> {
  const tokens: TokenSet = {
    accessToken: 'access-token-aaaaaaaaaaaa',
    expiresAt: new Date(now + accessMs),
    refreshToken: 'refresh-token-rrrrrrrrrrrr1',
    refreshTokenExpiresAt: new Date(now + 30 * DAY),
    refreshTokenAbsoluteExpiresAt: new Date(now + 300 * DAY),
    ...overrides,
  };
  await store.set(TOKEN_KEY, tokens);
  return tokens;
}

/** A token endpoint answer. */
export function tokenResponse(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: `access-token-${n}-xxxxxxxxxxxx`,
    token_type: 'Bearer',
    expires_in: 600,
    refresh_token: `refresh-token-${n}-yyyyyyyyyyyy`,
    refresh_token_expires_in: 2_591_999,
    refresh_token_absolute_expires_in: 31_535_999,
    ...extra,
  };
}

/** A logger that remembers what it was told. */
export function memoryLogger(): Logger & {
  lines: Array<{ level: string; message: string; fields?: unknown }>;
} {
  const lines: Array<{ level: string; message: string; fields?: unknown }> = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An ErrorsDTO body. */
export function errorsBody(
  code: string,
  httpCode: number,
  message = 'Something happened.',
): Record<string, unknown> {
  return { errors: [{ code, message, traceId: `trace-${code}`, httpCode }] };
}

/** A full account as the bank sends it. */
export function account(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'M0wOq64MXStdRKQE4udw',
    accountNumber: '32096894308',
    iban: 'NO9332096894308',
    name: 'Brukskonto',
    description: 'BRUKSKONTO',
    balance: 12345.67,
    availableBalance: 12000.0,
    currencyCode: 'NOK',
    owner: { name: 'Ola Nordmann', firstName: 'Ola', lastName: 'Nordmann', age: 35 },
    productType: 'BRUKSKONTO',
    type: 'USER',
    productId: 'ALLEMERKET',
    descriptionCode: null,
    disposalRole: true,
    obsCodes: [],
    eInvoiceCustomerReference: '',
    accountProperties: {
      isTransferFromEnabled: true,
      isSavingsAccount: false,
      isDefaultPaymentAccount: true,
    },
    creditCardCreditLimit: null,
    creditCardAccountID: null,
    ...overrides,
  };
}

/** A transaction row as the bank sends it. */
export function transaction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `bank-id-${Math.random().toString(36).slice(2)}`,
    nonUniqueId: '575043327',
    description: 'KIWI MAJORSTUEN',
    cleanedDescription: 'Kiwi Majorstuen',
    accountNumber: { value: '32096894308', formatted: '3209 68 94308', unformatted: '32096894308' },
    amount: -348.56,
    date: 1787176800000,
    interestDate: 1787176800000,
    typeCode: 'R_710',
    typeText: 'Varer',
    currencyCode: 'NOK',
    canShowDetails: true,
    source: 'HISTORIC',
    isConfidential: false,
    bookingStatus: 'BOOKED',
    accountName: 'Brukskonto',
    accountKey: 'M0wOq64MXStdRKQE4udw',
    accountCurrency: 'NOK',
    isFromCurrencyAccount: false,
    remoteAccountNumber: '12345678901',
    remoteAccountName: 'Kiwi Norge AS',
    ...overrides,
  };
}
