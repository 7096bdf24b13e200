import { BridgeProvider, type BridgeTransaction, type UserClient } from '@bankkit/bridge';
import {
  AuthenticationError,
  BankkitError,
  HttpError,
  InvalidInputError,
  type Page,
  PaginationError,
  RateLimitError,
  ResponseValidationError,
  type Transaction,
} from '@bankkit/core';
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

/** Where the Bridge clients of the corpus point (intercepted by nock). */
export const BRIDGE_ORIGIN = 'https://api.bridgeapi.io';

/** The clients a Bridge case may use, fresh for each case. */
export interface BridgeCorpusClients {
  /** A user client holding a valid token: nothing is renewed unless a 401 says so. */
  user(): UserClient;
  /** A user client that authenticates with email and password on first use. */
  login(): UserClient;
}

/** The secrets a case may have the server echo back, to check they are scrubbed. */
export interface BridgeCorpusSecrets {
  clientSecret: string;
  password: string;
  accessToken: string;
}

const TRANSACTIONS = '/v2/transactions';
const GET_TRANSACTIONS = `GET ${TRANSACTIONS}`;

/** A well-formed transaction, as Bridge sends it. */
function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1_000_000_001,
    clean_description: 'Carrefour',
    bank_description: 'CB CARREFOUR 28/02',
    amount: -12.5,
    date: '2026-03-01',
    updated_at: '2026-03-01T10:00:00.000Z',
    currency_code: 'EUR',
    is_deleted: false,
    category_id: 270,
    account_id: 4001,
    is_future: false,
    show_client_side: true,
    booking_date: '2026-03-01',
    transaction_date: '2026-02-28',
    value_date: '2026-03-01',
    ...overrides,
  };
}

/** A well-formed page around `resources`. */
function page(resources: unknown, next: string | null = null): Record<string, unknown> {
  return { resources, pagination: { previous_uri: null, next_uri: next } };
}

function transactions(replies: MockReply | readonly MockReply[]) {
  return [{ origin: BRIDGE_ORIGIN, method: 'GET' as const, path: TRANSACTIONS, replies }];
}

/** The first page's rows, from the user client. */
const firstPage = (clients: BridgeCorpusClients) =>
  clients
    .user()
    .listTransactions()
    .then((p) => p.resources);
/** Every row of every page, from the user client. */
const everyRow = async (clients: BridgeCorpusClients) => (await clients.user().listTransactions()).fetchAll();
/** The first page in the unified model. */
const unifiedPage = async (clients: BridgeCorpusClients) =>
  ((await new BridgeProvider(clients.user()).listTransactions()) as Page<Transaction>).resources;

