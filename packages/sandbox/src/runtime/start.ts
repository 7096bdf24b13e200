import {
  type BridgeControl,
  type BridgeSandboxOptions,
  type BridgeV3Control,
  createBridgeSandbox,
  type SeededUser,
} from '../bridge/index.js';
import {
  createSpareBank1Sandbox,
  type SpareBank1Sandbox,
  type SpareBank1SandboxOptions,
} from '../sparebank1/index.js';
import { type ClockInput, createSandboxClock } from './clock.js';
import type { ProviderRuntime, SandboxClock } from './context.js';
import { type FaultControls, FaultInjector } from './faults.js';
import { createProviderListener, type ServedApp } from './listener.js';
import { deriveSeed, SeededRandom } from './random.js';
import { RequestLog, type RequestLogView, type SandboxServerName } from './request-log.js';
import { bindHost, listen, type RunningServer } from './server.js';

/** Options of {@link startSandbox}. Every field is optional. */
export interface SandboxOptions {
  /** Interface to bind. Default `127.0.0.1`. URLs always use an IP literal, never `localhost`. */
  host?: string;
  /** Ports per server; 0 (the default) picks a free port. */
  ports?: {
    /** Bridge API (`/v2/...`). */
    bridge?: number;
    /** SpareBank 1 API (`/personal/banking/...`, `/common/...`, and `/oauth/...`). */
    sparebank1?: number;
    /** SpareBank 1 auth host (`/oauth/...`). */
    sparebank1Auth?: number;
  };
  /** Seed of every generator (data, tokens, faults). Default 1. */
  seed?: number;
  /**
   * Start time of the sandbox clock. Default: real now. The clock keeps following real time from
   * there, and from every `clock.set`/`clock.advance`.
   */
  now?: ClockInput;
  /** Enforce the providers' documented rate limits. Default false. */
  rateLimits?: boolean;
  /** Bridge emulator options (users, data size, token lifetime, ...). */
  bridge?: BridgeSandboxOptions;
  /** SpareBank 1 emulator options (client, redirect URIs, token lifetimes, accounts, ...). */
  sparebank1?: SpareBank1SandboxOptions;
  /** Request-log entries kept (oldest dropped beyond). Default 100,000. */
  requestLogCapacity?: number;
}

/** The running Bridge emulator. */
export interface SandboxBridge {
  /** Origin to use as the client's base URL, e.g. `http://127.0.0.1:41234` (paths start with `/v2`). */
  baseUrl: string;
  /** App `Client-Id`. */
  clientId: string;
  /** App `Client-Secret`. */
  clientSecret: string;
  /** Seeded users: the demo user `demo@bankkit.dev` / `bankkit-demo` first by default. */
  users: SeededUser[];
  /** Test hooks: Connect completion, item status, transaction churn, reset. */
  control: BridgeControl;
  /** Test hooks of the v3 API (same origin, `/v3/...`): webhooks, bank activity, Connect. */
  v3: BridgeV3Control;
}

/** The running SpareBank 1 emulator. */
export interface SandboxSpareBank1 {
  /** API origin (`/personal/banking/...`, `/common/...`; also serves `/oauth/...`). */
  baseUrl: string;
  /** Auth origin (`/oauth/authorize`, `/oauth/token`). */
  authBaseUrl: string;
  /** OAuth client id. */
  clientId: string;
  /** OAuth client secret. */
  clientSecret: string;
  /** Registered redirect URIs (matched exactly). */
  redirectUris: string[];
  /** Test hooks of the SpareBank 1 emulator. */
  control: SpareBank1Sandbox['control'];
}

/** A running sandbox: both emulators, the shared clock, fault controls and request log. */
export interface Sandbox {
  /** The Bridge v2 emulator. */
  bridge: SandboxBridge;
  /** The SpareBank 1 emulator. */
  sparebank1: SandboxSpareBank1;
  /** The sandbox clock every expiry and "today" reads. */
  clock: SandboxClock;
  /** Fault injection: `set(rules)`, `clear()`, `stats()`. */
  faults: FaultControls;
  /** Every request received: `list()`, `count(filter)`, `clear()`. */
  requests: RequestLogView;
  /** The seed in use. */
  seed: number;
  /** Stops every server and drops open connections. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox: one HTTP server per origin (Bridge; SpareBank 1 API; SpareBank 1 auth), each on
 * `host` and a free port unless given, all sharing one clock, one fault controller and one request log.
 *
 * @example
 * const sandbox = await startSandbox({ seed: 7 });
 * const res = await fetch(`${sandbox.bridge.baseUrl}/v2/banks`, { headers: { ... } });
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = bindHost(options.host ?? '127.0.0.1');
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`Sandbox: seed must be an integer, got ${seed}.`);
  const clock = createSandboxClock(options.now);
  const rateLimits = options.rateLimits ?? false;
  const faults = new FaultInjector(deriveSeed(seed, 'faults'));
  const log = new RequestLog(options.requestLogCapacity);

  const origins: Record<SandboxServerName, string> = { bridge: '', sparebank1: '', sparebank1Auth: '' };
  const runtimeFor = (server: SandboxServerName): ProviderRuntime => ({
    clock,
    random: new SeededRandom(deriveSeed(seed, `runtime-${server}`)),
    seed,
    rateLimits,
    origin: () => origins[server],
  });

  const bridge = createBridgeSandbox(runtimeFor('bridge'), {
    ...(options.now === undefined ? {} : { dataAnchor: options.now }),
    ...options.bridge,
  });
  const sparebank1 = createSpareBank1Sandbox(runtimeFor('sparebank1'), options.sparebank1);

  const served: ServedApp[] = [
    { provider: 'bridge', server: 'bridge', app: bridge.app, errorBody: bridge.errorBody },
    { provider: 'sparebank1', server: 'sparebank1', app: sparebank1.app, errorBody: sparebank1.errorBody },
    {
      provider: 'sparebank1',
      server: 'sparebank1Auth',
      app: sparebank1.app,
      errorBody: sparebank1.errorBody,
    },
  ];
  const ports: Record<SandboxServerName, number> = {
    bridge: options.ports?.bridge ?? 0,
    sparebank1: options.ports?.sparebank1 ?? 0,
    sparebank1Auth: options.ports?.sparebank1Auth ?? 0,
  };

  const running: RunningServer[] = [];
  try {
    for (const app of served) {
      const server = await listen(
        createProviderListener(app, { faults, log, clock }),
        host,
        ports[app.server],
      );
      running.push(server);
      origins[app.server] = server.origin;
    }
  } catch (error) {
    await Promise.all(running.map((server) => server.close()));
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    bridge: {
      baseUrl: origins.bridge,
      clientId: bridge.clientId,
      clientSecret: bridge.clientSecret,
      users: bridge.users,
      control: bridge.control,
      v3: bridge.v3,
    },
    sparebank1: {
      baseUrl: origins.sparebank1,
      authBaseUrl: origins.sparebank1Auth,
      clientId: sparebank1.clientId,
      clientSecret: sparebank1.clientSecret,
      redirectUris: [...sparebank1.redirectUris],
      control: sparebank1.control,
    },
    clock,
    faults,
    requests: log,
    seed,
    close() {
      bridge.close();
      closing ??= Promise.all(running.map((server) => server.close())).then(() => undefined);
      return closing;
    },
  };
}
