import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConfigurationError,
  InvalidInputError,
  registerSecret,
  type TokenSet,
  type TokenStore,
  TokenStoreError,
  TokenStoreFencedError,
  type TokenStoreLock,
  type TokenWriteOptions,
} from '@bankkit/core';
import { createClient } from '@redis/client';
import { ACQUIRE, EXTEND, RELEASE, type RedisScript, WRITE } from './scripts.js';
import { decodeTokenSet, encodeTokenSet } from './token-codec.js';

/**
 * What `RedisTokenStore` needs of a client: node-redis's `sendCommand` (a client made with
 * `createClient` from `redis` or `@redis/client`, connected by its owner).
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link RedisTokenStore}: a `client` or a `url`, not both. */
export interface RedisTokenStoreOptions {
  /**
   * A connected node-redis client you own (you connect and close it). Configure it to fail fast
   * while Redis is down (`disableOfflineQueue: true`), or calls wait until it reconnects.
   */
  client?: RedisCommandClient;
  /**
   * A Redis URL (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS). The store then
   * makes, connects and (in {@link RedisTokenStore.close}) closes its own client, which fails fast
   * while the server is unreachable and reconnects by itself.
   */
  url?: string;
  /** Prefix of every key. Default `bankkit:tokens:`. */
  prefix?: string;
  /**
   * How long a renewal lease lasts without being extended. The holder extends it every third of
   * this while it holds it, so it only runs out when the holder died or stalled; a waiter then
   * takes over at most this long after the holder's last extension. Default 10 000 ms.
   */
  leaseMs?: number;
  /** How long {@link RedisTokenStore.lock} waits for the lease before rejecting. Default 30 000 ms. */
  lockTimeoutMs?: number;
  /** How long one Redis command may take before it fails with a `TokenStoreError`. Default 5 000 ms. */
  commandTimeoutMs?: number;
}

/** What the store does with the client it makes from a `url`. */
interface OwnClient extends RedisCommandClient {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  once(event: 'error', listener: (error: unknown) => void): unknown;
}

/** The Redis keys of one credential. */
interface CredentialKeys {
  tokens: string;
  lease: string;
  fence: string;
}

