import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigurationError, InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import {
  parseWebhookEvent,
  verifyWebhookSignature,
  WEBHOOK_EVENT_TYPES,
  WebhookSignatureError,
  type WebhookSignatureFailure,
} from '../../src/v3/index.js';

const SECRET = 'whsec-current-8c1f2a9d4b7e';
const OLD_SECRET = 'whsec-previous-3e5d7c9b1a0f';
const BODY = JSON.stringify({
  content: {
    account_id: 30179391,
    item_id: 6648847,
    user_uuid: '5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d',
    balance: 1234.5,
    nb_new_transactions: 2,
    nb_updated_transactions: 1,
    nb_deleted_transactions: 0,
  },
  timestamp: 1740816072431,
  type: 'item.account.updated',
});

function sign(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function failure(call: () => void): WebhookSignatureFailure | undefined {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    const e = error as WebhookSignatureError;
    expect(e.code).toBe('webhook_signature_invalid');
    expect(`${e.message} ${JSON.stringify(e)} ${inspect(e)}`).not.toContain(SECRET);
    return e.failure;
  }
  return undefined;
}

describe('verifyWebhookSignature: the vectors', () => {
  it('accepts a valid lower-case signature', () => {
    expect(() => verifyWebhookSignature(BODY, `v1=${sign(BODY, SECRET)}`, SECRET)).not.toThrow();
  });

  it('accepts upper-case hex (one client upper-cases, another lower-cases)', () => {
    expect(() =>
      verifyWebhookSignature(BODY, `v1=${sign(BODY, SECRET).toUpperCase()}`, [SECRET]),
    ).not.toThrow();
  });

  it('accepts the raw body as bytes', () => {
    expect(() => verifyWebhookSignature(Buffer.from(BODY), `v1=${sign(BODY, SECRET)}`, SECRET)).not.toThrow();
  });

  it('refuses a signature made with another secret', () => {
    expect(failure(() => verifyWebhookSignature(BODY, `v1=${sign(BODY, 'some-other-secret')}`, SECRET))).toBe(
      'signature_mismatch',
    );
  });

  it('rotation: a header with two v1 values matches either active secret', () => {
    const header = `v1=${sign(BODY, SECRET).toUpperCase()},v1=${sign(BODY, OLD_SECRET).toUpperCase()}`;
    // The receiver still knows only the old secret, or only the new one, or both.
    expect(() => verifyWebhookSignature(BODY, header, OLD_SECRET)).not.toThrow();
    expect(() => verifyWebhookSignature(BODY, header, SECRET)).not.toThrow();
    expect(() => verifyWebhookSignature(BODY, header, [SECRET, OLD_SECRET])).not.toThrow();
    // Spaces after the comma are tolerated.
    expect(() => verifyWebhookSignature(BODY, header.replace(',', ', '), [OLD_SECRET])).not.toThrow();
  });

  it('rotation: two active secrets on the receiver, one v1 value signed by the old one', () => {
    expect(() =>
      verifyWebhookSignature(BODY, `v1=${sign(BODY, OLD_SECRET)}`, [SECRET, OLD_SECRET]),
    ).not.toThrow();
  });

  it('rotation: two v1 values, neither from a secret given, is a mismatch', () => {
    const header = `v1=${sign(BODY, 'a-secret')},v1=${sign(BODY, 'b-secret')}`;
    expect(failure(() => verifyWebhookSignature(BODY, header, [SECRET, OLD_SECRET]))).toBe(
      'signature_mismatch',
    );
  });

  it('refuses a body changed by one byte', () => {
    const header = `v1=${sign(BODY, SECRET)}`;
    const changed = BODY.replace('"nb_new_transactions":2', '"nb_new_transactions":3');
    expect(changed.length).toBe(BODY.length);
    expect(failure(() => verifyWebhookSignature(changed, header, SECRET))).toBe('signature_mismatch');
    const bytes = Buffer.from(BODY);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(failure(() => verifyWebhookSignature(bytes, header, SECRET))).toBe('signature_mismatch');
  });

  it('refuses a re-serialized body (the signature covers the raw bytes)', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(failure(() => verifyWebhookSignature(pretty, `v1=${sign(BODY, SECRET)}`, SECRET))).toBe(
      'signature_mismatch',
    );
  });

  it.each([undefined, null, '', '   ', []])('a missing header (%j) is header_missing', (header) => {
    expect(failure(() => verifyWebhookSignature(BODY, header as never, SECRET))).toBe('header_missing');
  });

  it.each([
    ['no scheme', sign(BODY, SECRET)],
    ['empty value', 'v1='],
    ['no name', `=${sign(BODY, SECRET)}`],
    ['not hex', `v1=${'z'.repeat(64)}`],
    ['too short', `v1=${sign(BODY, SECRET).slice(0, 63)}`],
    ['too long', `v1=${sign(BODY, SECRET)}00`],
    ['one good value and one broken', `v1=${sign(BODY, SECRET)},garbage`],
  ])('a malformed header (%s) is header_malformed', (_name, header) => {
    expect(failure(() => verifyWebhookSignature(BODY, header, SECRET))).toBe('header_malformed');
  });

  it('another scheme only (a downgrade) is no_v1_signature', () => {
    expect(failure(() => verifyWebhookSignature(BODY, `v0=${sign(BODY, SECRET)}`, SECRET))).toBe(
      'no_v1_signature',
    );
    expect(failure(() => verifyWebhookSignature(BODY, 't=1740816072,v2=abc', SECRET))).toBe(
      'no_v1_signature',
    );
  });

  it('another scheme next to a valid v1 is ignored', () => {
    expect(() => verifyWebhookSignature(BODY, `v0=abc,v1=${sign(BODY, SECRET)}`, SECRET)).not.toThrow();
  });

  it('a repeated header (Node gives an array) is read as one list', () => {
    const header = [`v1=${sign(BODY, 'x')}`, `v1=${sign(BODY, SECRET)}`];
    expect(() => verifyWebhookSignature(BODY, header, SECRET)).not.toThrow();
  });

  it('needs one or two non-empty secrets', () => {
    const header = `v1=${sign(BODY, SECRET)}`;
    expect(() => verifyWebhookSignature(BODY, header, [])).toThrow(ConfigurationError);
    expect(() => verifyWebhookSignature(BODY, header, '')).toThrow(ConfigurationError);
    expect(() => verifyWebhookSignature(BODY, header, [SECRET, OLD_SECRET, 'third'])).toThrow(
      ConfigurationError,
    );
  });

  it('refuses a parsed body', () => {
    expect(() => verifyWebhookSignature(JSON.parse(BODY), `v1=${sign(BODY, SECRET)}`, SECRET)).toThrow(
      InvalidInputError,
    );
  });
});

