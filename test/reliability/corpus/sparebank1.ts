import {
  AuthenticationError,
  BankkitError,
  HttpError,
  InvalidInputError,
  RateLimitError,
  ReauthorizationRequiredError,
  ResponseValidationError,
  type Transaction,
  TransferOutcomeUnknownError,
} from '@bankkit/core';
import {
  type SpareBank1Client,
  SpareBank1Provider,
  type SpareBank1Transaction,
  type TransactionListPage,
} from '@bankkit/sparebank1';
import { expect } from 'vitest';
import {
  type CorpusCase,
  emptyReply,
  FOREIGN_ORIGIN,
  foreignRedirect,
  htmlReply,
  jsonReply,
  type MockReply,
} from './harness.js';

/** Where the SpareBank 1 clients of the corpus point (intercepted by nock). */
export const SPAREBANK1_API = 'https://api.sparebank1.no';
export const SPAREBANK1_AUTH = 'https://api-auth.sparebank1.no';

/** The clients a SpareBank 1 case may use, fresh for each case. */
export interface SpareBank1CorpusClients {
  /** A client whose stored access token is valid. */
  client(): Promise<SpareBank1Client>;
  /** A client whose access token has expired: its next call spends the refresh token first. */
  expired(): Promise<SpareBank1Client>;
}

/** The secrets a case may have the server echo back, to check they are scrubbed. */
export interface SpareBank1CorpusSecrets {
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  /** What a successful refresh in the corpus hands out. */
  renewedAccessToken: string;
  renewedRefreshToken: string;
}

const TRANSACTIONS = '/personal/banking/transactions';
const GET_TRANSACTIONS = `GET ${TRANSACTIONS}`;
const ACCOUNTS = '/personal/banking/accounts';
const TRANSFER = '/personal/banking/transfer/debit';
const TOKEN = '/oauth/token';
const ACCOUNT_KEY = 'MzIwOTY4OTQzMDg';
/** 2026-03-01 00:00 in Oslo (23:00 UTC the day before). */
const OSLO_MIDNIGHT_MS = Date.UTC(2026, 1, 28, 23);

/** A well-formed row of `GET /transactions`. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'U2FsdGVkX1-session-bound-id-0001',
    nonUniqueId: '000012345',
    description: 'KIWI MAJORSTUEN',
    cleanedDescription: 'Kiwi Majorstuen',
    accountNumber: { value: '32096894308', formatted: '3209.68.94308', unformatted: '32096894308' },
    amount: -348.56,
    date: OSLO_MIDNIGHT_MS,
    interestDate: OSLO_MIDNIGHT_MS,
    typeCode: 'VISA',
    typeText: 'Varekjøp',
    currencyCode: 'NOK',
    canShowDetails: true,
    source: 'RECENT',
    isConfidential: false,
    bookingStatus: 'BOOKED',
    accountName: 'Brukskonto',
    accountKey: ACCOUNT_KEY,
    accountCurrency: 'NOK',
    isFromCurrencyAccount: false,
    remoteAccountNumber: '-1',
    classificationInput: {
      id: '000012345',
      amount: -348.56,
      type: 'VISA',
      text: 'Kiwi',
      date: OSLO_MIDNIGHT_MS,
    },
    ...overrides,
  };
}

function list(rows: unknown, errors: unknown = []): Record<string, unknown> {
  return { transactions: rows, errors };
}

const VENDOR_JSON = 'application/vnd.sparebank1.v1+json; charset=utf-8';

function transactions(replies: MockReply | readonly MockReply[]) {
  return [{ origin: SPAREBANK1_API, method: 'GET' as const, path: TRANSACTIONS, replies }];
}

function tokenEndpoint(replies: MockReply | readonly MockReply[]) {
  return { origin: SPAREBANK1_AUTH, method: 'POST' as const, path: TOKEN, replies };
}

function transfer(replies: MockReply | readonly MockReply[]) {
  return [{ origin: SPAREBANK1_API, method: 'POST' as const, path: TRANSFER, replies }];
}

function errorsDto(code: string, message: string, httpCode: number) {
  return { errors: [{ code, message, traceId: 'trace-5f1c2a', httpCode }] };
}

const listRows = async (
  clients: SpareBank1CorpusClients,
): Promise<TransactionListPage<SpareBank1Transaction>> =>
  (await clients.client()).listTransactions({ accountKeys: [ACCOUNT_KEY] });

const unifiedRows = async (clients: SpareBank1CorpusClients): Promise<readonly Transaction[]> => {
  const provider = new SpareBank1Provider(await clients.client(), { now: () => Date.UTC(2026, 2, 11, 11) });
  return (
    await provider.listTransactions({ accountIds: [ACCOUNT_KEY], from: '2026-01-01', to: '2026-03-11' })
  ).resources;
};

const makeTransfer = async (clients: SpareBank1CorpusClients) =>
  (await clients.client()).createTransfer({
    amount: '100.00',
    fromAccount: '32096894308',
    toAccount: '15031563892',
    message: 'corpus',
  });

/** Any call after the access token expired: it refreshes first. */
const afterExpiry = async (clients: SpareBank1CorpusClients) => (await clients.expired()).listAccounts();

