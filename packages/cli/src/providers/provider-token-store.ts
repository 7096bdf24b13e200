import type { TokenSet, TokenStore } from '@bankkit/core';
import type { ProviderId } from '../config/settings.js';

/**
 * One fixed slot per provider in the CLI's token file, whatever key a client asks for. The Bridge
 * client keys its tokens by how the user authenticated (`email:…` at login, `uuid:…` afterwards);
 * the CLI has one login per provider, so both must land in the same slot for a login made with a
 * password to be found by later commands that only know the user's uuid.
 */
export class ProviderTokenStore implements TokenStore {
  readonly #store: TokenStore;
  readonly #key: string;

  constructor(store: TokenStore, provider: ProviderId) {
    this.#store = store;
    this.#key = provider;
    if (store.lock) {
      const lock = store.lock.bind(store);
      this.lock = () => lock(this.#key);
    }
  }

  /** Cross-process lock of the provider's slot, when the underlying store has locks. */
  lock?: (key: string) => Promise<() => Promise<void>>;

  /** The provider's stored set, whatever key is asked for (none needed outside a client). */
  get(_key?: string): Promise<TokenSet | undefined> {
    return this.#store.get(this.#key);
  }

  /**
   * New access tokens stored by this process: logins and renewals. Rewrites of the same token (an
   * invalidation after a 401 marks it expired) do not count.
   */
  tokensIssued = 0;
  #lastAccessToken: string | undefined;

  set(_key: string, tokens: TokenSet): Promise<void> {
    if (tokens.accessToken !== this.#lastAccessToken) {
      this.tokensIssued += 1;
      this.#lastAccessToken = tokens.accessToken;
    }
    return this.#store.set(this.#key, tokens);
  }

  /** Forgets the provider's login, whatever key is given (none needed outside a client). */
  delete(_key?: string): Promise<void> {
    return this.#store.delete(this.#key);
  }
}
