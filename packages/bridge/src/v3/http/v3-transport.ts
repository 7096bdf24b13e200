import type { BearerAuth } from '@bankkit/core';
import { BRIDGE_API_2025_01_15 } from '../../api-version.js';
import { type BridgeConnectionOptions, BridgeTransport } from '../../http/transport.js';
import { V3_ERRORS } from './error-envelope.js';

/**
 * Options every v3 client takes: the application's credentials and how to reach the API. The
 * version is fixed (2025-01-15, under `/v3`), so there is no `apiVersion`.
 */
export type BridgeV3ConnectionOptions = Omit<BridgeConnectionOptions, 'apiVersion'>;

/**
 * The shared Bridge transport speaking 2025-01-15: `Bridge-Version: 2025-01-15`, `Client-Id` and
 * `Client-Secret` on every request, paths under `/v3`, the v3 error envelope, and the bearer token
 * from `auth` on user calls; `userKey` names the user for the per-user rate limits.
 */
export function createV3Transport(
  options: BridgeV3ConnectionOptions,
  auth?: BearerAuth,
  userKey?: string,
): BridgeTransport {
  return new BridgeTransport({ ...options, apiVersion: BRIDGE_API_2025_01_15 }, auth, V3_ERRORS, userKey);
}
