/** One webhook endpoint configured at start. */
export interface BridgeWebhookSeed {
  /** Where events are POSTed. */
  url: string;
  /** The signing secret (default: a seeded random one, readable through the control). */
  secret?: string;
  /** Event types to send (default: all seven). */
  events?: readonly string[];
}

/** Options of the Bridge v3 (2025-01-15) side of the sandbox. Every field is optional. */
export interface BridgeV3Options {
  /** Webhook endpoints registered at start. */
  webhooks?: readonly BridgeWebhookSeed[];
  /** Delays before each retry of a failed webhook delivery, in real ms. Default `[1000, 10000, 60000]`. */
  webhookRetryDelaysMs?: readonly number[];
  /** How long a webhook receiver may take to answer, in ms. Default 10,000. */
  webhookTimeoutMs?: number;
  /** Case of the signature's hex digest. Default `'upper'` (F-83 is single-source either way). */
  signatureCase?: 'upper' | 'lower';
  /** How long the previous secret stays valid after a rotation, in seconds (documented: 24 h). */
  previousSecretTtlSeconds?: number;
  /** Status for a token request naming an unknown user. Default 404 (F-31 [S]). */
  unknownUserTokenStatus?: 400 | 401 | 404;
  /** Refuse a connect session without `user_email` (400). Default true (F-35). */
  requireUserEmail?: boolean;
  /** `since` keeps rows updated at (`inclusive`, default) or only after (`exclusive`) the stamp. */
  since?: 'inclusive' | 'exclusive';
  /**
   * What `since`/`until` bound: `updated_at` (default, as the v3 guide says; deleted rows included) or
   * the transaction `date` (the reading of some clients, F-63; deleted rows left out).
   */
  sinceFilters?: 'updated_at' | 'date';
  /** `next_uri` on the last page: omitted (default, the omitted-null rule) or `null`. */
  lastPageNextUri?: 'omit' | 'null';
}

/** The v3 options with every default applied. */
export interface ResolvedBridgeV3Options {
  webhooks: readonly BridgeWebhookSeed[];
  webhookRetryDelaysMs: readonly number[];
  webhookTimeoutMs: number;
  signatureCase: 'upper' | 'lower';
  previousSecretTtlMs: number;
  unknownUserTokenStatus: 400 | 401 | 404;
  requireUserEmail: boolean;
  since: 'inclusive' | 'exclusive';
  sinceFilters: 'updated_at' | 'date';
  lastPageNextUri: 'omit' | 'null';
}

function nonNegative(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`Bridge sandbox: v3.${name} must be a non-negative number, got ${value}.`);
  }
  return value;
}

/** Applies the defaults and checks the values. */
export function resolveBridgeV3Options(options: BridgeV3Options = {}): ResolvedBridgeV3Options {
  for (const hook of options.webhooks ?? []) {
    if (!URL.canParse(hook.url) || !/^https?:$/.test(new URL(hook.url).protocol)) {
      throw new TypeError(`Bridge sandbox: webhook url ${hook.url} is not an http(s) URL.`);
    }
  }
  return {
    webhooks: options.webhooks ?? [],
    webhookRetryDelaysMs: (options.webhookRetryDelaysMs ?? [1000, 10_000, 60_000]).map((ms) =>
      nonNegative(ms, 'webhookRetryDelaysMs'),
    ),
    webhookTimeoutMs: nonNegative(options.webhookTimeoutMs ?? 10_000, 'webhookTimeoutMs'),
    signatureCase: options.signatureCase ?? 'upper',
    previousSecretTtlMs:
      nonNegative(options.previousSecretTtlSeconds ?? 86_400, 'previousSecretTtlSeconds') * 1000,
    unknownUserTokenStatus: options.unknownUserTokenStatus ?? 404,
    requireUserEmail: options.requireUserEmail ?? true,
    since: options.since ?? 'inclusive',
    sinceFilters: options.sinceFilters ?? 'updated_at',
    lastPageNextUri: options.lastPageNextUri ?? 'omit',
  };
}
