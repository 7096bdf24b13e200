import type { TokenSet, TokenStore } from './token-set.js';

/** Keeps token sets in memory, for one process. Returns copies, so callers cannot change what is stored. */
export class MemoryTokenStore implements TokenStore {
  readonly #sets = new Map<string, TokenSet>();

  async get(key: string): Promise<TokenSet | undefined> {
    const tokens = this.#sets.get(key);
    return tokens ? { ...tokens } : undefined;
  }

  async set(key: string, tokens: TokenSet): Promise<void> {
    this.#sets.set(key, { ...tokens });
  }

  async delete(key: string): Promise<void> {
    this.#sets.delete(key);
  }
}
