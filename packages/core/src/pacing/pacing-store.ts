/**
 * One window a request takes a slot in: at most `limit` requests in any `windowMs`, counted under
 * `key` (which names the provider, the app and, for per-user limits, the user).
 */
export interface PacingClaim {
  /** The counter this slot is taken from, e.g. `bridge|https://api.bridgeapi.io|<client id>|user|<user>`. */
  readonly key: string;
  /** Requests allowed in any window. */
  readonly limit: number;
  /** The window's length, in milliseconds. */
  readonly windowMs: number;
  /** The limit in words, for the wait's log line and event (`per user: 60 requests / 60 s`). */
  readonly label: string;
}

/** A slot taken in every window of one request; handed back to {@link PacingStore.release}. */
export interface PacingLease {
  /** The claims whose slots this lease holds. */
  readonly claims: readonly PacingClaim[];
}

/** What {@link PacingStore.tryAcquire} decided. */
export type PacingDecision =
  | { readonly granted: true; readonly lease: PacingLease }
  | {
      readonly granted: false;
      /** The earliest time (epoch ms) a slot may free up in the full window: ask again then. */
      readonly retryAtMs: number;
      /** The claim whose window is full. */
      readonly claim: PacingClaim;
    };

/**
 * Where rate-limit windows are counted. A slot is taken when a request is about to be sent and
 * counts until `windowMs` after its response arrived (or it failed): the server counted the request
 * somewhere in between, so the client's window always covers the server's, however long the request
 * took or however late the server looked at it.
 *
 * {@link MemoryPacingStore} counts within one process; a store on a shared engine (Redis) lets
 * several processes of one app share the windows. Implementations must decide `tryAcquire`
 * atomically: all slots of a request or none.
 */
export interface PacingStore {
  /** Takes a slot in every claimed window if each has room at `nowMs`; otherwise takes none. */
  tryAcquire(claims: readonly PacingClaim[], nowMs: number): PacingDecision | Promise<PacingDecision>;
  /** The request of `lease` is done (its response arrived, or it failed) at `atMs`. */
  release(lease: PacingLease, atMs: number): void | Promise<void>;
}
