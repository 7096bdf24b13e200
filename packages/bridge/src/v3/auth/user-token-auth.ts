import {
  type BearerAuth,
  MemoryTokenStore,
  TokenManager,
  type TokenSet,
  type TokenStore,
} from '@bankkit/core';
import type { WithResponse } from '../../http/with-response.js';
import type { AuthorizationToken } from '../schemas/user.js';

/** A Bridge v3 token set: core's {@link TokenSet} plus the uuid of the user it belongs to. */
export interface BridgeV3TokenSet extends TokenSet {
  /** The user's Bridge uuid, from the token answer. */
  userUuid?: string;
}

/** What a {@link UserTokenAuth} needs. */
export interface UserTokenAuthOptions {
  /** The key of this user's tokens in the store. */
  key: string;
  /** Where tokens persist; a private `MemoryTokenStore` when omitted. */
  store?: TokenStore | undefined;
  /** Obtain a token on first use, before expiry and after a 401. */
  autoRenew: boolean;
  /** Asks Bridge for a new token (`POST /v3/aggregation/authorization/token`). */
  requestToken: () => Promise<WithResponse<AuthorizationToken>>;
  /** Clock, in epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/**
 * The bearer-auth strategy of a v3 user client, handed to core's HTTP layer: it gives out a valid
 * token (core's {@link TokenManager} behind it: single flight, stored before use, renewed a minute
 * before expiry) and hears which token Bridge refused with a 401. As the one the HTTP layer asks,
 * it also knows the token set in use, which is what the synchronous `isAuthenticated()` reads.
 */
export class UserTokenAuth implements BearerAuth {
  /** Settles once a stored token set is loaded; tokens are handed out only after it. */
  readonly ready: Promise<void>;

  readonly #manager: TokenManager;
  readonly #requestToken: () => Promise<WithResponse<AuthorizationToken>>;
  readonly #now: () => number;
  #held: BridgeV3TokenSet | undefined;
  #lastAnswer: WithResponse<AuthorizationToken> | undefined;

  constructor(options: UserTokenAuthOptions) {
    this.#requestToken = options.requestToken;
    this.#now = options.now ?? Date.now;
    this.#manager = new TokenManager({
      key: options.key,
      store: options.store ?? new MemoryTokenStore(),
      autoRenew: options.autoRenew,
      renew: async () => toTokenSet(await this.#fetchToken()),
      onTokens: (tokens) => this.#hold(tokens),
      ...(options.now ? { now: options.now } : {}),
    });
    this.ready = this.#manager.current().then((stored) => {
      if (stored && this.#held === undefined) this.#hold(stored);
    });
    // Every use awaits `ready` and sees a failure there; this keeps it from being reported unhandled.
    this.ready.catch(() => {});
  }

  /** A valid access token, renewed first when needed (one request however many callers wait). */
  async getAccessToken(): Promise<string> {
    await this.ready;
    const token = await this.#manager.getAccessToken();
    if (token !== this.#held?.accessToken) {
      // Renewed by another client sharing the store: its set was adopted without `onTokens`.
      const current = await this.#manager.current();
      if (current?.accessToken === token) this.#hold(current);
    }
    return token;
  }

  /** Bridge refused `failedToken` (401): forget it, so the next call renews. */
  async invalidate(failedToken?: string): Promise<void> {
    if (failedToken === undefined || this.#held?.accessToken === failedToken) this.#held = undefined;
    await this.#manager.invalidate(failedToken);
  }

  /** True when a token is held and expires more than `marginMs` from now. Local: never calls Bridge. */
  isAuthenticated(marginMs = 60_000): boolean {
    const held = this.#held;
    return held !== undefined && held.expiresAt.getTime() > this.#now() + marginMs;
  }

  /** The token set in use, as a copy. */
  get current(): BridgeV3TokenSet | undefined {
    const held = this.#held;
    return held ? { ...held, expiresAt: new Date(held.expiresAt) } : undefined;
  }

  /** Asks Bridge for a token now (joining a renewal under way) and returns Bridge's answer. */
  async renew(): Promise<WithResponse<AuthorizationToken>> {
    await this.ready;
    const tokens = await this.#manager.renew();
    const answer = this.#lastAnswer;
    if (answer && answer.access_token === tokens.accessToken) return answer;
    // The manager adopted a set another client had just stored; the caller asked for Bridge's own
    // answer, so ask for one.
    const fresh = await this.#fetchToken();
    await this.#manager.set(toTokenSet(fresh));
    return fresh;
  }

  async #fetchToken(): Promise<WithResponse<AuthorizationToken>> {
    const answer = await this.#requestToken();
    this.#lastAnswer = answer;
    return answer;
  }

  #hold(tokens: TokenSet): void {
    const held: BridgeV3TokenSet = { ...tokens, expiresAt: new Date(tokens.expiresAt) };
    if (typeof tokens.userUuid === 'string') held.userUuid = tokens.userUuid;
    this.#held = held;
  }
}

function toTokenSet(answer: AuthorizationToken): BridgeV3TokenSet {
  return {
    accessToken: answer.access_token,
    expiresAt: new Date(answer.expires_at),
    userUuid: answer.user.uuid,
  };
}