const USER = '5b1e8c3a-2d4f-4a6b-9c8d-7e6f5a4b3c2d';

function event(type: string, content: Record<string, unknown>, timestamp = 1740816072431): string {
  return JSON.stringify({ content, timestamp, type });
}

describe('parseWebhookEvent', () => {
  it('knows the seven documented aggregation events', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual([
      'user.deleted',
      'item.created',
      'item.refreshed',
      'item.deleted',
      'item.account.created',
      'item.account.updated',
      'item.account.deleted',
    ]);
  });

  it.each([
    ['user.deleted', { user_uuid: USER }],
    ['item.created', { item_id: 6648847, user_uuid: USER }],
    [
      'item.refreshed',
      {
        item_id: 6648847,
        user_uuid: USER,
        status_code: 0,
        status_code_info: 'ok',
        full_refresh: true,
        refresh_trigger: 'connect',
        account_types: 'payment',
        authentication_expires_at: '2025-09-04T10:25:35Z',
      },
    ],
    ['item.deleted', { item_id: 6648847, user_uuid: USER }],
    ['item.account.created', { account_id: 30179391, balance: 1234.5, item_id: 6648847, user_uuid: USER }],
    [
      'item.account.updated',
      {
        account_id: 30179391,
        balance: 1234.5,
        item_id: 6648847,
        user_uuid: USER,
        nb_new_transactions: 2,
        nb_updated_transactions: 1,
        nb_deleted_transactions: 0,
      },
    ],
    ['item.account.deleted', { account_id: 30179391, item_id: 6648847, user_uuid: USER }],
  ])('%s', (type, content) => {
    const parsed = parseWebhookEvent(event(type, content));
    expect(parsed).toEqual({ known: true, type, timestamp: 1740816072431, content });
  });

  it('narrows on type: item.account.updated carries its counts', () => {
    const parsed = parseWebhookEvent(Buffer.from(BODY));
    if (!parsed.known || parsed.type !== 'item.account.updated') throw new Error('wrong event');
    const { nb_new_transactions, nb_updated_transactions, nb_deleted_transactions } = parsed.content;
    expect([nb_new_transactions, nb_updated_transactions, nb_deleted_transactions]).toEqual([2, 1, 0]);
  });

  it('returns an unknown type as such, never throws', () => {
    const parsed = parseWebhookEvent(event('payment.link.updated', { link_id: 'x', status: 'completed' }));
    expect(parsed).toEqual({
      known: false,
      type: 'payment.link.updated',
      timestamp: 1740816072431,
      content: { link_id: 'x', status: 'completed' },
    });
  });

  it('keeps fields it does not know on a known event', () => {
    const parsed = parseWebhookEvent(
      event('item.created', { item_id: 1, user_uuid: USER, provider_id: 574 }),
    );
    expect(parsed.content).toMatchObject({ provider_id: 574 });
  });

  it.each([
    ['not JSON', '{"type":'],
    ['not the envelope', JSON.stringify({ event: 'item.created' })],
    [
      'a timestamp that is not a number',
      JSON.stringify({ type: 'item.created', timestamp: 'x', content: {} }),
    ],
    ['a documented event without its ids', event('item.created', { user_uuid: USER })],
    [
      'item.account.updated without its counts',
      event('item.account.updated', { account_id: 1, item_id: 1, user_uuid: USER }),
    ],
  ])('%s: InvalidInputError', (_name, body) => {
    expect(() => parseWebhookEvent(body)).toThrow(InvalidInputError);
  });
});
