import type { SandboxBindings } from '../../runtime/bindings.js';
import { deriveSeed, SeededRandom } from '../../runtime/random.js';
import type { BridgeDeps } from '../context.js';
import { createBridgeV3App } from './app.js';
import { BridgeV3Bank } from './bank.js';
import { createConnectPage } from './connect-page.js';
import type { BridgeV3Deps } from './context.js';
import { type BridgeV3Control, createBridgeV3Control } from './control.js';
import { CONTROL_PREFIX, createControlRoutes } from './control-routes.js';
import { type BridgeV3Options, resolveBridgeV3Options } from './options.js';
import { BridgeV3State } from './state.js';
import { WebhookDispatcher } from './webhooks.js';

export type {
  AddTransactionInput,
  BookTransactionInput,
  ModifyTransactionInput,
  MoneyInput,
  RefreshOptions,
  RefreshResult,
} from './bank.js';
export type {
  BridgeV3Control,
  BridgeV3SessionInfo,
  BridgeV3TransactionInfo,
  BridgeV3WebhookControl,
} from './control.js';
export { CONTROL_PREFIX as BRIDGE_V3_CONTROL_PREFIX } from './control-routes.js';
export { BRIDGE_V3_VERSION } from './middleware.js';
export type { BridgeV3Options, BridgeWebhookSeed } from './options.js';
export { CONNECT_FAILURE_STEPS, type CompleteSessionOptions, type SessionCompletion } from './sessions.js';
export type { V3SessionKind } from './state.js';
export {
  BRIDGE_WEBHOOK_EVENTS,
  type BridgeWebhookDelivery,
  type BridgeWebhookEndpoint,
  type BridgeWebhookEventType,
} from './webhooks.js';

/** The v3 side of the Bridge emulator, on the v2 side's store. */
export interface BridgeV3Sandbox {
  /** Serves `/v3/...`, `/connect/session/...` and the control API; `undefined` for other paths. */
  fetch(
    request: Request,
    env: SandboxBindings | undefined,
    pathname: string,
  ): Response | Promise<Response> | undefined;
  /** Test hooks. */
  control: BridgeV3Control;
  /** Drops the v3 state (sessions, unannounced changes, ...) and the delivery log; keeps webhook endpoints. */
  reset(): void;
  /** Stops webhook retries and deliveries. */
  close(): void;
}

/**
 * Creates the Bridge 2025-01-15 (v3) emulator over the v2 emulator's deps (same store, clock, cursors,
 * rate limits), with its own state, webhooks and control. `resetAll` resets both versions.
 */
export function createBridgeV3Sandbox(
  bridge: BridgeDeps,
  options: BridgeV3Options | undefined,
  resetAll: () => void,
): BridgeV3Sandbox {
  const resolved = resolveBridgeV3Options(options);
  const deps: BridgeV3Deps = {
    bridge,
    options: resolved,
    state: new BridgeV3State(),
    webhooks: new WebhookDispatcher(
      bridge.runtime.clock,
      new SeededRandom(deriveSeed(bridge.runtime.seed, 'bridge-v3-webhooks')),
      resolved,
    ),
  };
  const bank = new BridgeV3Bank(deps);
  const api = createBridgeV3App(deps, bank);
  const page = createConnectPage(deps, bank);
  const control = createBridgeV3Control(deps, bank);
  const controlRoutes = createControlRoutes(control, resetAll);
  return {
    fetch(request, env, pathname) {
      if (pathname.startsWith('/v3/')) return api.fetch(request, env);
      if (pathname.startsWith('/connect/session/')) return page.fetch(request, env);
      if (pathname.startsWith(`${CONTROL_PREFIX}/`)) return controlRoutes.fetch(request, env);
      return undefined;
    },
    control,
    reset() {
      deps.state = new BridgeV3State();
      deps.webhooks.clearDeliveries();
    },
    close: () => deps.webhooks.close(),
  };
}
