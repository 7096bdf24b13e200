import { BankkitError } from '@bankkit/core';
import { BRIDGE_PROVIDER_ID } from '../../api-version.js';

/**
 * Which check of a webhook signature failed:
 * - `header_missing`: no `BridgeApi-Signature` header (or an empty one);
 * - `header_malformed`: the header is not a comma-separated list of `scheme=value` pairs, or a
 *   `v1` value is not 64 hex digits;
 * - `no_v1_signature`: the header holds no `v1=` value (other schemes are never accepted);
 * - `signature_mismatch`: no `v1` value is the HMAC-SHA256 of the body under any given secret.
 */
export type WebhookSignatureFailure =
  | 'header_missing'
  | 'header_malformed'
  | 'no_v1_signature'
  | 'signature_mismatch';

/**
 * A Bridge webhook failed signature verification: answer it with 400/401 and do not act on it.
 * `failure` says which check failed. The message never quotes a secret or a signature.
 */
export class WebhookSignatureError extends BankkitError {
  static override readonly kind: string = 'WebhookSignatureError';
  /** The check that failed. */
  readonly failure: WebhookSignatureFailure;

  constructor(failure: WebhookSignatureFailure, message: string) {
    super('webhook_signature_invalid', message, { provider: BRIDGE_PROVIDER_ID });
    this.failure = failure;
  }
}

/** True for a {@link WebhookSignatureError}. */
export const isWebhookSignatureError = (error: unknown): error is WebhookSignatureError =>
  error instanceof WebhookSignatureError;
