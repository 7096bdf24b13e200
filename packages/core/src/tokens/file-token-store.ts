import type { TokenSet, TokenStore } from './token-set.js';

/**
 * Token sets in one JSON file (mode 0600), written atomically: temp file, fsync, rename. A crash
 * mid-write leaves the previous content; concurrent writers in one process are serialized; `lock`
 * takes an exclusive lock file so two processes never renew the same credential at once.
 */
export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {}
  get(_key: string): Promise<TokenSet | undefined> {
    throw new Error('not implemented');
  }
  set(_key: string, _tokens: TokenSet): Promise<void> {
    throw new Error('not implemented');
  }
  delete(_key: string): Promise<void> {
    throw new Error('not implemented');
  }
  lock(_key: string): Promise<() => Promise<void>> {
    throw new Error('not implemented');
  }
}
