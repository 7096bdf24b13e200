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

export type {
  BridgeConnectCompletion,
  BridgeConnectSessionInfo,
  BridgeControl,
  BridgeTransactionSnapshot,
  BridgeUserInfo,
  ChurnOptions,
  ChurnResult,
  CompleteConnectOptions,
  NewBridgeTransaction,
} from './control.js';
export type { SeededUser } from './data/seed-store.js';
export { type BridgeSandboxOptions, type BridgeUserSeed, DEMO_USER } from './options.js';

/** The Bridge v2 emulator: its Hono app, app credentials, seeded users and test hooks. */
export interface BridgeSandbox {
  /** The Hono app serving `/v2/...`. */
  app: BridgeApp;
  /** App `Client-Id`. */
  clientId: string;
  /** App `Client-Secret`. */
  clientSecret: string;
  /** Seeded users with their passwords (the first is the demo user unless users were given). */
  users: SeededUser[];
  /** Test hooks. */
  control: BridgeControl;
  /** Bridge's error body `{type, message, documentation_url}` for a status, type and message. */
  errorBody(status: number, code: string, message: string): ErrorBody;
}

/**
 * Creates the Bridge v2 (2021-06-01) emulator on a provider runtime (clock, seeded randomness, rate
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
  };
  return {
    app: createBridgeApp(deps),
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    users: initial.users,
    control: createBridgeControl(deps, reseed),
    errorBody: bridgeErrorBody,
  };
}
