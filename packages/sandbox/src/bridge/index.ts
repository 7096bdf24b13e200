import type { FetchApp } from '../runtime/bindings.js';
import { toEpochMs } from '../runtime/clock.js';
import type { ProviderRuntime } from '../runtime/context.js';
import type { ErrorBody } from '../runtime/fault-responses.js';
import { deriveSeed, SeededRandom } from '../runtime/random.js';
import { createBridgeApp } from './app.js';
import type { BridgeApp, BridgeDeps } from './context.js';
import { type BridgeControl, createBridgeControl } from './control.js';
import { type SeededUser, seedStore } from './data/seed-store.js';
import { bridgeErrorBody } from './errors.js';
import { type BridgeSandboxOptions, resolveBridgeOptions } from './options.js';
import { CursorCodec } from './pagination.js';
import { BridgeRateLimits } from './rate-limits.js';
import { type BridgeV3Control, createBridgeV3Sandbox } from './v3/index.js';

export type {
  BridgeConnectCompletion,
  BridgeConnectSessionInfo,
  BridgeControl,
  BridgeUserInfo,
  ChurnOptions,
  ChurnResult,
  CompleteConnectOptions,
} from './control.js';
export type { SeededUser } from './data/seed-store.js';
export { type BridgeSandboxOptions, type BridgeUserSeed, DEMO_USER } from './options.js';
export * from './v3/index.js';

/** The Bridge emulator (v2 and v3 on one store): its app, app credentials, seeded users and test hooks. */
export interface BridgeSandbox {
  /** Serves `/v2/...`, and `/v3/...`, the v3 Connect pages and the v3 control API. */
  app: FetchApp;
  /** The Hono app serving `/v2/...` alone. */
  v2App: BridgeApp;
  /** App `Client-Id`. */
  clientId: string;
  /** App `Client-Secret`. */
  clientSecret: string;
  /** Seeded users with their passwords (the first is the demo user unless users were given). */
  users: SeededUser[];
  /** Test hooks (v2; `reset()` resets both versions). */
  control: BridgeControl;
  /** Test hooks of the v3 side: webhooks, bank activity, Connect. */
  v3: BridgeV3Control;
  /** Stops background work (webhook deliveries and retries). */
  close(): void;
  /** Bridge's error body `{type, message, documentation_url}` for a status, type and message. */
  errorBody(status: number, code: string, message: string): ErrorBody;
}

/**
 * Creates the Bridge emulator, v2 (2021-06-01) and v3 (2025-01-15) on one store, on a provider runtime (clock, seeded randomness, rate
 * limits on/off). Seed data is generated here, deterministically from `runtime.seed`.
 */
export function createBridgeSandbox(
  runtime: ProviderRuntime,
  options: BridgeSandboxOptions = {},
): BridgeSandbox {
  const resolved = resolveBridgeOptions(options);
  const anchorMs =
    options.dataAnchor === undefined ? runtime.clock.nowMs() : toEpochMs(options.dataAnchor, 'dataAnchor');
  const cursorSecret = new SeededRandom(deriveSeed(runtime.seed, 'bridge-cursors')).hex(64);
  const initial = seedStore(resolved, runtime.seed, anchorMs, runtime.random);
  const deps: BridgeDeps = {
    runtime,
    options: resolved,
    store: initial.store,
    cursors: new CursorCodec(cursorSecret),
    limits: new BridgeRateLimits(runtime.rateLimits, runtime.clock, resolved.limits),
  };
  const reseed = () => {
    deps.store = seedStore(resolved, runtime.seed, anchorMs, runtime.random).store;
    deps.limits.clear();
    v3.reset();
  };
  const v3 = createBridgeV3Sandbox(deps, options.v3, reseed);
  const v2App = createBridgeApp(deps);
  const app: FetchApp = {
    fetch(request, env) {
      const url = request.url;
      const start = url.indexOf('/', url.indexOf('//') + 2);
      if (!url.startsWith('/v2/', start)) {
        const end = url.indexOf('?', start);
        const answer = v3.fetch(request, env, end === -1 ? url.slice(start) : url.slice(start, end));
        if (answer !== undefined) return answer;
      }
      return v2App.fetch(request, env);
    },
  };
  return {
    app,
    v2App,
    v3: v3.control,
    close: () => v3.close(),
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    users: initial.users,
    control: createBridgeControl(deps, reseed),
    errorBody: bridgeErrorBody,
  };
}