function invalid(path?: string): CorpusCase<BridgeCorpusClients>['expect'] {
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

function rowsAre(check: (rows: BridgeTransaction[]) => void): CorpusCase<BridgeCorpusClients>['expect'] {
  return { value: (result) => check(result as BridgeTransaction[]) };
}

function unifiedAmount(amount: string): CorpusCase<BridgeCorpusClients>['expect'] {
  return {
    value: (result) => expect((result as Transaction[])[0]?.amount).toEqual({ amount, currency: 'EUR' }),
  };
}

/** A `next_uri` that must not be followed: the first page is read, then paging stops with PaginationError. */
function foreignNextUri(name: string, nextUri: string): CorpusCase<BridgeCorpusClients> {
  return {
    name: `next_uri ${name}`,
    routes: transactions(jsonReply(200, page([row()], nextUri))),
    run: everyRow,
    expect: { error: PaginationError },
    requests: { [GET_TRANSACTIONS]: 1 },
  };
}

/** The Bridge corpus: at least 30 malformed or odd responses, each with what bankkit must make of it. */
export function bridgeCorpus(secrets: BridgeCorpusSecrets): CorpusCase<BridgeCorpusClients>[] {
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  return [
    {
      name: 'HTML error page with status 200',
      routes: transactions({ ...htmlReply(200) }),
      run: firstPage,
      expect: invalid(''),
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: 'HTML error page with status 502 (retried, then a typed error)',
      routes: transactions(htmlReply(502)),
      run: firstPage,
      expect: { error: HttpError, fields: { status: 502 } },
      requests: { [GET_TRANSACTIONS]: 3 },
    },
    {
      name: 'empty body with status 200',
      routes: transactions(emptyReply(200)),
      run: firstPage,
      expect: invalid(''),
    },
    {
      name: 'empty body with status 503',
      routes: transactions(emptyReply(503)),
      run: firstPage,
      expect: { error: HttpError, fields: { status: 503 } },
    },
    {
      name: 'status 204 on a list',
      routes: transactions({ status: 204 }),
      run: firstPage,
      expect: invalid(''),
    },
    {
      name: 'truncated JSON',
      routes: transactions(jsonReply(200, JSON.stringify(page([row()])).slice(0, 60))),
      run: firstPage,
      expect: invalid(''),
    },
    {
      name: 'amount as a string',
      routes: transactions(jsonReply(200, page([row({ amount: '-12.50' })]))),
      run: firstPage,
      expect: invalid('resources.0.amount'),
    },
    {
      name: 'is_future as a string',
      routes: transactions(jsonReply(200, page([row({ is_future: 'false' })]))),
      run: firstPage,
      expect: invalid('resources.0.is_future'),
    },
    {
      name: 'id as a string',
      routes: transactions(jsonReply(200, page([row({ id: '1000000001' })]))),
      run: firstPage,
      expect: invalid('resources.0.id'),
    },
    {
      name: 'resources as an object instead of an array',
      routes: transactions(jsonReply(200, page({ 0: row() }))),
      run: firstPage,
      expect: invalid('resources'),
    },
    {
      name: 'resources holding null',
      routes: transactions(jsonReply(200, page([null]))),
      run: firstPage,
      expect: invalid('resources.0'),
    },
    {
      name: 'amount null',
      routes: transactions(jsonReply(200, page([row({ amount: null })]))),
      run: firstPage,
      expect: invalid('resources.0.amount'),
    },
    {
      name: 'resources null',
      routes: transactions(jsonReply(200, { resources: null, pagination: { next_uri: null } })),
      run: firstPage,
      expect: invalid('resources'),
    },
    {
      name: 'pagination null',
      routes: transactions(jsonReply(200, { resources: [row()], pagination: null })),
      run: firstPage,
      expect: invalid('pagination'),
    },
    {
      name: 'pagination missing (would silently end paging)',
      routes: transactions(jsonReply(200, { resources: [row()] })),
      run: firstPage,
      expect: invalid('pagination'),
    },
    {
      name: 'amount missing',
      routes: transactions(jsonReply(200, page([row({ amount: undefined })]))),
      run: firstPage,
      expect: invalid('resources.0.amount'),
    },
    {
      name: 'date in another format',
      routes: transactions(jsonReply(200, page([row({ date: '2026/03/01' })]))),
      run: firstPage,
      expect: invalid('resources.0.date'),
    },
    {
      name: 'documented nullable dates null (tolerant)',
      routes: transactions(
        jsonReply(200, page([row({ booking_date: null, transaction_date: null, value_date: null })])),
      ),
      run: firstPage,
      expect: rowsAre((rows) => {
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          id: 1_000_000_001,
          amount: -12.5,
          booking_date: null,
          value_date: null,
        });
      }),
    },
    {
      name: 'optional dates absent (tolerant)',
      routes: transactions(
        jsonReply(
          200,
          page([row({ booking_date: undefined, transaction_date: undefined, value_date: undefined })]),
        ),
      ),
      run: unifiedPage,
      expect: {
        value: (result) => {
          const [transaction] = result as Transaction[];
          expect(transaction).toMatchObject({ bookingDate: '2026-03-01', status: 'booked' });
          expect(transaction?.valueDate).toBeUndefined();
        },
      },
    },
    {
      name: 'extra fields on rows, envelope and pagination (tolerant, kept)',
      routes: transactions(
        jsonReply(200, {
          ...page([row({ merchant: { name: 'Carrefour', mcc: 5411 }, tags: ['food'] })]),
          total_count: 1,
          pagination: { next_uri: null, previous_uri: null, cursor_version: 3 },
        }),
      ),
      run: firstPage,
      expect: rowsAre((rows) => {
        expect(rows[0]).toMatchObject({
          amount: -12.5,
          merchant: { name: 'Carrefour', mcc: 5411 },
          tags: ['food'],
        });
      }),
    },
    {
      name: 'duplicate keys in an object (last one wins, as JSON.parse reads it)',
      routes: transactions(
        jsonReply(200, JSON.stringify(page([row()])).replace('"amount":-12.5', '"amount":-1,"amount":-12.5')),
      ),
      run: firstPage,
      expect: rowsAre((rows) => expect(rows[0]?.amount).toBe(-12.5)),
    },
    {
      name: 'JSON labelled text/plain (tolerant)',
      routes: transactions(jsonReply(200, page([row()]), 'text/plain; charset=utf-8')),
      run: firstPage,
      expect: rowsAre((rows) => expect(rows.map((r) => r.id)).toEqual([1_000_000_001])),
    },
    {
      name: 'JSON labelled text/html',
      routes: transactions(jsonReply(200, page([row()]), 'text/html')),
      run: firstPage,
      expect: invalid(''),
    },
    {
      name: 'XML body',
      routes: transactions({
        status: 200,
        body: '<?xml version="1.0"?><transactions><transaction id="1"/></transactions>',
        headers: { 'Content-Type': 'application/xml' },
      }),
      run: firstPage,
      expect: invalid(''),
    },
    {
      name: 'top-level JSON array',
      routes: transactions(jsonReply(200, [row()])),
      run: firstPage,
      expect: invalid(),
    },
    {
      name: 'JSON null',
      routes: transactions(jsonReply(200, 'null')),
      run: firstPage,
      expect: invalid(),
    },
    {
      name: 'deeply nested garbage',
      routes: transactions(jsonReply(200, `{"resources":[${deep}],"pagination":{"next_uri":null}}`)),
      run: firstPage,
      expect: invalid(),
    },
    {
      name: 'amount 1e308 (past 2^53: a typed error, not digits read off a float)',
      routes: transactions(jsonReply(200, JSON.stringify(page([row()])).replace('-12.5', '1e308'))),
      run: unifiedPage,
      expect: { error: InvalidInputError, fields: { field: 'amount' } },
    },
    {
      name: 'amount -0 (tolerant, no negative zero in the unified model)',
      routes: transactions(jsonReply(200, JSON.stringify(page([row()])).replace('-12.5', '-0'))),
      run: unifiedPage,
      expect: unifiedAmount('0.00'),
    },
    {
      name: 'id 2^63 written as a number (beyond exact integers)',
      routes: transactions(
        jsonReply(200, JSON.stringify(page([row()])).replace('1000000001', '9223372036854775808')),
      ),
      run: firstPage,
      expect: invalid('resources.0.id'),
    },
    {
      name: 'amount 2^63 written as a number: the exact value or a typed error',
      routes: transactions(
        jsonReply(200, JSON.stringify(page([row()])).replace('-12.5', '9223372036854775808')),
      ),
      run: unifiedPage,
      // JSON parsing has already lost the digits: a typed error, not an invented amount.
      expect: { error: InvalidInputError, fields: { field: 'amount' } },
    },
    {
      name: 'a 200 carrying Bridge’s error envelope',
      routes: transactions(
        jsonReply(200, {
          type: 'internal_server_error',
          message: 'Something went wrong',
          documentation_url: null,
        }),
      ),
      run: firstPage,
      expect: invalid('resources'),
    },
    {
      name: '404 with Bridge’s envelope',
      routes: [
        {
          origin: BRIDGE_ORIGIN,
          method: 'GET',
          path: '/v2/accounts/4001',
          replies: jsonReply(404, {
            type: 'not_found',
            message: 'Account not found',
            documentation_url: null,
          }),
        },
      ],
      run: (clients) => clients.user().getAccount(4001),
      expect: { error: HttpError, fields: { status: 404, providerCode: 'not_found' } },
      requests: { 'GET /v2/accounts/4001': 1 },
    },
    {
      name: '500 whose body echoes the client secret and the access token',
      routes: transactions(
        jsonReply(500, {
          type: 'internal_server_error',
          message: `upstream refused Client-Secret ${secrets.clientSecret} with Bearer ${secrets.accessToken}`,
        }),
      ),
      run: firstPage,
      expect: { error: HttpError, fields: { status: 500, providerCode: 'internal_server_error' } },
      requests: { [GET_TRANSACTIONS]: 3 },
    },
    {
      name: '401 with a JSON body on /authenticate, echoing the password',
      routes: [
        {
          origin: BRIDGE_ORIGIN,
          method: 'POST',
          path: '/v2/authenticate',
          replies: jsonReply(401, {
            type: 'unauthorized',
            message: `Invalid password ${secrets.password} for this user`,
          }),
        },
      ],
      run: (clients) => clients.login().listTransactions(),
      expect: { error: AuthenticationError, fields: { status: 401 } },
      requests: { 'POST /v2/authenticate': 1 },
    },
    {
      name: '401 with a JSON body on a list, and the renewal refused too',
      routes: [
        ...transactions(jsonReply(401, { type: 'unauthorized', message: 'Token expired' })),
        {
          origin: BRIDGE_ORIGIN,
          method: 'POST',
          path: '/v2/authenticate',
          replies: jsonReply(401, { type: 'unauthorized', message: 'Unknown user' }),
        },
      ],
      run: firstPage,
      expect: { error: AuthenticationError },
      requests: { [GET_TRANSACTIONS]: 1, 'POST /v2/authenticate': 1 },
    },
    {
      name: '429 without Retry-After (retried, then RateLimitError)',
      routes: transactions(jsonReply(429, { type: 'too_many_requests', message: 'Slow down' })),
      run: firstPage,
      expect: { error: RateLimitError, fields: { status: 429 } },
      requests: { [GET_TRANSACTIONS]: 3 },
    },
    {
      name: '429 asking to wait an hour (not waited for)',
      routes: transactions({
        ...jsonReply(429, { type: 'too_many_requests', message: 'Slow down' }),
        headers: { 'Content-Type': 'application/json', 'Retry-After': '3600' },
      }),
      run: firstPage,
      expect: { error: RateLimitError, fields: { retryAfterMs: 3_600_000 } },
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    foreignNextUri('on another host', `${FOREIGN_ORIGIN}/v2/transactions?after=abc`),
    foreignNextUri('protocol-relative to another host', '//evil.example/v2/transactions?after=abc'),
    foreignNextUri('with the API host as user info', `${BRIDGE_ORIGIN}@evil.example/v2/transactions`),
    foreignNextUri('downgraded to http', 'http://api.bridgeapi.io/v2/transactions?after=abc'),
    foreignNextUri('with a javascript: scheme', 'javascript:fetch("https://evil.example")'),
    {
      name: 'next_uri empty string (the last page)',
      routes: transactions(jsonReply(200, page([row()], ''))),
      run: everyRow,
      expect: rowsAre((rows) => expect(rows).toHaveLength(1)),
      requests: { [GET_TRANSACTIONS]: 1 },
    },
    {
      name: 'redirect of a GET to another host',
      routes: transactions(foreignRedirect(302, '/v2/transactions')),
      run: firstPage,
      expect: { error: BankkitError },
    },
    {
      name: 'redirect of POST /authenticate to another host',
      routes: [
        {
          origin: BRIDGE_ORIGIN,
          method: 'POST',
          path: '/v2/authenticate',
          replies: foreignRedirect(307, '/v2/authenticate'),
        },
      ],
      run: (clients) => clients.login().renewAuth(),
      expect: { error: BankkitError },
    },
  ];
}
