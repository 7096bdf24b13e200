import { inspect } from 'node:util';
import { describe, expect, test, vi } from 'vitest';
import * as errors from '../../src/errors/index.js';
import {
  AuthenticationError,
  BankkitError,
  ConfigurationError,
  HttpError,
  InvalidInputError,
  NetworkError,
  OAuthCallbackError,
  PaginationError,
  RateLimitError,
  ReauthorizationRequiredError,
  ResponseValidationError,
  TimeoutError,
  TransferOutcomeUnknownError,
  UserAuthenticationError,
} from '../../src/errors/index.js';
import { registerSecret } from '../../src/redaction/secret-registry.js';

type ErrorClass = abstract new (...args: never[]) => BankkitError;

interface Case {
  name: string;
  make: () => BankkitError;
  code: string;
  /** Classes it must be an instance of, besides BankkitError and Error. */
  kinds: ErrorClass[];
  guard: (error: unknown) => boolean;
}

const cases: Case[] = [
  {
    name: 'HttpError',
    make: () => new HttpError('failed', { status: 500 }),
    code: 'http_error',
    kinds: [HttpError],
    guard: errors.isHttpError,
  },
  {
    name: 'RateLimitError',
    make: () => new RateLimitError('slow down', { status: 429, retryAfterMs: 2_000 }),
    code: 'rate_limited',
    kinds: [RateLimitError, HttpError],
    guard: errors.isRateLimitError,
  },
  {
    name: 'AuthenticationError',
    make: () => new AuthenticationError('bad client', { status: 401 }),
    code: 'authentication_failed',
    kinds: [AuthenticationError],
    guard: errors.isAuthenticationError,
  },
  {
    name: 'UserAuthenticationError',
    make: () => new UserAuthenticationError('log in'),
    code: 'user_authentication_required',
    kinds: [UserAuthenticationError],
    guard: errors.isUserAuthenticationError,
  },
  {
    name: 'ReauthorizationRequiredError',
    make: () => new ReauthorizationRequiredError('consent expired', { providerCode: 'invalid_grant' }),
    code: 'reauthorization_required',
    kinds: [ReauthorizationRequiredError],
    guard: errors.isReauthorizationRequiredError,
  },
  {
    name: 'NetworkError',
    make: () => new NetworkError('reset', { method: 'GET', endpoint: '/x' }),
    code: 'network_error',
    kinds: [NetworkError],
    guard: errors.isNetworkError,
  },
  {
    name: 'TimeoutError',
    make: () => new TimeoutError('too slow', { timeoutMs: 30_000 }),
    code: 'timeout',
    kinds: [TimeoutError, NetworkError],
    guard: errors.isTimeoutError,
  },
  {
    name: 'ResponseValidationError',
    make: () =>
      new ResponseValidationError('drift', { issues: [{ path: 'resources.0.amount', message: 'x' }] }),
    code: 'response_validation_failed',
    kinds: [ResponseValidationError],
    guard: errors.isResponseValidationError,
  },
  {
    name: 'PaginationError',
    make: () => new PaginationError('no next page'),
    code: 'pagination_error',
    kinds: [PaginationError],
    guard: errors.isPaginationError,
  },
  {
    name: 'TransferOutcomeUnknownError',
    make: () => new TransferOutcomeUnknownError('unknown', { status: 502 }),
    code: 'transfer_outcome_unknown',
    kinds: [TransferOutcomeUnknownError],
    guard: errors.isTransferOutcomeUnknownError,
  },
  {
    name: 'ConfigurationError',
    make: () => new ConfigurationError('missing clientId'),
    code: 'configuration_error',
    kinds: [ConfigurationError],
    guard: errors.isConfigurationError,
  },
  {
    name: 'InvalidInputError',
    make: () => new InvalidInputError('bad amount', { field: 'amount' }),
    code: 'invalid_input',
    kinds: [InvalidInputError],
    guard: errors.isInvalidInputError,
  },
  {
    name: 'OAuthCallbackError',
    make: () => new OAuthCallbackError('denied', { oauthError: 'access_denied' }),
    code: 'oauth_callback_error',
    kinds: [OAuthCallbackError],
    guard: errors.isOAuthCallbackError,
  },
];

const allClasses: ErrorClass[] = cases.map((each) => each.kinds[0] as ErrorClass);
const allGuards = cases.map((each) => each.guard);

