import type { BridgeDeps } from '../context.js';
import type { ResolvedBridgeV3Options } from './options.js';
import type { BridgeV3State } from './state.js';
import type { WebhookDispatcher } from './webhooks.js';

/** What every v3 route needs: the shared Bridge deps plus the v3 state, options and webhooks. */
export interface BridgeV3Deps {
  bridge: BridgeDeps;
  options: ResolvedBridgeV3Options;
  /** Replaced by reset, so read it per request. */
  state: BridgeV3State;
  webhooks: WebhookDispatcher;
}
