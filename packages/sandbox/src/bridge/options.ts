import type { BridgeV3Options } from './v3/options.js';

/** A user to seed into the Bridge sandbox (legacy email/password style). */
export interface BridgeUserSeed {
  email: string;
  password: string;
  /** Also lets the user authenticate with `{external_user_id}`. */
  externalUserId?: string;
}

/** Options of the Bridge v2 sandbox. Every field is optional. */
export interface BridgeSandboxOptions {
  /** App client id. Default `bankkit-sandbox-bridge-client`. */
  clientId?: string;
  /** App client secret. Default `bankkit-sandbox-bridge-secret`. */
  clientSecret?: string;
  /**
   * Users to seed: a number (the demo user `demo@bankkit.dev` / `bankkit-demo`, then
   * `user2@bankkit.dev` / `bankkit-demo-2`, ...) or explicit users. Default 1 (the demo user).
   */
  users?: number | readonly BridgeUserSeed[];
  /** Accounts in each seeded user's item, cycling through every account type. Default 5. */
  accountsPerUser?: number;
  /** Transactions per seeded user (tested up to 100,000 and beyond). Default 300. */
  transactionsPerUser?: number;
  /** Stocks per brokerage-like account. Default 4. */
  stocksPerAccount?: number;
  /** Lifetime of user access tokens, in seconds. Default 7200 (2 h, as the real API). */
  tokenTtlSeconds?: number;
  /** Status for a request without `Bridge-Version` (or `Bankin-Version`). Default 400. */
  missingVersionStatus?: number;
  /** Status for failed `/v2/authenticate` (wrong email/password, unknown user). Default 401. */
  authenticateFailureStatus?: number;
  /** Status of a successful `POST /v2/users` (the real one is not recorded: 200 or 201). Default 201. */
  createUserStatus?: 200 | 201;
  /** `'not-found'` reproduces the July 2023 sandbox, where email/password updates returned 404. */
  userUpdates?: 'apply' | 'not-found';
  /**
   * Emit `null` where the real API was seen to (`status_code_info`, loan-detail dates and type)
   * instead of the non-null values strict clients expect. Default false.
   */
  realisticNulls?: boolean;
  /** `GET /items/{id}/refresh/status` values after a refresh, one per poll, ending the refresh. */
  refreshSteps?: readonly string[];
  /**
   * The instant seeded dates and timestamps count back from. Default: the sandbox clock at creation
   * (`startSandbox` passes its `now` option, so a fixed `now` gives byte-identical data).
   */
  dataAnchor?: Date | string | number;
  /** The v3 (2025-01-15) side: webhooks, and the switches for facts the reference leaves open. */
  v3?: BridgeV3Options;
  /** Override the documented rate limits (only enforced when the sandbox's `rateLimits` is on). */
  rateLimits?: {
    perUser?: { limit: number; windowSeconds: number };
    authenticate?: { limit: number; windowSeconds: number };
    perApp?: { limit: number; windowSeconds: number };
  };
}

/** The demo user every default sandbox has. */
export const DEMO_USER: Readonly<BridgeUserSeed> = {
  email: 'demo@bankkit.dev',
  password: 'bankkit-demo',
  externalUserId: 'bankkit-demo-user',
};

/** Options with every default applied and checked. */
export interface ResolvedBridgeOptions {
  clientId: string;
  clientSecret: string;
  users: readonly BridgeUserSeed[];
  accountsPerUser: number;
  transactionsPerUser: number;
  stocksPerAccount: number;
  tokenTtlMs: number;
  missingVersionStatus: number;
  authenticateFailureStatus: number;
  createUserStatus: 200 | 201;
  userUpdates: 'apply' | 'not-found';
  realisticNulls: boolean;
  refreshSteps: readonly string[];
  limits: {
    perUser: { limit: number; windowMs: number };
    authenticate: { limit: number; windowMs: number };
    perApp: { limit: number; windowMs: number };
  };
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Bridge sandbox: ${name} must be an integer in ${min}..${max}, got ${value}.`);
  }
  return value;
}

function status(name: string, value: number | undefined, fallback: number): number {
  return integer(name, value, fallback, 400, 599);
}

function limit(
  name: string,
  value: { limit: number; windowSeconds: number } | undefined,
  fallback: { limit: number; windowMs: number },
): { limit: number; windowMs: number } {
  if (value === undefined) return fallback;
  integer(`rateLimits.${name}.limit`, value.limit, 1, 1, Number.MAX_SAFE_INTEGER);
  if (!(value.windowSeconds > 0))
    throw new RangeError(`Bridge sandbox: rateLimits.${name}.windowSeconds must be > 0.`);
  return { limit: value.limit, windowMs: value.windowSeconds * 1000 };
}

function seededUsers(users: BridgeSandboxOptions['users']): readonly BridgeUserSeed[] {
  if (users === undefined) return [DEMO_USER];
  if (typeof users === 'number') {
    integer('users', users, 1, 0, 100_000);
    return Array.from({ length: users }, (_, i) =>
      i === 0 ? DEMO_USER : { email: `user${i + 1}@bankkit.dev`, password: `bankkit-demo-${i + 1}` },
    );
  }
  const seen = new Set<string>();
  for (const user of users) {
    if (!user.email.includes('@')) throw new TypeError(`Bridge sandbox: user email ${user.email} has no @.`);
    if (user.password.length < 6 || user.password.length >= 72) {
      throw new RangeError(`Bridge sandbox: the password of ${user.email} must have 6 to 71 characters.`);
    }
    if (seen.has(user.email.toLowerCase()))
      throw new TypeError(`Bridge sandbox: user ${user.email} is listed twice.`);
    seen.add(user.email.toLowerCase());
  }
  return users;
}

/** Applies the defaults and checks every option. */
export function resolveBridgeOptions(options: BridgeSandboxOptions = {}): ResolvedBridgeOptions {
  const refreshSteps = options.refreshSteps ?? ['authenticating', 'retrieving_data', 'finished'];
  if (refreshSteps.length === 0) throw new RangeError('Bridge sandbox: refreshSteps must not be empty.');
  return {
    clientId: options.clientId ?? 'bankkit-sandbox-bridge-client',
    clientSecret: options.clientSecret ?? 'bankkit-sandbox-bridge-secret',
    users: seededUsers(options.users),
    accountsPerUser: integer('accountsPerUser', options.accountsPerUser, 5, 1, 100),
    transactionsPerUser: integer('transactionsPerUser', options.transactionsPerUser, 300, 0, 5_000_000),
    stocksPerAccount: integer('stocksPerAccount', options.stocksPerAccount, 4, 0, 8),
    tokenTtlMs: integer('tokenTtlSeconds', options.tokenTtlSeconds, 7200, 1, 10 * 365 * 86_400) * 1000,
    missingVersionStatus: status('missingVersionStatus', options.missingVersionStatus, 400),
    authenticateFailureStatus: status('authenticateFailureStatus', options.authenticateFailureStatus, 401),
    createUserStatus: options.createUserStatus ?? 201,
    userUpdates: options.userUpdates ?? 'apply',
    realisticNulls: options.realisticNulls ?? false,
    refreshSteps,
    limits: {
      perUser: limit('perUser', options.rateLimits?.perUser, { limit: 60, windowMs: 60_000 }),
      authenticate: limit('authenticate', options.rateLimits?.authenticate, { limit: 10, windowMs: 60_000 }),
      perApp: limit('perApp', options.rateLimits?.perApp, { limit: 2000, windowMs: 300_000 }),
    },
  };
}