function invalid(path?: string): CorpusCase<SpareBank1CorpusClients>['expect'] {
  return {
    error: ResponseValidationError,
    ...(path === undefined
      ? {}
      : {
          check: (error) =>
            expect((error as ResponseValidationError).issues.map((issue) => issue.path)).toContain(path),
        }),
  };
}

function rowsAre(
  check: (rows: readonly SpareBank1Transaction[]) => void,
): CorpusCase<SpareBank1CorpusClients>['expect'] {
  return { value: (result) => check((result as TransactionListPage<SpareBank1Transaction>).resources) };
}

function unifiedAre(
  check: (rows: readonly Transaction[]) => void,
): CorpusCase<SpareBank1CorpusClients>['expect'] {
  return { value: (result) => check(result as readonly Transaction[]) };
}

function unifiedAmount(amount: string): CorpusCase<SpareBank1CorpusClients>['expect'] {
  return unifiedAre((rows) => expect(rows[0]?.amount).toEqual({ amount, currency: 'NOK' }));
}

function withAmount(text: string): MockReply {
  return jsonReply(
    200,
    JSON.stringify(list([row()])).replace('"amount":-348.56', `"amount":${text}`),
    VENDOR_JSON,
  );
}

/** The SpareBank 1 corpus: at least 30 malformed or odd responses, each with what bankkit must make of it. */
export function sparebank1Corpus(secrets: SpareBank1CorpusSecrets): CorpusCase<SpareBank1CorpusClients>[] {
  const renewed = jsonReply(200, {
    access_token: secrets.renewedAccessToken,
    token_type: 'Bearer',
    expires_in: 600,
    refresh_token: secrets.renewedRefreshToken,
    refresh_token_expires_in: 30 * 86_400,
    refresh_token_absolute_expires_in: 300 * 86_400,
  });
  const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
  return [
    {
      name: 'HTML error page with status 200',
      routes: transactions(htmlReply(200)),
      run: listRows,
      expect: invalid(''),
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: 'HTML error page with status 502 (retried, then a typed error)',
      routes: transactions(htmlReply(502)),
      run: listRows,
      expect: { error: HttpError, fields: { status: 502 } },
      requests: { [GET_TRANSACTIONS]: 3 },
    },
    {
      name: 'empty body with status 200',
      routes: transactions(emptyReply(200, VENDOR_JSON)),
      run: listRows,
      expect: invalid(''),
    },
    {
      name: 'truncated JSON',
      routes: transactions(jsonReply(200, JSON.stringify(list([row()])).slice(0, 80), VENDOR_JSON)),
      run: listRows,
      expect: invalid(''),
    },
    {
      name: 'amount as a string',
      routes: transactions(jsonReply(200, list([row({ amount: '-348.56' })]), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions.0.amount'),
    },
    {
      name: 'transactions as an object instead of an array',
      routes: transactions(jsonReply(200, list({ first: row() }), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions'),
    },
    {
      name: 'transactions null',
      routes: transactions(jsonReply(200, list(null), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions'),
    },
    {
      name: 'amount null',
      routes: transactions(jsonReply(200, list([row({ amount: null })]), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions.0.amount'),
    },
    {
      name: 'accountKey missing',
      routes: transactions(jsonReply(200, list([row({ accountKey: undefined })]), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions.0.accountKey'),
    },
    {
      name: 'bookingStatus missing',
      routes: transactions(jsonReply(200, list([row({ bookingStatus: undefined })]), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions.0.bookingStatus'),
    },
    {
      name: 'id empty',
      routes: transactions(jsonReply(200, list([row({ id: '' })]), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions.0.id'),
    },
    {
      name: 'errors as a string instead of a list',
      routes: transactions(jsonReply(200, list([row()], 'RECENT_TRANSACTIONS_FAILED'), VENDOR_JSON)),
      run: listRows,
      expect: invalid('errors'),
    },
    {
      name: 'optional fields null (tolerant)',
      routes: transactions(
        jsonReply(
          200,
          list([
            row({
              description: null,
              cleanedDescription: null,
              merchant: null,
              classificationInput: null,
              remoteAccountNumber: null,
              creditCardIdentifiers: null,
              interestDate: null,
            }),
          ]),
          VENDOR_JSON,
        ),
      ),
      run: listRows,
      expect: rowsAre((rows) => expect(rows[0]).toMatchObject({ amount: -348.56, description: null })),
    },
    {
      name: 'extra fields on rows and list (tolerant, kept)',
      routes: transactions(
        jsonReply(
          200,
          { ...list([row({ loyaltyPoints: 12, tags: ['mat'] })]), nextPageToken: null },
          VENDOR_JSON,
        ),
      ),
      run: listRows,
      expect: rowsAre((rows) => expect(rows[0]).toMatchObject({ loyaltyPoints: 12, tags: ['mat'] })),
    },
    {
      name: 'a partial failure reported with the rows (tolerant, surfaced)',
      routes: transactions(jsonReply(200, list([row()], ['CREDIT_ACCOUNTS_FAILED']), VENDOR_JSON)),
      run: listRows,
      expect: {
        value: (result) => {
          const page = result as TransactionListPage<SpareBank1Transaction>;
          expect(page.errors).toEqual(['CREDIT_ACCOUNTS_FAILED']);
          expect(page.resources).toHaveLength(1);
        },
      },
    },
    {
      name: 'date as an ISO string (tolerant, same Oslo day)',
      routes: transactions(jsonReply(200, list([row({ date: '2026-03-01' })]), VENDOR_JSON)),
      run: unifiedRows,
      expect: unifiedAre((rows) => expect(rows[0]?.bookingDate).toBe('2026-03-01')),
    },
    {
      name: 'date as epoch ms of Oslo midnight (read in Oslo, not UTC)',
      routes: transactions(jsonReply(200, list([row()]), VENDOR_JSON)),
      run: unifiedRows,
      expect: unifiedAre((rows) => expect(rows[0]).toMatchObject({ bookingDate: '2026-03-01' })),
    },
    {
      name: 'JSON labelled text/plain (tolerant)',
      routes: transactions(jsonReply(200, list([row()]), 'text/plain')),
      run: listRows,
      expect: rowsAre((rows) => expect(rows).toHaveLength(1)),
    },
    {
      name: 'JSON labelled application/json instead of the vendor type (tolerant)',
      routes: transactions(jsonReply(200, list([row()]))),
      run: listRows,
      expect: rowsAre((rows) => expect(rows[0]?.amount).toBe(-348.56)),
    },
    {
      name: 'JSON labelled text/html',
      routes: transactions(jsonReply(200, list([row()]), 'text/html')),
      run: listRows,
      expect: invalid(''),
    },
    {
      name: 'amount 1e308 (past 2^53: a typed error, not digits read off a float)',
      routes: transactions(withAmount('1e308')),
      run: unifiedRows,
      expect: { error: InvalidInputError, fields: { field: 'amount' } },
    },
    {
      name: 'amount -0 (tolerant, no negative zero in the unified model)',
      routes: transactions(withAmount('-0')),
      run: unifiedRows,
      expect: unifiedAmount('0.00'),
    },
    {
      name: 'amount 2^63 written as a number: the exact value or a typed error',
      routes: transactions(withAmount('9223372036854775808')),
      run: unifiedRows,
      // JSON parsing has already lost the digits: a typed error, not an invented amount.
      expect: { error: InvalidInputError, fields: { field: 'amount' } },
    },
    {
      name: 'a 200 carrying an ErrorsDTO',
      routes: transactions(jsonReply(200, errorsDto('general.error', 'Teknisk feil', 500), VENDOR_JSON)),
      run: listRows,
      expect: invalid('transactions'),
    },
    {
      name: 'deeply nested garbage',
      routes: transactions(jsonReply(200, `{"transactions":[${deep}],"errors":[]}`, VENDOR_JSON)),
      run: listRows,
      expect: invalid(),
    },
    {
      name: 'top-level JSON array',
      routes: transactions(jsonReply(200, [row()], VENDOR_JSON)),
      run: listRows,
      expect: invalid(),
    },
    {
      name: 'a detailsUrl on another host (kept as data, never followed)',
      routes: transactions(
        jsonReply(200, list([row({ detailsUrl: `${FOREIGN_ORIGIN}/details/1` })]), VENDOR_JSON),
      ),
      run: unifiedRows,
      expect: unifiedAre((rows) => expect(rows).toHaveLength(1)),
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: 'the gateway’s plain-text 401, also after a successful refresh',
      routes: [
        ...transactions({ status: 401, body: 'Unauthorized', headers: { 'Content-Type': 'text/plain' } }),
        tokenEndpoint(renewed),
      ],
      run: listRows,
      expect: { error: AuthenticationError, fields: { status: 401 } },
      requests: { [GET_TRANSACTIONS]: 2, [`POST ${TOKEN}`]: 1 },
    },
    {
      name: '401 with an ErrorsDTO body, also after a successful refresh',
      routes: [
        ...transactions(jsonReply(401, errorsDto('UNAUTHORIZED', 'Token is not valid', 401), VENDOR_JSON)),
        tokenEndpoint(renewed),
      ],
      run: listRows,
      expect: { error: AuthenticationError, fields: { status: 401, providerCode: 'UNAUTHORIZED' } },
      requests: { [GET_TRANSACTIONS]: 2, [`POST ${TOKEN}`]: 1 },
    },
    {
      name: '403 with an ErrorsDTO',
      routes: transactions(jsonReply(403, errorsDto('FORBIDDEN', 'Missing consent', 403), VENDOR_JSON)),
      run: listRows,
      expect: {
        error: HttpError,
        fields: { status: 403, providerCode: 'FORBIDDEN', requestId: 'trace-5f1c2a' },
      },
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: '429 asking to wait an hour (not waited for)',
      routes: transactions({
        ...jsonReply(429, errorsDto('TOO_MANY_REQUESTS', 'Rate limit', 429), VENDOR_JSON),
        headers: { 'Content-Type': VENDOR_JSON, 'Retry-After': '3600' },
      }),
      run: listRows,
      expect: { error: RateLimitError, fields: { retryAfterMs: 3_600_000 } },
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: '500 whose ErrorsDTO echoes the access token and client secret',
      routes: transactions(
        jsonReply(
          500,
          errorsDto('general.error', `bad token ${secrets.accessToken} for ${secrets.clientSecret}`, 500),
          VENDOR_JSON,
        ),
      ),
      run: listRows,
      expect: { error: HttpError, fields: { status: 500, providerCode: 'general.error' } },
      requests: { [GET_TRANSACTIONS]: 3 },
    },
    {
      name: 'account balance as a string',
      routes: [
        {
          origin: SPAREBANK1_API,
          method: 'GET',
          path: ACCOUNTS,
          replies: jsonReply(
            200,
            {
              accounts: [
                {
                  key: ACCOUNT_KEY,
                  accountNumber: '32096894308',
                  name: 'Brukskonto',
                  balance: '100',
                  currencyCode: 'NOK',
                },
              ],
            },
            VENDOR_JSON,
          ),
        },
      ],
      run: async (clients) => (await clients.client()).listAccounts(),
      expect: invalid('accounts.0.balance'),
    },
    {
      name: 'account key missing',
      routes: [
        {
          origin: SPAREBANK1_API,
          method: 'GET',
          path: ACCOUNTS,
          replies: jsonReply(
            200,
            {
              accounts: [
                { accountNumber: '32096894308', name: 'Brukskonto', balance: 100, currencyCode: 'NOK' },
              ],
            },
            VENDOR_JSON,
          ),
        },
      ],
      run: async (clients) => (await clients.client()).listAccounts(),
      expect: invalid('accounts.0.key'),
    },
    {
      name: 'token endpoint: invalid_grant echoing the refresh token (never retried)',
      routes: [
        tokenEndpoint(
          jsonReply(400, {
            error: 'invalid_grant',
            error_description: `refresh token ${secrets.refreshToken} is spent`,
          }),
        ),
      ],
      run: afterExpiry,
      expect: { error: ReauthorizationRequiredError },
      requests: { [`POST ${TOKEN}`]: 1 },
    },
    {
      name: 'token endpoint: invalid_client',
      routes: [
        tokenEndpoint(
          jsonReply(401, { error: 'invalid_client', error_description: 'Client secret expired' }),
        ),
      ],
      run: afterExpiry,
      expect: { error: AuthenticationError, fields: { providerCode: 'invalid_client' } },
      requests: { [`POST ${TOKEN}`]: 1 },
    },
    {
      name: 'token endpoint: HTML with status 200',
      routes: [tokenEndpoint(htmlReply(200))],
      run: afterExpiry,
      expect: invalid(''),
      requests: { [`POST ${TOKEN}`]: 1 },
    },
    {
      name: 'token endpoint: access_token missing',
      routes: [tokenEndpoint(jsonReply(200, { token_type: 'Bearer', expires_in: 600 }))],
      run: afterExpiry,
      expect: invalid('access_token'),
      requests: { [`POST ${TOKEN}`]: 1 },
    },
    {
      name: 'token endpoint: 502 (a refresh is never retried)',
      routes: [tokenEndpoint(htmlReply(502))],
      run: afterExpiry,
      expect: { error: HttpError, fields: { status: 502 } },
      requests: { [`POST ${TOKEN}`]: 1 },
    },
    {
      name: 'transfer: HTML with status 200 (the outcome is unknown)',
      routes: transfer(htmlReply(200)),
      run: makeTransfer,
      expect: { error: TransferOutcomeUnknownError },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'transfer: 200 without paymentId (the outcome is unknown)',
      routes: transfer(jsonReply(200, { warnings: [] }, VENDOR_JSON)),
      run: makeTransfer,
      expect: { error: TransferOutcomeUnknownError },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'transfer: warnings as a string (the outcome is unknown)',
      routes: transfer(jsonReply(200, { paymentId: 'p-1', warnings: 'CUTOFF_TIME_HAS_PASSED' }, VENDOR_JSON)),
      run: makeTransfer,
      expect: { error: TransferOutcomeUnknownError },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'transfer: 403 insufficient.funds (refused, nothing moved)',
      routes: transfer(jsonReply(403, errorsDto('insufficient.funds', 'Ikke dekning', 403), VENDOR_JSON)),
      run: makeTransfer,
      expect: {
        error: HttpError,
        fields: { status: 403, providerCode: 'insufficient.funds' },
        check: (error) => expect(error).not.toBeInstanceOf(TransferOutcomeUnknownError),
      },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'transfer: 500 general.error.transfer.not.completed (nothing moved)',
      routes: transfer(
        jsonReply(
          500,
          errorsDto('general.error.transfer.not.completed', 'Ikke gjennomført', 500),
          VENDOR_JSON,
        ),
      ),
      run: makeTransfer,
      expect: { error: HttpError, fields: { code: 'transfer_not_completed' } },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'transfer: HTML 502 (the outcome is unknown, never retried)',
      routes: transfer(htmlReply(502)),
      run: makeTransfer,
      expect: { error: TransferOutcomeUnknownError, fields: { status: 502 } },
      requests: { [`POST ${TRANSFER}`]: 1 },
    },
    {
      name: 'redirect of a GET to another host',
      routes: transactions(foreignRedirect(302, TRANSACTIONS)),
      run: listRows,
      expect: { error: BankkitError },
    },
    {
      name: 'redirect of a transfer POST to another host',
      routes: transfer(foreignRedirect(307, TRANSFER)),
      run: makeTransfer,
      expect: { error: BankkitError },
    },
    {
      name: 'redirect of the refresh-token grant to another host',
      routes: [tokenEndpoint(foreignRedirect(307, TOKEN))],
      run: afterExpiry,
      expect: { error: BankkitError },
    },
  ];
}
