import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, InvalidInputError, registerSecret } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';
import { WebhookSignatureError } from './webhook-signature-error.js';

/** The header Bridge signs its webhooks in. */
export const WEBHOOK_SIGNATURE_HEADER = 'BridgeApi-Signature';

/** Bridge keeps at most two webhook secrets active: the new one and, for 24 h, the previous one. */
const MAX_SECRETS = 2;

const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * Checks that a Bridge webhook was signed with one of your webhook secrets:
 * `BridgeApi-Signature: v1=<hex HMAC-SHA256 of the raw body>`, several comma-separated `v1=` values
 * during a secret rotation. Every `v1` value is compared with the digest under every secret, in
 * constant time and in either letter case; other schemes are ignored, never accepted.
 *
 * @param rawBody The request body exactly as received (bytes or the UTF-8 string), before any JSON
 *   parsing: a re-serialized body does not match.
 * @param signatureHeader The header's value (Node gives a string, or an array if repeated).
 * @param secrets The active secret, or the two active secrets during a rotation.
 * @throws WebhookSignatureError saying which check failed (`failure`).
 * @throws ConfigurationError when no secret, an empty one or more than two are given.
 * @throws InvalidInputError when `rawBody` is not a string or bytes (a parsed object, say).
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signatureHeader: string | readonly string[] | null | undefined,
  secrets: string | readonly string[],
): void {
  const keys = checkSecrets(secrets);
  const body = bodyBytes(rawBody);
  const signatures = v1Signatures(signatureHeader);
  const digests = keys.map((key) => createHmac('sha256', key).update(body).digest());
  let matched = false;
  // Every pair is compared, so the time taken does not tell which one matched.
  for (const signature of signatures) {
    for (const digest of digests) {
      if (timingSafeEqual(signature, digest)) matched = true;
    }
  }
  if (!matched) {
    throw new WebhookSignatureError(
      'signature_mismatch',
      `Bridge webhook signature does not match: none of the ${signatures.length} v1 signature(s) is the HMAC-SHA256 of the body under the ${keys.length} secret(s) given. Check the secret, and that the body is the raw one, unparsed.`,
    );
  }
}

function checkSecrets(secrets: string | readonly string[]): string[] {
  const list = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? [...secrets] : [];
  if (list.length === 0 || list.length > MAX_SECRETS || list.some((s) => typeof s !== 'string' || s === '')) {
    throw new ConfigurationError(
      `Bridge webhooks: give the active webhook secret, or the two active ones during a rotation (got ${list.length}, each a non-empty string).`,
      { provider: BRIDGE_PROVIDER_ID },
    );
  }
  for (const secret of list) registerSecret(secret);
  return list;
}

function bodyBytes(rawBody: string | Uint8Array): Uint8Array {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) return rawBody;
  throw new InvalidInputError(
    'Bridge webhooks: rawBody must be the request body as received (a string or bytes), not a parsed object: the signature covers the exact bytes.',
    { field: 'rawBody', provider: BRIDGE_PROVIDER_ID },
  );
}

/** The `v1` signatures of a header, as 32-byte digests. */
function v1Signatures(header: string | readonly string[] | null | undefined): Buffer[] {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WebhookSignatureError(
      'header_missing',
      `Bridge webhook has no ${WEBHOOK_SIGNATURE_HEADER} header: it cannot be verified, so it must not be trusted.`,
    );
  }
  const signatures: Buffer[] = [];
  for (const part of value.split(',')) {
    const pair = part.trim();
    const equals = pair.indexOf('=');
    if (equals <= 0 || equals === pair.length - 1) throw malformed('an entry is not scheme=value');
    const scheme = pair.slice(0, equals).trim();
    const signature = pair.slice(equals + 1).trim();
    if (scheme !== 'v1') continue;
    if (!HEX_DIGEST.test(signature)) throw malformed('a v1 value is not 64 hexadecimal digits');
    signatures.push(Buffer.from(signature, 'hex'));
  }
  if (signatures.length === 0) {
    throw new WebhookSignatureError(
      'no_v1_signature',
      `Bridge webhook ${WEBHOOK_SIGNATURE_HEADER} holds no v1= signature; other schemes are not accepted.`,
    );
  }
  return signatures;
}

function malformed(what: string): WebhookSignatureError {
  return new WebhookSignatureError(
    'header_malformed',
    `Bridge webhook ${WEBHOOK_SIGNATURE_HEADER} header is malformed (${what}); expected v1=<64 hex digits>[,v1=...].`,
  );
}
