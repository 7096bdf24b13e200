import type { TokenSet, TokenStore } from './token-set.js';

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  /** The store key of this credential, e.g. `sparebank1:<clientId>`. */
  key: string;
  store: TokenStore;
  /** Obtains a new token set (refresh-token grant, re-authentication). Receives the current set, if any. */
  renew(current?: TokenSet): Promise<TokenSet>;
  /** Renew automatically when the token is missing or about to expire. Default `true`. */
  autoRenew?: boolean;
  /** A token this close to expiry counts as expired. Default 60 000 ms. */
  marginMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** Awaited with every new token set, after it is stored and before any caller receives it. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
}

/**
 * Owns one credential's token set: decides validity with a safety margin, renews with exactly one
 * request however many callers wait (single flight, cleared on failure), and stores the new set
 * before anyone uses it (rotating refresh tokens are lost otherwise).
 */
export class TokenManager {
  constructor(_options: TokenManagerOptions) {
    throw new Error('not implemented');
  }
  /** True when a token is stored and not within the margin of its expiry. Never renews. */
  isAuthenticated(): Promise<boolean> {
    throw new Error('not implemented');
  }
  /** A valid access token; renews first when needed and `autoRenew` is on. @throws UserAuthenticationError otherwise. */
  getAccessToken(): Promise<string> {
    throw new Error('not implemented');
  }
  /** Renews now (joining a renewal already under way). */
  renew(): Promise<TokenSet> {
    throw new Error('not implemented');
  }
  /** Marks the current access token as unusable (after a 401), so the next call renews. The refresh token is kept. */
  invalidate(): Promise<void> {
    throw new Error('not implemented');
  }
  /** The stored token set, without renewing. */
  current(): Promise<TokenSet | undefined> {
    throw new Error('not implemented');
  }
  /** Stores a token set obtained outside `renew` (e.g. from an authorization-code exchange). */
  set(_tokens: TokenSet): Promise<void> {
    throw new Error('not implemented');
  }
  /** Forgets the tokens (logout). */
  clear(): Promise<void> {
    throw new Error('not implemented');
  }
}
