import {
  MemoryTokenStore,
  registerSecret,
  TokenManager,
  type TokenManagerOptions,
  type TokenSet,
  type TokenStore,
} from '@bankkit/core';
import type { WithResponse } from '../http/with-response.js';
import type { UserAuthInfo } from '../schemas/user.js';
import type { ExternalTokens } from './credentials.js';

/** A Bridge token set: core's {@link TokenSet} plus the uuid of the user it belongs to. */
export interface BridgeTokenSet extends TokenSet {
  /** The Bridge uuid of the user (always a string). */
  userUuid?: string;
}

/** What a {@link UserSession} needs. */
export interface UserSessionOptions {
  /** Store key, e.g. `bridge:<clientId>:email:<email>`. */
  key: string;
  /** Where tokens persist; a private MemoryTokenStore when omitted. */
  store?: TokenStore | undefined;
  /** Renew on first use, before expiry and after a 401. */
  autoRenew: boolean;
  /** Tokens given by the caller, held from the start. */
  externalTokens?: ExternalTokens | undefined;
  /** Authenticates the user once (`POST /v2/authenticate`). */
  authenticate: () => Promise<WithResponse<UserAuthInfo>>;
  /** Clock for expiry checks, in epoch milliseconds. */
  now?: (() => number) | undefined;
}

/**
 * Core's TokenManager, observed, so that the local copy behind the synchronous `isAuthenticated()`
 * follows it: it forgets a token refused with a 401, and it picks up a token set the manager adopted
 * from the store (renewed by another client), for which no `onTokens` is called.
 */
class ObservedTokenManager extends TokenManager {
  readonly #observer: TokenObserver;
  constructor(options: TokenManagerOptions, observer: TokenObserver) {
    super(options);
    this.#observer = observer;
  }
  override async getAccessToken(): Promise<string> {
    const token = await super.getAccessToken();
    if (token !== this.#observer.heldToken()) {
      const adopted = await this.current();
      if (adopted?.accessToken === token) this.#observer.adopt(adopted);
    }
    return token;
  }
  override async invalidate(failedToken?: string): Promise<void> {
    this.#observer.invalidated(failedToken);
    await super.invalidate(failedToken);
  }
}

/** How {@link ObservedTokenManager} reports to the session. */
interface TokenObserver {
  heldToken(): string | undefined;
  adopt(tokens: TokenSet): void;
  invalidated(failedToken: string | undefined): void;
}

/**
 * One Bridge user's login: the token manager that renews it (single flight, stored before use,
 * once more on a 401) and an in-memory copy of the current token set for synchronous checks.
 */
export class UserSession {
  /** Core's token manager; the HTTP layer asks it for the bearer token. */
  readonly tokens: TokenManager;
  /** Settles once stored or external tokens are loaded; requests wait for it. */
  readonly ready: Promise<void>;

  readonly #now: () => number;
  readonly #authenticate: () => Promise<WithResponse<UserAuthInfo>>;
  #current: BridgeTokenSet | undefined;
  #lastAuthInfo: WithResponse<UserAuthInfo> | undefined;

  constructor(options: UserSessionOptions) {
    this.#now = options.now ?? Date.now;
    this.#authenticate = options.authenticate;
    const store = options.store ?? new MemoryTokenStore();
    const managerOptions: TokenManagerOptions = {
      key: options.key,
      store,
      autoRenew: options.autoRenew,
      renew: async () => {
        const info = await this.#authenticate();
        this.#lastAuthInfo = info;
        return toTokenSet(info);
      },
      onTokens: (tokens) => {
        this.#remember(tokens);
      },
    };
    if (options.now) managerOptions.now = options.now;
    this.tokens = new ObservedTokenManager(managerOptions, {
      heldToken: () => this.#current?.accessToken,
      adopt: (tokens) => this.#remember(tokens),
      invalidated: (failedToken) => {
        if (failedToken === undefined || this.#current?.accessToken === failedToken)
          this.#current = undefined;
      },
    });
    // Given tokens count at once (isAuthenticated is synchronous); storing them is awaited by `ready`.
    if (options.externalTokens) this.#remember({ ...options.externalTokens });
    this.ready = this.#load(store, options.key, options.externalTokens);
    // Requests await `ready` and see a failure there; this only keeps it from being reported unhandled.
    this.ready.catch(() => {});
  }

  /** True when a token is held locally and expires more than `marginMs` from now. Never calls the API. */
  isAuthenticated(marginMs = 60_000): boolean {
    const current = this.#current;
    return current !== undefined && current.expiresAt.getTime() > this.#now() + marginMs;
  }

  /** The current token set, as held locally. */
  get current(): BridgeTokenSet | undefined {
    return this.#current;
  }

  /** Authenticates now (joining a renewal already under way) and returns the API's answer. */
  async renew(): Promise<WithResponse<UserAuthInfo>> {
    await this.ready;
    const tokens = await this.tokens.renew();
    const info = this.#lastAuthInfo;
    if (info && info.access_token === tokens.accessToken) return info;
    // The manager adopted a set another client had just stored instead of authenticating; the
    // caller asked for Bridge's own answer, so authenticate for real.
    const fresh = await this.#authenticate();
    await this.tokens.set(toTokenSet(fresh));
    return fresh;
  }

  /** Forgets the tokens, in memory and in the store. */
  async clear(): Promise<void> {
    this.#current = undefined;
    await this.tokens.clear();
  }

  #remember(tokens: TokenSet): void {
    registerSecret(tokens.accessToken);
    const current: BridgeTokenSet = { ...tokens, expiresAt: new Date(tokens.expiresAt) };
    if (typeof tokens.userUuid === 'string') current.userUuid = tokens.userUuid;
    this.#current = current;
  }

  async #load(store: TokenStore, key: string, external: ExternalTokens | undefined): Promise<void> {
    if (external) {
      await this.tokens.set({ ...external });
      return;
    }
    // Reusing a stored, still valid token saves an /authenticate call (10 per user per minute).
    const stored = await store.get(key);
    if (stored && this.#current === undefined) this.#remember(stored);
  }
}

function toTokenSet(info: UserAuthInfo): BridgeTokenSet {
  return {
    accessToken: info.access_token,
    expiresAt: new Date(info.expires_at),
    userUuid: String(info.user.uuid),
  };
}
