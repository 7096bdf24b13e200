import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { isSecretField, REDACTED, redact, redactUrl, redactValue } from '../../src/redaction/redact.js';
import { registerSecret } from '../../src/redaction/secret-registry.js';

const CLIENT_SECRET = 'cs_9f8e7d6c5b4a3210';
const PASSWORD = 'p@ss w0rd/+!(x)~';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
const REFRESH_TOKEN = 'rt_7Qk2Lm9Xz4Wv8Ns1';
const AUTH_CODE = 'ac_b3n2k1Zq0';

/** Asserts that none of the planted values is left in `text`. */
function expectClean(text: string, ...planted: string[]): void {
  for (const value of planted) expect(text).not.toContain(value);
}

describe('redact: well-known names, nothing registered', () => {
  test('header lines: Authorization, Proxy-Authorization, Client-Secret, Cookie, Set-Cookie', () => {
    const headers = [
      'Authorization: Bearer abc.def-ghi',
      'proxy-authorization: Basic dXNlcjpwYXNz',
      'Client-Secret: hunter2-client',
      'Cookie: sid=abc123session',
      'set-cookie: refresh=zzz987; HttpOnly',
      'Accept: application/json',
    ].join('\r\n');
    const out = redact(headers);
    expectClean(out, 'abc.def-ghi', 'dXNlcjpwYXNz', 'hunter2-client', 'abc123session', 'zzz987');
    expect(out).toContain('Accept: application/json');
    expect(out).toContain(REDACTED);
  });

  test('Bearer and Basic values anywhere in a sentence', () => {
    const out = redact('retrying with bearer eyJ0eXAi.OiJKV1Qi.fQ== after Basic Y2xpZW50OnNlY3JldA== failed');
    expectClean(out, 'eyJ0eXAi.OiJKV1Qi.fQ==', 'Y2xpZW50OnNlY3JldA==');
    expect(out).toBe(`retrying with bearer ${REDACTED} after Basic ${REDACTED} failed`);
  });

  test.each([
    'code',
    'client_secret',
    'access_token',
    'refresh_token',
    'password',
    'code_verifier',
    'id_token',
  ])('the URL query parameter %s', (name) => {
    const url = `https://api.example/oauth/callback?state=s-1&${name}=VALUE-123456&page=2`;
    for (const out of [redact(url), redactUrl(url), redact(`GET ${url} failed`)]) {
      expect(out).not.toContain('VALUE-123456');
      expect(out).toContain('state=s-1');
      expect(out).toContain('page=2');
    }
  });

  test('user info in a URL', () => {
    const out = redactUrl('https://alice:pa55word@bank.example/path?x=1');
    expectClean(out, 'alice', 'pa55word');
    expect(out).toContain('bank.example/path?x=1');
  });

  test('form bodies', () => {
    const body =
      'grant_type=refresh_token&refresh_token=rt-secret-1&client_id=app&client_secret=cs-secret-2&code=ac-secret-3&code_verifier=cv-secret-4&redirect_uri=https%3A%2F%2Fapp%2Fcb';
    const out = redact(body);
    expectClean(out, 'rt-secret-1', 'cs-secret-2', 'ac-secret-3', 'cv-secret-4');
    expect(out).toContain('grant_type=refresh_token');
    expect(out).toContain('client_id=app');
    expect(out).toContain('redirect_uri=https%3A%2F%2Fapp%2Fcb');
  });

  test('JSON bodies keep their shape, and an error "code" stays readable', () => {
    const body = JSON.stringify({
      access_token: 'at-secret-1',
      refresh_token: 'rt-secret-2',
      token_type: 'bearer',
      expires_in: 3600,
      user: { email: 'a@b.c', password: 'pw "quoted" secret' },
      errors: [{ code: 'insufficient.funds', message: 'Not enough money' }],
    });
    const out = redact(body);
    expectClean(out, 'at-secret-1', 'rt-secret-2', 'quoted');
    const parsed = JSON.parse(out);
    expect(parsed.access_token).toBe(REDACTED);
    expect(parsed.user.password).toBe(REDACTED);
    expect(parsed.token_type).toBe('bearer');
    expect(parsed.errors).toEqual([{ code: 'insufficient.funds', message: 'Not enough money' }]);
    expect(redact('{"code":"insufficient.funds"}')).toBe('{"code":"insufficient.funds"}');
    expect(redact('{ "code": "invalid_grant" }')).toBe('{ "code": "invalid_grant" }');
  });

  test('pretty-printed JSON', () => {
    const out = redact(
      JSON.stringify({ clientSecret: 'cs-pretty-1', 'Client-Secret': 'cs-pretty-2' }, null, 2),
    );
    expectClean(out, 'cs-pretty-1', 'cs-pretty-2');
  });

  test('objects and headers as util.inspect prints them', () => {
    const headers = new Headers({
      authorization: 'Bearer tok-inspect-1',
      'client-secret': 'cs-inspect-2',
      accept: 'application/json',
    });
    const options = { clientSecret: 'cs-inspect-3', password: "it's-secret-4", accessToken: 'at-inspect-5' };
    const out = redact(`${inspect(headers)} ${inspect(options)}`);
    expectClean(out, 'tok-inspect-1', 'cs-inspect-2', 'cs-inspect-3', "it's-secret-4", 'at-inspect-5');
    expect(out).toContain("accept: 'application/json'");
    expect(redact(inspect({ code: 'insufficient.funds' }))).toContain('insufficient.funds');
  });

  test('ordinary text is left alone', () => {
    const text = 'GET /v2/accounts?limit=50&after=abc failed with 503 (request id req-42)';
    expect(redact(text)).toBe(text);
  });
});

