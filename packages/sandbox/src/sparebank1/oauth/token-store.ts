import type { SandboxClock, SandboxRandom } from '../../runtime/context.js';
import { randomAlphanumeric } from '../data/random-text.js';
import type { ResolvedSpareBank1Options } from '../options.js';
import type { PkceMethod } from './pkce.js';

/** What an authorize request asked for, carried from the consent page to the code and the session. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  finInst?: string;
  scope?: string;
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
}

/** A consent page waiting for the user's Approve or Deny. */
export interface PendingConsent extends AuthorizationRequest {
  expiresAtMs: number;
}

/** An issued authorization code. */
export interface AuthorizationCode extends AuthorizationRequest {
  expiresAtMs: number;
}

/** One BankID login: refresh tokens rotate inside it, and it dies at the absolute cap. */
export interface LoginSession {
  id: number;
  clientId: string;
  loginAtMs: number;
  absoluteExpiresAtMs: number;
}

interface TokenRecord {
  sessionId: number;
  clientId: string;
  expiresAtMs: number;
}

/** A successful grant, in the units of the token response. */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshTokenExpiresIn: number;
  refreshTokenAbsoluteExpiresIn: number;
}

/** Why a refresh token was refused (all answer `invalid_grant`; the reason only shapes the description). */
export type RefreshRefusal = 'unknown' | 'expired' | 'absolute-expired' | 'wrong-client';

/**
 * Consent requests, codes, sessions and tokens. Times come from the sandbox clock, token text from the
 * seeded random source.
 */
export class OAuthStore {
  private readonly consents = new Map<string, PendingConsent>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly sessions = new Map<number, LoginSession>();
  private readonly accessTokens = new Map<string, TokenRecord>();
  private readonly refreshTokens = new Map<string, TokenRecord>();
  private nextSession = 1;
  private issuedSinceSweep = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly random: SandboxRandom,
    private readonly options: ResolvedSpareBank1Options,
  ) {}

  /** Parks an authorize request behind an opaque id until the user decides. */
  createConsent(request: AuthorizationRequest): string {
    const id = this.random.hex(32);
    this.consents.set(id, { ...request, expiresAtMs: this.clock.nowMs() + this.options.consentTtlMs });
    return id;
  }

  /** Removes and returns a consent request; `undefined` when unknown, used or expired. */
  takeConsent(id: string): PendingConsent | undefined {
    const consent = this.consents.get(id);
    this.consents.delete(id);
    if (!consent || consent.expiresAtMs <= this.clock.nowMs()) return undefined;
    return consent;
  }

  /** A fresh single-use code: 32 lowercase hex characters, as seen live. */
  issueCode(request: AuthorizationRequest): string {
    let code = this.random.hex(32);
    while (this.codes.has(code)) code = this.random.hex(32);
    this.codes.set(code, { ...request, expiresAtMs: this.clock.nowMs() + this.options.codeTtlMs });
    return code;
  }

  /**
   * Removes and returns a code. Any exchange attempt consumes it, successful or not; `expired` when it
   * outlived its TTL.
   */
  takeCode(code: string): AuthorizationCode | 'unknown' | 'expired' {
    const stored = this.codes.get(code);
    if (!stored) return 'unknown';
    this.codes.delete(code);
    return stored.expiresAtMs <= this.clock.nowMs() ? 'expired' : stored;
  }

  /** Starts a login session (one per completed BankID login) and issues its first tokens. */
  startSession(clientId: string): TokenGrant {
    const now = this.clock.nowMs();
    const session: LoginSession = {
      id: this.nextSession++,
      clientId,
      loginAtMs: now,
      absoluteExpiresAtMs: now + this.options.refreshTokenAbsoluteTtlMs,
    };
    this.sessions.set(session.id, session);
    return this.issue(session);
  }

  /**
   * Spends a refresh token: on success it is dead from now on and a new pair is returned (rotation).
   */
  refresh(refreshToken: string, clientId: string): TokenGrant | RefreshRefusal {
    const record = this.refreshTokens.get(refreshToken);
    if (!record) return 'unknown';
    if (record.clientId !== clientId) return 'wrong-client';
    this.refreshTokens.delete(refreshToken);
    const session = this.sessions.get(record.sessionId);
    const now = this.clock.nowMs();
    if (!session) return 'unknown';
    if (session.absoluteExpiresAtMs <= now) return 'absolute-expired';
    if (record.expiresAtMs <= now) return 'expired';
    return this.issue(session);
  }

  /** The session behind a valid access token; `undefined` when unknown, revoked or expired. */
  authenticate(accessToken: string): LoginSession | undefined {
    const record = this.accessTokens.get(accessToken);
    if (!record) return undefined;
    if (record.expiresAtMs <= this.clock.nowMs()) {
      this.accessTokens.delete(accessToken);
      return undefined;
    }
    return this.sessions.get(record.sessionId);
  }

  /** Kills every refresh token (the user revoked the consent); access tokens live on until they expire. */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  /** Kills every access token at once. */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Forgets everything. */
  clear(): void {
    this.consents.clear();
    this.codes.clear();
    this.sessions.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  private issue(session: LoginSession): TokenGrant {
    const now = this.clock.nowMs();
    this.sweep(now);
    const accessToken = this.uniqueToken(this.accessTokens);
    const refreshToken = this.uniqueToken(this.refreshTokens);
    const refreshExpiresAtMs = Math.min(now + this.options.refreshTokenTtlMs, session.absoluteExpiresAtMs);
    this.accessTokens.set(accessToken, {
      sessionId: session.id,
      clientId: session.clientId,
      expiresAtMs: now + this.options.accessTokenTtlMs,
    });
    this.refreshTokens.set(refreshToken, {
      sessionId: session.id,
      clientId: session.clientId,
      expiresAtMs: refreshExpiresAtMs,
    });
    return {
      accessToken,
      refreshToken,
      expiresIn: Math.floor(this.options.accessTokenTtlMs / 1000),
      refreshTokenExpiresIn: Math.floor((refreshExpiresAtMs - now) / 1000),
      refreshTokenAbsoluteExpiresIn: Math.floor((session.absoluteExpiresAtMs - now) / 1000),
    };
  }

  /** Drops dead entries now and then, so a long-running sandbox does not grow without bound. */
  private sweep(now: number): void {
    if (++this.issuedSinceSweep < 500) return;
    this.issuedSinceSweep = 0;
    for (const map of [this.accessTokens, this.refreshTokens, this.codes, this.consents] as const) {
      for (const [key, entry] of map) if (entry.expiresAtMs <= now) map.delete(key);
    }
  }

  private uniqueToken(existing: Map<string, TokenRecord>): string {
    let token = randomAlphanumeric(this.random, 54);
    while (existing.has(token)) token = randomAlphanumeric(this.random, 54);
    return token;
  }
}
