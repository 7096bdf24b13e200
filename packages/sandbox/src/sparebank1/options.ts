import type { AccountKind } from './data/model.js';
import { DEFAULT_FIN_INSTS } from './oauth/fin-insts.js';

/** The demo OAuth client every SpareBank 1 sandbox registers unless told otherwise. */
export const DEMO_CLIENT_ID = '5b4c1a0e-7f3d-4c2a-9e1b-8d6f0a2c3e41';
/** Secret of the demo OAuth client. */
export const DEMO_CLIENT_SECRET = 'b9e2f7a4-3c1d-4e5f-8a6b-0c9d8e7f6a52';
/** Redirect URIs registered for the demo OAuth client. */
export const DEMO_REDIRECT_URIS: readonly string[] = ['http://127.0.0.1:8321/callback'];

const DAY_SECONDS = 86_400;

/** How the consent page behaves when `/oauth/authorize` is called. */
export type ConsentMode = 'page' | 'approve' | 'deny';

/** Row counts per account: one number for every account, or a count per account kind. */
export type TransactionsPerAccount = number | Partial<Record<AccountKind, number>>;

/** Options of {@link createSpareBank1Sandbox}. Every value has a documented default. */
export interface SpareBank1SandboxOptions {
  /** OAuth client id. Default {@link DEMO_CLIENT_ID}. */
  clientId?: string;
  /** OAuth client secret. Default {@link DEMO_CLIENT_SECRET}. */
  clientSecret?: string;
  /** Display name of the client on the consent page. Default `bankkit demo`. */
  clientName?: string;
  /**
   * Registered redirect URIs; `/oauth/authorize` requires an exact match, as the real bank does.
   * Default {@link DEMO_REDIRECT_URIS}.
   */
  redirectUris?: readonly string[];
  /**
   * Sandbox convenience, off the real behaviour: also accept `http://127.0.0.1:<any port><path>` when a
   * registered URI is `http://127.0.0.1:<port><path>` with the same path, for command-line clients that
   * bind a free port for their callback. Default `false`: exact match, as the bank does, so a client that
   * binds a random port fails here as it would at the bank. Turn it on only for such tools.
   */
  allowLoopbackRedirects?: boolean;
  /** Access-token lifetime. Default 600 (the documented 10 minutes). */
  accessTokenTtlSeconds?: number;
  /** Sliding refresh-token lifetime: each refresh token dies this long after it was issued. Default 30 days. */
  refreshTokenTtlSeconds?: number;
  /** Hard cap after the BankID login; then the user must log in again. Default 365 days. */
  refreshTokenAbsoluteTtlSeconds?: number;
  /** Authorization-code lifetime. Default 120. */
  codeTtlSeconds?: number;
  /** How long a consent page stays usable. Default 600. */
  consentTtlSeconds?: number;
  /**
   * `true` skips the consent page and approves at once (test mode). Default `false`: the consent page
   * with its Approve and Deny buttons is shown.
   */
  autoApprove?: boolean;
  /**
   * When `false`, an authorize request whose `scope` contains `transfer` is refused with
   * `access_denied`, as for a client the bank has not approved for payments. Default `true`.
   */
  transferScopeApproved?: boolean;
  /**
   * Whether a `redirect_uri` sent to the token endpoint with the `authorization_code` grant must equal
   * the one used at authorize time (RFC 6749 section 4.1.3), else 400 `invalid_grant`. The bank is known
   * to ignore `redirect_uri`/`redirect_url` on the token request in practice; whether it ever checks
   * them is unknown. Default `false`: ignored. Turn it on to test a client against the strict reading.
   */
  checkTokenRedirectUri?: boolean;
  /** The accounts of the demo user, one entry per account (repeat a kind for several). Default: one of each. */
  accounts?: readonly AccountKind[];
  /**
   * Seeded rows per account. Default: 150 for checking and credit-card accounts, fewer for the others.
   * A number applies to every account.
   */
  transactionsPerAccount?: TransactionsPerAccount;
  /** Days of history the seeded rows spread over (extended to cover the latest DST change). Default 90. */
  historyDays?: number;
  /** A booked row stays `RECENT` this many days after its booking date, then turns `HISTORIC`. Default 7. */
  recentDays?: number;
  /** How long a transaction `id` from a list response can be resolved by the details endpoint. Default 3600. */
  transactionIdTtlSeconds?: number;
  /** Valid `finInst` values. Default: the ids of `sparebank1.md` section 2.7. */
  finInsts?: readonly string[];
  /** Rate limiter used when the runtime enables rate limits. Default 60 requests per hour per client. */
  rateLimit?: { limit?: number; windowSeconds?: number; retryAfterHeader?: boolean };
  /** Window in which an identical transfer is flagged `DUPLICATE_PAYMENT_EXISTS`. Default 86 400. */
  duplicatePaymentWindowSeconds?: number;
  /** Oslo wall-clock time after which a payment due today gets `CUTOFF_TIME_HAS_PASSED`. Default `21:00`. */
  paymentCutoffTime?: string;
  /** Reject a JSON number as transfer `amount` (the spec says string). Default `true`. */
  strictAmountType?: boolean;
}

