import type { Context, Hono } from 'hono';
import type { SandboxBindings } from '../runtime/bindings.js';
import type { ProviderRuntime } from '../runtime/context.js';
import type { ResolvedBridgeOptions } from './options.js';
import type { CursorCodec } from './pagination.js';
import type { BridgeRateLimits } from './rate-limits.js';
import type { BridgeStore } from './store/store.js';
import type { UserRecord } from './store/types.js';

/** A parsed JSON request body (always an object). */
export type JsonBody = Record<string, unknown>;

/** Hono environment of the Bridge app. */
export interface BridgeEnv {
  Bindings: SandboxBindings;
  Variables: {
    /** The JSON body of a POST/PUT/DELETE (or of a GET, where clients send one), if any. */
    body: JsonBody | undefined;
    /** The user of a Bearer-authenticated request. */
    user: UserRecord;
    /** The Bearer token of the request. */
    accessToken: string;
  };
}

/** The Bridge Hono app. */
export type BridgeApp = Hono<BridgeEnv>;

/** A request context of the Bridge app. */
export type BridgeContext = Context<BridgeEnv>;

/** What every Bridge route needs. `store` is replaced by `control.reset()`, so read it per request. */
export interface BridgeDeps {
  runtime: ProviderRuntime;
  options: ResolvedBridgeOptions;
  store: BridgeStore;
  cursors: CursorCodec;
  limits: BridgeRateLimits;
}
