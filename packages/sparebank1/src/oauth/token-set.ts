import { registerSecret, type TokenSet } from '@bankkit/core';
import type { TokenResponse } from '../schemas/token.js';

/** SpareBank 1's tokens: the core set plus the refresh token's absolute expiry and a few echoes. */
export interface SpareBank1TokenSet extends TokenSet {
  /** Sliding expiry: 30 days after the refresh token was issued; every refresh moves it. */
  refreshTokenExpiresAt?: Date;
  /** Hard cap (about 365 days after the BankID login); no refresh moves it. */
  refreshTokenAbsoluteExpiresAt?: Date;
  /** Usually `Bearer`. */
  tokenType?: string;
  /** The granted scope, when the bank says. */
  scope?: string;
}

/** The documented lifetime of an access token, used when `expires_in` is missing. */
const DEFAULT_ACCESS_TOKEN_SECONDS = 600;

/**
 * Reads a date kept in a token set. Stores that serialize to JSON give strings back (or numbers),
 * and the extra fields are not revived for us.
 */
export function readDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

/**
 * Turns a token response into a token set, timing every expiry from `now`. A refresh answer
 * without `refresh_token` keeps the refresh token (and its expiries) already held; missing expiry
 * fields keep the previous ones too.
 */
export function toTokenSet(response: TokenResponse, now: number, previous?: TokenSet): SpareBank1TokenSet {
  const at = (seconds: number | undefined) =>
    seconds === undefined ? undefined : new Date(now + seconds * 1000);
  const rotated = response.refresh_token !== undefined;
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  registerSecret(response.access_token);
  registerSecret(refreshToken);

  const set: SpareBank1TokenSet = {
    accessToken: response.access_token,
    expiresAt: new Date(now + (response.expires_in ?? DEFAULT_ACCESS_TOKEN_SECONDS) * 1000),
  };
  if (refreshToken !== undefined) set.refreshToken = refreshToken;

  const sliding =
    at(response.refresh_token_expires_in) ??
    (rotated ? undefined : readDate(previous?.refreshTokenExpiresAt));
  if (sliding) set.refreshTokenExpiresAt = sliding;
  const absolute =
    at(response.refresh_token_absolute_expires_in) ?? readDate(previous?.refreshTokenAbsoluteExpiresAt);
  if (absolute) set.refreshTokenAbsoluteExpiresAt = absolute;

  if (response.token_type) set.tokenType = response.token_type;
  const scope = response.scope ?? (typeof previous?.scope === 'string' ? previous.scope : undefined);
  if (scope) set.scope = scope;
  return set;
}

/** The earlier of the refresh token's two expiries, when known: after it, only BankID helps. */
export function refreshTokenDeadline(tokens: TokenSet): Date | undefined {
  const dates = [
    readDate(tokens.refreshTokenExpiresAt),
    readDate(tokens.refreshTokenAbsoluteExpiresAt),
  ].filter((date): date is Date => date !== undefined);
  if (dates.length === 0) return undefined;
  return new Date(Math.min(...dates.map((date) => date.getTime())));
}