/** {@link SpareBank1SandboxOptions} with every default applied. */
export interface ResolvedSpareBank1Options {
  clientId: string;
  clientSecret: string;
  clientName: string;
  redirectUris: readonly string[];
  allowLoopbackRedirects: boolean;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  refreshTokenAbsoluteTtlMs: number;
  codeTtlMs: number;
  consentTtlMs: number;
  consentMode: ConsentMode;
  transferScopeApproved: boolean;
  checkTokenRedirectUri: boolean;
  accounts: readonly AccountKind[];
  transactionsPerAccount: Record<AccountKind, number>;
  historyDays: number;
  recentDays: number;
  transactionIdTtlMs: number;
  finInsts: ReadonlySet<string>;
  rateLimit: { limit: number; windowMs: number; retryAfterHeader: boolean };
  duplicatePaymentWindowMs: number;
  paymentCutoffMinutes: number;
  strictAmountType: boolean;
}

const DEFAULT_ACCOUNTS: readonly AccountKind[] = [
  'checking',
  'savings',
  'bsu',
  'creditCard',
  'ask',
  'pension',
  'currency',
];

const DEFAULT_ROWS: Record<AccountKind, number> = {
  checking: 150,
  creditCard: 150,
  savings: 30,
  bsu: 12,
  currency: 25,
  ask: 10,
  pension: 6,
};

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`SpareBank 1 sandbox option ${name} must be a positive number, got ${value}`);
  }
  return value;
}

function parseCutoff(value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) {
    throw new RangeError(`SpareBank 1 sandbox option paymentCutoffTime must be HH:MM, got ${value}`);
  }
  return hours * 60 + minutes;
}

function resolveRowCounts(value: TransactionsPerAccount | undefined): Record<AccountKind, number> {
  if (value === undefined) return { ...DEFAULT_ROWS };
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`SpareBank 1 sandbox option transactionsPerAccount must be an integer >= 0`);
    }
    return {
      checking: value,
      creditCard: value,
      savings: value,
      bsu: value,
      currency: value,
      ask: value,
      pension: value,
    };
  }
  return { ...DEFAULT_ROWS, ...value };
}

/** Applies the defaults and checks the values. */
export function resolveOptions(options: SpareBank1SandboxOptions = {}): ResolvedSpareBank1Options {
  const redirectUris = options.redirectUris ?? DEMO_REDIRECT_URIS;
  for (const uri of redirectUris) {
    // A registered URI that does not parse could never match; fail loudly at start-up instead.
    new URL(uri);
  }
  return {
    clientId: options.clientId ?? DEMO_CLIENT_ID,
    clientSecret: options.clientSecret ?? DEMO_CLIENT_SECRET,
    clientName: options.clientName ?? 'bankkit demo',
    redirectUris: [...redirectUris],
    allowLoopbackRedirects: options.allowLoopbackRedirects ?? false,
    accessTokenTtlMs: positive(options.accessTokenTtlSeconds, 600, 'accessTokenTtlSeconds') * 1000,
    refreshTokenTtlMs:
      positive(options.refreshTokenTtlSeconds, 30 * DAY_SECONDS, 'refreshTokenTtlSeconds') * 1000,
    refreshTokenAbsoluteTtlMs:
      positive(options.refreshTokenAbsoluteTtlSeconds, 365 * DAY_SECONDS, 'refreshTokenAbsoluteTtlSeconds') *
      1000,
    codeTtlMs: positive(options.codeTtlSeconds, 120, 'codeTtlSeconds') * 1000,
    consentTtlMs: positive(options.consentTtlSeconds, 600, 'consentTtlSeconds') * 1000,
    consentMode: options.autoApprove ? 'approve' : 'page',
    transferScopeApproved: options.transferScopeApproved ?? true,
    checkTokenRedirectUri: options.checkTokenRedirectUri ?? false,
    accounts: options.accounts ? [...options.accounts] : DEFAULT_ACCOUNTS,
    transactionsPerAccount: resolveRowCounts(options.transactionsPerAccount),
    historyDays: positive(options.historyDays, 90, 'historyDays'),
    recentDays: positive(options.recentDays, 7, 'recentDays'),
    transactionIdTtlMs: positive(options.transactionIdTtlSeconds, 3600, 'transactionIdTtlSeconds') * 1000,
    finInsts: new Set(options.finInsts ?? DEFAULT_FIN_INSTS),
    rateLimit: {
      limit: positive(options.rateLimit?.limit, 60, 'rateLimit.limit'),
      windowMs: positive(options.rateLimit?.windowSeconds, 3600, 'rateLimit.windowSeconds') * 1000,
      retryAfterHeader: options.rateLimit?.retryAfterHeader ?? true,
    },
    duplicatePaymentWindowMs:
      positive(options.duplicatePaymentWindowSeconds, DAY_SECONDS, 'duplicatePaymentWindowSeconds') * 1000,
    paymentCutoffMinutes: parseCutoff(options.paymentCutoffTime ?? '21:00'),
    strictAmountType: options.strictAmountType ?? true,
  };
}