/**
 * Token sets in Redis, shared by every worker on every host that points at the same server and
 * prefix; a `TokenStore` for `TokenManager` (and so for every bankkit client's `tokenStore`).
 *
 * - **Sets** are one hash per credential; `set` is atomic, so a reader sees the old set or the new
 *   one. Every field is kept, extra fields and the "needs a new login" marker included, with
 *   `Date`s coming back as `Date`s.
 * - **The renewal lock is a lease**: `SET NX PX` of a random owner id, extended every third of
 *   `leaseMs` while held, released only by its owner (checked in the same script). A holder that
 *   dies stops extending it, and the next waiter takes over once it runs out.
 * - **Fencing**: each lease gets a fence number greater than every earlier one of that credential
 *   (`TokenStoreLock.fence`); `TokenManager` passes it with the writes it makes under the lease, and
 *   a write whose fence is older than the newest lease granted is refused atomically
 *   (`TokenStoreFencedError`). A holder that stalled past its lease (GC, SIGSTOP, a network stall)
 *   therefore cannot overwrite the newer set of the holder that took over.
 * - **Failures**: while Redis is unreachable (or a command outlasts `commandTimeoutMs`) every call
 *   rejects with a `TokenStoreError` (code `token_store_failed`); no renewed set is used unsaved.
 *   A lease not had within `lockTimeoutMs` rejects with code `token_store_locked`.
 *
 * @example
 * ```ts
 * const store = new RedisTokenStore({ url: process.env.REDIS_URL });
 * const client = new SpareBank1Client({ clientId, clientSecret, redirectUri, tokenStore: store });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #client: RedisCommandClient;
  readonly #ownClient: OwnClient | undefined;
  readonly #prefix: string;
  readonly #leaseMs: number;
  readonly #lockTimeoutMs: number;
  readonly #commandTimeoutMs: number;
  #connecting: Promise<unknown> | undefined;
  #closed = false;
  /** Lease extensions running for this store's holds, stopped by `close`. */
  readonly #extensions = new Set<NodeJS.Timeout>();

  /** @throws ConfigurationError without exactly one of `client` and `url`, or with a bad option. */
  constructor(options: RedisTokenStoreOptions) {
    const { client, url } = options ?? {};
    if ((client === undefined) === (url === undefined)) {
      throw new ConfigurationError(
        'RedisTokenStore needs exactly one of `client` (a connected node-redis client) and `url` (redis://host:port).',
      );
    }
    this.#prefix = options.prefix ?? 'bankkit:tokens:';
    this.#leaseMs = positive(options.leaseMs, 10_000, 'leaseMs');
    this.#lockTimeoutMs = positive(options.lockTimeoutMs, 30_000, 'lockTimeoutMs');
    this.#commandTimeoutMs = positive(options.commandTimeoutMs, 5_000, 'commandTimeoutMs');
    if (client !== undefined) {
      if (typeof client.sendCommand !== 'function') {
        throw new ConfigurationError(
          'RedisTokenStore option `client` must be a node-redis client (createClient()).',
        );
      }
      this.#client = client;
      this.#ownClient = undefined;
      return;
    }
    const own = this.#createOwnClient(url as string);
    this.#ownClient = own;
    this.#client = own;
  }

  #createOwnClient(url: string): OwnClient {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigurationError(
        'RedisTokenStore option `url` must be a URL such as redis://127.0.0.1:6379.',
      );
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      throw new ConfigurationError('RedisTokenStore option `url` must start with redis:// or rediss://.');
    }
    if (parsed.password) registerSecret(decodeURIComponent(parsed.password));
    const own = createClient({
      url,
      // Fail at once while disconnected, instead of queueing calls until Redis is back.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: this.#commandTimeoutMs,
        reconnectStrategy: (retries: number) => Math.min(25 * 2 ** retries, 500),
      },
    });
    // Connection errors surface on the calls; an unhandled 'error' event would end the process.
    own.on('error', () => {});
    return own;
  }

  /** The set stored under `key`, or undefined. @throws TokenStoreError when Redis fails or holds unreadable data. */
  async get(key: string): Promise<TokenSet | undefined> {
    const text = await this.#command(['HGET', this.#keys(key).tokens, 'data'], 'read the tokens');
    if (text === null || text === undefined) return undefined;
    try {
      return decodeTokenSet(String(text));
    } catch {
      throw new TokenStoreError(
        `Redis holds unreadable data for the token set "${key}" (not the JSON RedisTokenStore writes). ` +
          'Log in again to replace it, or delete the key.',
      );
    }
  }

  /**
   * Stores `tokens` under `key`, all fields replaced. With `options.fence` (a lease's fence), the
   * write is made only if no newer lease was granted since.
   *
   * @throws TokenStoreFencedError when the fence is older than the newest lease; TokenStoreError when Redis fails.
   */
  async set(key: string, tokens: TokenSet, options?: TokenWriteOptions): Promise<void> {
    if (typeof tokens?.accessToken !== 'string' || !(tokens.expiresAt instanceof Date)) {
      throw new InvalidInputError(
        `Cannot store the token set for "${key}": it needs an accessToken string and an expiresAt Date.`,
        { field: 'tokens' },
      );
    }
    await this.#fencedWrite(key, encodeTokenSet(tokens), options?.fence);
  }

  /** Removes the set stored under `key` (fenced like {@link RedisTokenStore.set}); its fence history stays. */
  async delete(key: string, options?: TokenWriteOptions): Promise<void> {
    await this.#fencedWrite(key, '', options?.fence);
  }

  /**
   * Takes the renewal lease of `key`, waiting while another worker holds it. Resolves to its
   * release function, which carries the lease's `fence`. The lease is extended every third of
   * `leaseMs` until released.
   *
   * @throws TokenStoreError with code `token_store_locked` after `lockTimeoutMs`, or `token_store_failed` when Redis fails.
   */
  async lock(key: string): Promise<TokenStoreLock> {
    const keys = this.#keys(key);
    const owner = randomUUID();
    const deadline = Date.now() + this.#lockTimeoutMs;
    let backoffMs = 5;
    for (;;) {
      const [taken, value] = await this.#script(
        ACQUIRE,
        [keys.lease, keys.fence, keys.tokens],
        [owner, String(this.#leaseMs)],
        'take the renewal lease',
      );
      if (taken === 1) return this.#hold(keys, owner, value);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new TokenStoreError(
          `The renewal lease of "${key}" stayed taken for ${this.#lockTimeoutMs} ms. Another worker is ` +
            'renewing the same tokens (or held the lease and stalled); try again.',
          {},
          'token_store_locked',
        );
      }
      // Poll with a growing, jittered step, never sleeping past the holder's expiry by much.
      const leaseLeft = value > 0 ? value : backoffMs;
      const step = Math.min(backoffMs, leaseLeft + 1) * (0.5 + Math.random() / 2);
      await sleep(Math.max(1, Math.min(remaining, step)));
      backoffMs = Math.min(backoffMs * 2, 100);
    }
  }

  /**
   * Stops extending this store's leases (they run out on their own) and closes the client the store
   * made from `url`; a client passed in is left to its owner. The store cannot be used afterwards.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const extension of this.#extensions) clearInterval(extension);
    this.#extensions.clear();
    if (this.#ownClient?.isOpen) await this.#ownClient.close();
  }

  #hold(keys: CredentialKeys, owner: string, fence: number): TokenStoreLock {
    const extend = setInterval(
      () => {
        this.#script(EXTEND, [keys.lease], [owner, String(this.#leaseMs)], 'extend the lease').then(
          ([extended]) => {
            // Lost (ran out while this process stalled): later writes are refused by the fence.
            if (extended !== 1) {
              clearInterval(extend);
              this.#extensions.delete(extend);
            }
          },
          () => {},
        );
      },
      Math.max(Math.floor(this.#leaseMs / 3), 10),
    );
    extend.unref();
    this.#extensions.add(extend);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      clearInterval(extend);
      this.#extensions.delete(extend);
      await this.#script(RELEASE, [keys.lease], [owner], 'release the lease');
    };
    return Object.assign(release, { fence });
  }

  async #fencedWrite(key: string, data: string, fence: number | undefined): Promise<void> {
    if (fence !== undefined && !Number.isSafeInteger(fence)) {
      throw new InvalidInputError('A token write fence must be an integer.', { field: 'fence' });
    }
    const keys = this.#keys(key);
    const [written, newest] = await this.#script(
      WRITE,
      [keys.tokens, keys.fence],
      [data, fence === undefined ? '' : String(fence)],
      data === '' ? 'delete the tokens' : 'write the tokens',
    );
    if (written !== 1) {
      throw new TokenStoreFencedError(
        `Refused to ${data === '' ? 'delete' : 'write'} the token set "${key}": the renewal lease it was made ` +
          `under (fence ${fence}) expired and a newer one (fence ${newest}) was granted since, so the store may ` +
          'hold newer tokens. Nothing was written; read the store again.',
        { fence: fence ?? 0, currentFence: newest },
      );
    }
  }

  #keys(key: string): CredentialKeys {
    if (typeof key !== 'string' || key === '') {
      throw new InvalidInputError('A token store key must be a non-empty string.', { field: 'key' });
    }
    // Braces would end the hash tag early; percent-encode them (and `%`, to stay unambiguous).
    const tag = `${this.#prefix}{${key.replace(/[{}%]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}}`;
    return { tokens: `${tag}:tokens`, lease: `${tag}:lease`, fence: `${tag}:fence` };
  }

  /** Runs a script by its SHA-1, loading it on first use (or after a server restart). */
  async #script(
    script: RedisScript,
    keys: string[],
    args: string[],
    action: string,
  ): Promise<[number, number]> {
    const head = [String(script.keyCount), ...keys, ...args];
    let reply: unknown;
    try {
      reply = await this.#command(['EVALSHA', sha1(script.source), ...head], action, true);
    } catch (error) {
      if (!(error instanceof NoScriptError)) throw error;
      reply = await this.#command(['EVAL', script.source, ...head], action);
    }
    if (!Array.isArray(reply) || reply.length !== 2) {
      throw new TokenStoreError(`Redis answered an unexpected reply when asked to ${action}.`);
    }
    return [Number(reply[0]), Number(reply[1])];
  }

  async #command(args: string[], action: string, scriptMayBeMissing = false): Promise<unknown> {
    if (this.#closed) {
      throw new TokenStoreError(`Could not ${action}: this RedisTokenStore was closed.`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.#commandTimeoutMs} ms`)),
        this.#commandTimeoutMs,
      );
    });
    try {
      return await Promise.race([this.#connected().then(() => this.#client.sendCommand(args)), timeout]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (scriptMayBeMissing && message.startsWith('NOSCRIPT')) throw new NoScriptError();
      throw new TokenStoreError(
        `Could not ${action} in Redis (${message}). Check that the Redis server is running and reachable; ` +
          'nothing was used unsaved, and the call can be tried again.',
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Connects the store's own client on first use; the client reconnects by itself afterwards. */
  #connected(): Promise<unknown> {
    const own = this.#ownClient;
    if (own === undefined || own.isOpen) return Promise.resolve();
    this.#connecting ??= own.connect().finally(() => {
      this.#connecting = undefined;
    });
    // A first connection that fails is reported at once; the client keeps retrying in the
    // background, and later calls fail fast (offline) until it is back.
    const failed = new Promise<never>((_, reject) => own.once('error', reject));
    return Promise.race([this.#connecting, failed]);
  }
}

class NoScriptError extends Error {}

const shas = new Map<string, string>();
function sha1(source: string): string {
  let sha = shas.get(source);
  if (sha === undefined) {
    sha = createHash('sha1').update(source).digest('hex');
    shas.set(source, sha);
  }
  return sha;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`RedisTokenStore option ${name} must be a positive number of milliseconds.`);
  }
  return value;
}
