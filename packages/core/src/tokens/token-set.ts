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
  [extra: string]: unknown;
}

/** Where token sets live between runs: get / set / delete by key. */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, tokens: TokenSet): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional cross-process lock held around a renewal, so two processes never spend the same
   * refresh token. Resolves to a release function.
   */
  lock?(key: string): Promise<() => Promise<void>>;
}
