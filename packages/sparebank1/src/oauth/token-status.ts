import type { TokenSet } from '@bankkit/core';
import { readDate, refreshTokenDeadline } from './token-set.js';

/** Where a login stands, read locally without a request. */
export interface TokenStatus {
  /**
   * True when calls can be made without a new BankID login: a token set is stored, the bank has not
   * refused its refresh token (`invalid_grant` marks the stored set as needing a new login), and
   * either the access token is still valid or the refresh token is not past either of its expiries.
   */
  authenticated: boolean;
  /** When the current access token expires (10 minutes after issue). */
  accessTokenExpiresAt?: Date | undefined;
  /** Sliding expiry of the refresh token: 30 days after the last refresh. */
  refreshTokenExpiresAt?: Date | undefined;
  /** Absolute expiry of the refresh token: about a year after the BankID login. */
  refreshTokenAbsoluteExpiresAt?: Date | undefined;
  /**
   * The earlier of the two refresh-token expiries: after it, only a BankID login helps. When the
   * bank already refused the refresh token, when that happened.
   */
  reauthorizationRequiredAt?: Date | undefined;
  /** True when `reauthorizationRequiredAt` is less than the warning window away (default 7 days). */
  needsReauthorizationSoon: boolean;
}

/** Default warning window of {@link TokenStatus.needsReauthorizationSoon}. */
export const REAUTHORIZATION_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

/** Computes a {@link TokenStatus} from a stored set. */
export function tokenStatusOf(tokens: TokenSet | undefined, now: number, warningMs: number): TokenStatus {
  if (!tokens) return { authenticated: false, needsReauthorizationSoon: false };
  const accessTokenExpiresAt = readDate(tokens.expiresAt);
  const refreshTokenExpiresAt = readDate(tokens.refreshTokenExpiresAt);
  const refreshTokenAbsoluteExpiresAt = readDate(tokens.refreshTokenAbsoluteExpiresAt);
  const deadline = tokens.refreshToken ? refreshTokenDeadline(tokens) : accessTokenExpiresAt;
  // The refresh token was refused for good (the "needs a new login" marker in the store): since
  // then, or since it expired, whichever came first.
  const refused = readDate(tokens.reauthorizationRequiredAt);
  if (refused !== undefined) {
    return {
      authenticated: false,
      accessTokenExpiresAt,
      refreshTokenExpiresAt,
      refreshTokenAbsoluteExpiresAt,
      reauthorizationRequiredAt: deadline !== undefined && deadline < refused ? deadline : refused,
      needsReauthorizationSoon: true,
    };
  }
  const accessValid = accessTokenExpiresAt !== undefined && accessTokenExpiresAt.getTime() > now;
  const refreshUsable = Boolean(tokens.refreshToken) && (deadline === undefined || deadline.getTime() > now);
  return {
    authenticated: accessValid || refreshUsable,
    accessTokenExpiresAt,
    refreshTokenExpiresAt,
    refreshTokenAbsoluteExpiresAt,
    reauthorizationRequiredAt: deadline,
    needsReauthorizationSoon: deadline !== undefined && deadline.getTime() - now < warningMs,
  };
}