describe('the error hierarchy', () => {
  test.each(cases)('$name: instanceof, name, code and guard', ({ name, make, code, kinds, guard }) => {
    const error = make();
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(BankkitError);
    expect(errors.isBankkitError(error)).toBe(true);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(guard(error)).toBe(true);
    for (const other of allClasses) {
      expect(error instanceof other, `${name} instanceof ${other.name}`).toBe(kinds.includes(other));
    }
    // Every other guard says no, except the parent class's.
    const trueGuards = allGuards.filter((each) => each(error));
    expect(trueGuards).toHaveLength(kinds.length);
  });

  test('the base class carries code and provider', () => {
    const error = new BankkitError('token_store_locked', 'something failed', { provider: 'bridge' });
    expect(error.code).toBe('token_store_locked');
    expect(error.provider).toBe('bridge');
    expect(error.name).toBe('BankkitError');
    expect(String(error)).toBe('BankkitError: something failed');
  });

  test('guards say no to non-bankkit values', () => {
    for (const value of [new Error('x'), new TypeError('x'), null, undefined, 'HttpError', 42, {}, []]) {
      expect(errors.isBankkitError(value)).toBe(false);
      for (const guard of allGuards) expect(guard(value)).toBe(false);
    }
  });

  test('instanceof holds for an error from a second copy of the package', async () => {
    vi.resetModules();
    const copy = await import('../../src/errors/index.js');
    expect(copy.HttpError).not.toBe(HttpError);
    const fromCopy = new copy.RateLimitError('slow down', { status: 429 });
    expect(Object.getPrototypeOf(fromCopy)).not.toBe(RateLimitError.prototype);
    expect(fromCopy).toBeInstanceOf(RateLimitError);
    expect(fromCopy).toBeInstanceOf(HttpError);
    expect(fromCopy).toBeInstanceOf(BankkitError);
    expect(fromCopy).not.toBeInstanceOf(NetworkError);
    expect(errors.isRateLimitError(fromCopy)).toBe(true);
    expect(errors.isTimeoutError(fromCopy)).toBe(false);
    // And the other way round.
    const fromHere = new TimeoutError('too slow');
    expect(fromHere).toBeInstanceOf(copy.NetworkError);
    expect(copy.isTimeoutError(fromHere)).toBe(true);
    expect(fromHere).not.toBeInstanceOf(copy.HttpError);
  });

  test('instanceof reads the brand an error carries', () => {
    const kinds = Symbol.for('bankkit.error.kinds');
    const branded = { [kinds]: ['TimeoutError', 'NetworkError', 'BankkitError'], message: 'x' };
    expect(branded).toBeInstanceOf(TimeoutError);
    expect(branded).toBeInstanceOf(NetworkError);
    expect(branded).toBeInstanceOf(BankkitError);
    expect(branded).not.toBeInstanceOf(HttpError);
    expect(errors.isNetworkError(branded)).toBe(true);
    expect(errors.isHttpError(branded)).toBe(false);
    expect({ [kinds]: 'TimeoutError' }).not.toBeInstanceOf(TimeoutError);
    expect({ kinds: ['TimeoutError'] }).not.toBeInstanceOf(TimeoutError);
  });

  test('the brand is not enumerable, so it never shows up in serialized output', () => {
    const error = new HttpError('failed', { status: 500 });
    const kinds = Symbol.for('bankkit.error.kinds');
    expect((error as unknown as Record<symbol, unknown>)[kinds]).toEqual(['HttpError', 'BankkitError']);
    expect(Object.getOwnPropertyDescriptor(error, kinds)?.enumerable).toBe(false);
  });
});

describe('error details', () => {
  test('HttpError carries the HTTP details; traceId is the request id', () => {
    const response = new Response('{"type":"invalid_request"}', { status: 400 });
    const error = new HttpError('bad request', {
      status: 400,
      provider: 'bridge',
      providerCode: 'invalid_request',
      providerMessage: 'limit too high',
      requestId: 'req-123',
      response,
      method: 'GET',
      endpoint: '/v3/aggregation/transactions',
    });
    expect(error).toMatchObject({
      status: 400,
      provider: 'bridge',
      providerCode: 'invalid_request',
      providerMessage: 'limit too high',
      requestId: 'req-123',
      traceId: 'req-123',
      method: 'GET',
      endpoint: '/v3/aggregation/transactions',
    });
    // Programs can still read the response; it is just never serialized.
    expect(error.response).toBe(response);
    expect(Object.keys(error)).not.toContain('response');
  });

  test('RateLimitError keeps retryAfterMs; ResponseValidationError keeps its issues', () => {
    expect(new RateLimitError('wait', { status: 429, retryAfterMs: 1_500 }).retryAfterMs).toBe(1_500);
    expect(new RateLimitError('wait', { status: 429 }).retryAfterMs).toBeUndefined();
    const issues = [{ path: 'resources.3.amount', message: 'Expected number, received string' }];
    const error = new ResponseValidationError('schema drift', { issues, endpoint: '/accounts', status: 200 });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ issues, endpoint: '/accounts', status: 200 });
  });
});