describe('redact: registered secrets', () => {
  registerSecret(CLIENT_SECRET);
  registerSecret(PASSWORD);
  registerSecret(ACCESS_TOKEN);
  registerSecret(REFRESH_TOKEN);
  registerSecret(AUTH_CODE);

  test('are removed wherever they appear, whatever field holds them', () => {
    const out = redact(
      `upstream echoed {"note":"${CLIENT_SECRET}"} and x-debug: ${REFRESH_TOKEN}; token=${ACCESS_TOKEN} ${AUTH_CODE}`,
    );
    expectClean(out, CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, AUTH_CODE);
    expect(out).toContain('upstream echoed');
  });

  test('are removed in their URL-encoded and form-encoded forms', () => {
    const percent = encodeURIComponent(PASSWORD);
    const form = new URLSearchParams({ note: PASSWORD }).toString().slice('note='.length);
    expect(percent).not.toBe(PASSWORD);
    expect(form).not.toBe(percent);
    const out = redact(`https://x.example/cb?note=${percent} body: note=${form}&other=1 raw: ${PASSWORD}`);
    expectClean(out, percent, form, PASSWORD, 'w0rd');
    expect(out).toContain('other=1');
  });

  test('a secret containing another is replaced whole', () => {
    const inner = 'inner-secret-abc';
    const outer = `prefix-${inner}-suffix`;
    registerSecret(inner);
    registerSecret(outer);
    expect(redact(`value ${outer}.`)).toBe(`value ${REDACTED}.`);
  });

  test('values shorter than six characters are not registered', () => {
    registerSecret('abc12');
    registerSecret('');
    registerSecret(undefined);
    registerSecret(null);
    expect(redact('abc12 stays')).toBe('abc12 stays');
  });
});

describe('isSecretField and redactValue', () => {
  test.each([
    'authorization',
    'Authorization',
    'client_secret',
    'clientSecret',
    'client-secret',
    'password',
    'access_token',
    'accessToken',
    'refresh_token',
    'refreshToken',
    'code_verifier',
    'cookie',
  ])('%s is a secret field', (name) => {
    expect(isSecretField(name)).toBe(true);
  });

  test.each(['code', 'status', 'message', 'token_type', 'expires_in', 'username', 'passwordHint'])(
    '%s is not',
    (name) => {
      expect(isSecretField(name)).toBe(false);
    },
  );

  test('redactValue deep-copies with secret fields replaced and strings redacted', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const input = {
      headers: { Authorization: 'Bearer abc-value', 'Client-Secret': 'cs-value', Accept: 'json' },
      body: [{ password: 'pw-value', amount: 10 }, 'refresh_token=rt-value&x=1'],
      url: new URL('https://bank.example/cb?code=code-value&state=ok'),
      when,
      code: 'insufficient.funds',
      registered: `token is ${ACCESS_TOKEN}`,
    };
    const before = JSON.stringify(input);
    const out = redactValue(input) as Record<string, unknown>;
    const text = JSON.stringify(out);
    expectClean(text, 'abc-value', 'cs-value', 'pw-value', 'rt-value', 'code-value', ACCESS_TOKEN);
    expect(out).toMatchObject({
      headers: { Authorization: REDACTED, 'Client-Secret': REDACTED, Accept: 'json' },
      body: [{ password: REDACTED, amount: 10 }, `refresh_token=${REDACTED}&x=1`],
      code: 'insufficient.funds',
    });
    expect(out.when).toBe(when);
    expect(out.url).toContain('state=ok');
    // The input is untouched.
    expect(JSON.stringify(input)).toBe(before);
  });
});
