/**
 * A credential's tokens. Providers may add fields (Bridge: `userUuid`; SpareBank 1: the refresh
 * token's absolute expiry); they are kept through the store.
 */
export interface TokenSet {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  /** When the refresh token stops working (SpareBank 1: the sliding 30-day expiry). */
  refreshTokenExpiresAt?: Date;
  /**
   * The "needs a new login" marker: when the provider refused this set's refresh token for good
   * (`invalid_grant`: revoked, already spent, expired). `TokenManager` writes it into the store,
   * under the store's lock, the first time a renewal fails that way. While it is present no
   * manager, in this process or another, sends the dead refresh token again: every call fails at
   * once with `ReauthorizationRequiredError`. Storing a new set (a new login) removes it.
   *
   * It lives in the stored set itself, so every store carries it by keeping the set's fields as
   * they are (a store must not drop unknown fields; `FileTokenStore`, `MemoryTokenStore` and a
   * shared-engine store that stores the set as one document all do).
   */
  reauthorizationRequiredAt?: Date;
  /** Why {@link TokenSet.reauthorizationRequiredAt} was set: the provider's code (`invalid_grant`) or bankkit's error code. Never a secret. */
  reauthorizationReason?: string;
  [extra: string]: unknown;
}

/**
 * Where token sets live between runs: get / set / delete by key.
 *
 * A store shared by several processes (a file, Redis, a SQL table) must:
 * - keep every field of a set as given, extra fields included: the "needs a new login" marker
 *   ({@link TokenSet.reauthorizationRequiredAt}) is one, and is how other processes learn that a
 *   refresh token is dead;
 * - make `set` atomic per key: a reader sees the old set or the new one, never a mix;
 * - offer {@link TokenStore.lock}, so that renewals (which spend a rotating refresh token), the
 *   marker and invalidations of different processes never interleave.
 */
export interface TokenStore {
  /** The set stored under `key`, or undefined. */
  get(key: string): Promise<TokenSet | undefined>;
  /**
   * Replaces the set stored under `key` (all its fields). `TokenManager` passes `options.fence`
   * when it writes under a lock that carries one (see {@link TokenStoreLock.fence}).
   */
  set(key: string, tokens: TokenSet, options?: TokenWriteOptions): Promise<void>;
  /** Removes the set stored under `key`; nothing happens when there is none. Fenced like `set`. */
  delete(key: string, options?: TokenWriteOptions): Promise<void>;
  /**
   * Optional cross-process lock of one key, held by `TokenManager` around a renewal, the writing of
   * the "needs a new login" marker and an invalidation, so two processes never spend the same
   * refresh token. Resolves, once held, to a function that releases it.
   *
   * Contract for implementations:
   * - mutual exclusion across every process sharing the store, per key;
   * - a holder that dies (crash, `kill -9`) must not block the others for long: the lock must be
   *   taken over once its holder is known to be gone (`FileTokenStore`: within 1 s on the same
   *   host) or after a bounded lease (a shared engine: a lease with an expiry the holder renews);
   * - when a lock can be lost while held (an expired lease), writes made under it must be fenced
   *   (e.g. refused unless the lease's token is still current), so a holder that lost it cannot
   *   overwrite a newer set;
   * - reject with a `BankkitError` (code `token_store_locked`) when it cannot be had in bounded time.
   *
   * A store whose lock is a lease gives each hold an increasing {@link TokenStoreLock.fence};
   * `TokenManager` hands it back with every write made under that hold, and the store refuses, with
   * a `TokenStoreFencedError`, a write whose fence is older than the newest hold it granted.
   */
  lock?(key: string): Promise<TokenStoreLock>;
}

/**
 * A held {@link TokenStore.lock}: calling it releases the lock (a no-op when it was already lost).
 * A plain release function is a valid lock without fencing (`FileTokenStore`'s).
 */
export type TokenStoreLock = (() => Promise<void>) & {
  /**
   * The fence number of this hold, when the lock is a lease that can expire while held
   * (`RedisTokenStore`): greater than that of every earlier hold of the same key. Writes made under
   * the hold pass it as {@link TokenWriteOptions.fence}.
   */
  readonly fence?: number;
};

/** What a writer tells {@link TokenStore.set} and {@link TokenStore.delete} besides the key. */
export interface TokenWriteOptions {
  /**
   * The {@link TokenStoreLock.fence} of the hold the write is made under. A store that fences
   * refuses the write (`TokenStoreFencedError`, nothing written) when a newer hold of the key was
   * granted since: its holder may have renewed, and this writer's set is older. Stores without
   * fencing ignore it.
   */
  fence?: number;
}