describe('errors never show secrets or raw responses', () => {
  const clientSecret = 'client-secret-value-9z8y7x';
  const refreshToken = 'refresh-token-value-6w5v4u';
  registerSecret(clientSecret);
  registerSecret(refreshToken);
  const bodyMarker = 'raw-body-marker-3t2s1r';

  function planted(): HttpError {
    const response = new Response(JSON.stringify({ note: bodyMarker, access_token: 'at-from-body-0q9p' }), {
      status: 401,
      headers: { 'x-request-id': 'req-9' },
    });
    const cause = new Error(
      `token endpoint said: grant_type=refresh_token&refresh_token=${refreshToken}&client_secret=${clientSecret}`,
    );
    return new HttpError(
      `POST https://api.bank.example/oauth/token?code=auth-code-8o7n failed, Authorization: Bearer at-header-6m5l`,
      {
        status: 401,
        provider: 'sparebank1',
        providerMessage: `invalid client ${clientSecret}`,
        requestId: 'req-9',
        endpoint: '/oauth/token?code=auth-code-8o7n',
        method: 'POST',
        response,
        cause,
      },
    );
  }

  const secrets = [clientSecret, refreshToken, 'auth-code-8o7n', 'at-header-6m5l', 'at-from-body-0q9p'];

  function expectClean(text: string): void {
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(bodyMarker);
    expect(text).not.toMatch(/Response \{|ReadableStream|"response"|\bresponse:/);
  }

  test('the fields read back from the provider', () => {
    const error = planted();
    expectClean(error.providerMessage ?? '');
    expectClean(error.endpoint ?? '');
    expect(error.providerMessage).toBe('invalid client [REDACTED]');
  });

  test('message and stack', () => {
    const error = planted();
    expectClean(error.message);
    expectClean(error.stack ?? '');
    expect(error.message).toContain('POST https://api.bank.example/oauth/token');
  });

  test('JSON.stringify', () => {
    const error = planted();
    const text = JSON.stringify(error);
    expectClean(text);
    const json = JSON.parse(text);
    expect(json).toMatchObject({
      name: 'HttpError',
      code: 'http_error',
      status: 401,
      provider: 'sparebank1',
      requestId: 'req-9',
      method: 'POST',
    });
    // The cause is there, as a redacted one-liner.
    expect(json.cause).toMatch(
      /^Error: token endpoint said: grant_type=refresh_token&refresh_token=\[REDACTED\]/,
    );
    expect(JSON.stringify({ wrapped: [error] })).toBe(JSON.stringify({ wrapped: [json] }));
  });

  test('util.inspect, alone and nested, with hidden fields too', () => {
    const error = planted();
    for (const text of [
      inspect(error),
      inspect({ error }, { depth: 5 }),
      inspect(error, { showHidden: true }),
      inspect(new AggregateError([error], 'many')),
    ]) {
      expectClean(text);
      expect(text).toContain('HttpError');
    }
    expect(inspect(error)).toMatch(/cause: 'Error: token endpoint said: .*\[REDACTED\]/);
    expect(inspect(error)).toContain("code: 'http_error'");
  });

  test('every error class redacts its message', () => {
    for (const make of [
      (message: string) => new BankkitError('configuration_error', message),
      (message: string) => new NetworkError(message),
      (message: string) => new TimeoutError(message),
      (message: string) => new AuthenticationError(message),
      (message: string) => new ReauthorizationRequiredError(message),
      (message: string) => new UserAuthenticationError(message),
      (message: string) => new ConfigurationError(message),
      (message: string) => new InvalidInputError(message),
      (message: string) => new OAuthCallbackError(message, { oauthError: 'access_denied' }),
      (message: string) => new TransferOutcomeUnknownError(message),
    ]) {
      const error = make(`client_secret=${clientSecret} and {"password":"pw-value-1k"}`);
      expect(error.message).not.toContain(clientSecret);
      expect(error.message).not.toContain('pw-value-1k');
      expect(JSON.stringify(error)).not.toContain(clientSecret);
      expect(inspect(error)).not.toContain(clientSecret);
    }
  });

  test('the cause stays available to programs, unredacted, but is never serialized raw', () => {
    const error = planted();
    const cause = (error as { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(Error);
    expect(Object.keys(error)).not.toContain('cause');
  });
});
