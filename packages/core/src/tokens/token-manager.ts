import { isReauthorizationRequiredError, isTokenStoreFencedError } from '../errors/guards.js';
import { ReauthorizationRequiredError } from '../errors/http-errors.js';
import {
  ConfigurationError,
  InvalidInputError,
  TokenStoreError,
  UserAuthenticationError,
} from '../errors/local-errors.js';
import { registerSecret } from '../redaction/secret-registry.js';
import { KeyedQueue } from './keyed-queue.js';
import type { TokenSet, TokenStore } from './token-set.js';
import { copyTokenSet, normalizeTokenSet, tokenSetProblem } from './token-set-values.js';

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  /** The store key of this credential, e.g. `sparebank1:<clientId>`. */
  key: string;
  /** Where the set lives between runs; its optional `lock` keeps renewals in other processes apart. */
  store: TokenStore;
  /**
   * Obtains a new token set (refresh-token grant, re-authentication). Receives the current set, if
   * any, as last stored (so a refresh-token grant reads the newest `refreshToken`).
   *
   * The manager stores exactly what this returns. Whether a missing `refreshToken` in the new set
   * means "keep the old one" is the provider's rule, so the adapter's callback copies it over
   * itself when it should (SpareBank 1 does). It runs while the renewal lock is held: it must not
   * call this manager's methods.
   */
  renew(current?: TokenSet): Promise<TokenSet>;
  /** Renew automatically when the token is missing or about to expire. Default `true`. */
  autoRenew?: boolean;
  /** A token this close to expiry counts as expired. Default 60 000 ms. */
  marginMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Awaited with every new token set, after it is stored and before any caller receives it: after
   * each renewal by this manager and each {@link TokenManager.set}. Not called for a set that
   * another manager or process renewed and this one picked up from the store (that one's own
   * `onTokens` saw it). When it throws, the callers waiting for that token get its error; the set
   * stays stored.
   */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
}

/** What `invalidate` writes as the expiry of an access token that was refused. */
const INVALIDATED_AT = 0;

/** How many refused access tokens a manager remembers (a few renewals' worth). */
const REFUSED_TOKENS_KEPT = 32;

/**
 * Renewals, invalidations, `set` and `clear` of one credential run one at a time across every
 * manager of this process that shares the store object, so none of them overwrites a token set
 * another has just written. The store's own `lock` extends that to other processes.
 */
const exclusiveByStore = new WeakMap<TokenStore, KeyedQueue<string>>();

/** The result of the part of a renewal that runs under the lock. */
interface RenewalOutcome {
  tokens: TokenSet;
  /** False when another manager or process had already stored a newer, valid set. */
  fresh: boolean;
  /** The manager's write generation right after the store write (see `#generation`). */
  generation: number;
}

/**
 * Owns one credential's token set: decides validity with a safety margin, renews with exactly one
 * request however many callers wait (single flight, cleared on failure), and stores the new set
 * before anyone uses it (rotating refresh tokens are lost otherwise).
 *
 * - **Fast path**: a valid token is served from an in-memory copy of the stored set, without a store
 *   read. Once that copy is no longer valid, the store is read again first, so a set that another
 *   manager or process renewed meanwhile is used instead of renewing once more.
 * - **Single flight**: however many callers need a token at once, `renew` is called once; all of
 *   them get that result or that same error. The flight is forgotten when it settles, so after a
 *   failure the next call tries again.
 * - **Persist before use**: a renewed set is written to the store (`await store.set`) and
 *   `onTokens` is awaited before any caller receives it. If the store write fails, the callers get a
 *   `BankkitError` with code `token_store_failed` and the token is NOT handed out: with rotating
 *   refresh tokens (SpareBank 1) a token that was used but never saved leaves the store holding a
 *   refresh token that is already dead, and the user logged out. The unsaved set is kept in memory
 *   and the next call saves it (then uses it) instead of spending its refresh token again.
 * - **Across processes**: when the store has a `lock`, it is held around each renewal; once held,
 *   the store is read again and a different, valid set found there is used instead of renewing.
 * - **Fencing**: when the lock is a lease that carries a fence number (`TokenStoreLock.fence`), every
 *   write made under it passes that fence, and a store that fences refuses it once a newer lease was
 *   granted (`TokenStoreFencedError`). The manager then reads the store again and uses the newer
 *   holder's set when it is valid; the refused set is dropped, never saved later.
 * - **Dead refresh token**: when `renew` fails with `ReauthorizationRequiredError` (the provider's
 *   `invalid_grant`), the stored set is marked as needing a new login
 *   ({@link TokenSet.reauthorizationRequiredAt}), under the store's lock. From then on every call,
 *   in this process or any other sharing the store, fails at once with
 *   `ReauthorizationRequiredError` and sends nothing, until {@link TokenManager.set} stores new tokens.
 * - **Redaction**: every access and refresh token the manager sees (read, renewed or set) is
 *   registered with `registerSecret`, so it is scrubbed from bankkit's errors and logs.
 */
export class TokenManager {
  readonly #key: string;
  readonly #store: TokenStore;
  readonly #renewTokens: (current?: TokenSet) => Promise<TokenSet>;
  readonly #onTokens: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  readonly #autoRenew: boolean;
  readonly #marginMs: number;
  readonly #now: () => number;

  /** The last set seen in (or written to) the store; valid or not. */
  #cached: TokenSet | undefined;
  /** Counts this manager's store writes, so a slow read never replaces the cache with an older set. */
  #generation = 0;
  /** The renewal under way, until its waiters have been served. */
  #renewing: Promise<TokenSet> | undefined;
  /** A store read (possibly followed by a renewal) on behalf of `getAccessToken` callers. */
  #loading: Promise<TokenSet> | undefined;
  /** A renewed set whose store write failed: saved and used by the next renewal instead of renewing. */
  #unsaved: TokenSet | undefined;
  /**
   * Access tokens the server refused (401), never served again whatever a store read says: a read
   * that began before the refusal, or a store another process has not updated yet, may still hold
   * one with an expiry in the future.
   */
  readonly #refused = new Set<string>();
  /** The store write of each refused token under way, shared by every caller refused with it. */
  readonly #invalidations = new Map<string, Promise<void>>();

  /** @throws ConfigurationError when an option cannot work. */
  constructor(options: TokenManagerOptions) {
    if (typeof options?.key !== 'string' || options.key === '') {
      throw new ConfigurationError(
        'TokenManager needs a non-empty `key` naming the credential in the store.',
      );
    }
    const { store } = options;
    if (
      typeof store?.get !== 'function' ||
      typeof store.set !== 'function' ||
      typeof store.delete !== 'function'
    ) {
      throw new ConfigurationError(
        'TokenManager needs a `store` with get, set and delete (e.g. MemoryTokenStore).',
      );
    }
    if (typeof options.renew !== 'function') {
      throw new ConfigurationError('TokenManager needs a `renew` function that obtains a new token set.');
    }
    const marginMs = options.marginMs ?? 60_000;
    if (!Number.isFinite(marginMs) || marginMs < 0) {
      throw new ConfigurationError('TokenManager option `marginMs` must be a number of milliseconds >= 0.');
    }
    this.#key = options.key;
    this.#store = store;
    this.#renewTokens = options.renew;
    this.#onTokens = options.onTokens;
    this.#autoRenew = options.autoRenew ?? true;
    this.#marginMs = marginMs;
    this.#now = options.now ?? Date.now;
  }

  /**
   * True when a token is stored and not within the margin of its expiry. Never renews. Always reads
   * the store, so it reflects a logout or a renewal done elsewhere. Rejects only when the store does.
   */
  async isAuthenticated(): Promise<boolean> {
    const tokens = await this.#load();
    return tokens !== undefined && this.#isValid(tokens);
  }

  /** A valid access token; renews first when needed and `autoRenew` is on. @throws UserAuthenticationError otherwise. */
  getAccessToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && !this.#renewing && this.#isValid(cached)) return Promise.resolve(cached.accessToken);
    return this.#obtain().then((tokens) => tokens.accessToken);
  }

  /**
   * Renews now (joining a renewal already under way), whatever the current token's expiry, and
   * resolves once the new set is stored. Works with `autoRenew` off too.
   */
  renew(): Promise<TokenSet> {
    return (this.#renewing ?? this.#startRenewal()).then(copyTokenSet);
  }

  /**
   * Marks the current access token as unusable (after a 401), so the next call renews. The refresh
   * token and any extra fields are kept: the set stays stored, with `expiresAt` moved to the epoch.
   *
   * The refused token is remembered and never served again, whatever a store read says (a read
   * begun before the refusal, another process's file not yet updated). Callers refused with the
   * same token share one store write, so many callers do not queue for the cross-process lock one
   * after another. When the store already holds another set (another manager or process renewed),
   * that set is used from then on.
   *
   * @param failedToken The access token the server refused. When given, nothing happens unless it is
   *   still the current token: a 401 that arrives after another caller already renewed must not
   *   throw the new token away. Without it, the token current at the time of the call is marked.
   */
  async invalidate(failedToken?: string): Promise<void> {
    const target = failedToken ?? this.#cached?.accessToken ?? (await this.#load())?.accessToken;
    if (target === undefined) return;
    this.#refused.add(target);
    if (this.#refused.size > REFUSED_TOKENS_KEPT) {
      const oldest = this.#refused.values().next().value;
      if (oldest !== undefined) this.#refused.delete(oldest);
    }
    const cached = this.#cached;
    if (cached?.accessToken === target) this.#cached = { ...cached, expiresAt: new Date(INVALIDATED_AT) };
    // One store write per refused token, however many callers it was refused to: each one queuing
    // for the cross-process lock would delay the repeated calls by a lock round each.
    let pending = this.#invalidations.get(target);
    if (pending === undefined) {
      pending = this.#exclusive(async (fence) => {
        const stored = await this.#readStore();
        if (stored?.accessToken !== target) {
          // Already replaced by another manager or process: use that set from now on, so that no
          // earlier read can bring the refused token back.
          if (stored !== undefined && !this.#refused.has(stored.accessToken)) {
            this.#generation += 1;
            this.#cached = stored;
          }
          return;
        }
        const expired: TokenSet = { ...stored, expiresAt: new Date(INVALIDATED_AT) };
        await this.#write(expired, 'invalidate', fence);
        if (this.#cached?.accessToken === target) this.#cached = expired;
      });
      const settled = pending;
      const forget = () => {
        if (this.#invalidations.get(target) === settled) this.#invalidations.delete(target);
      };
      settled.then(forget, forget);
      this.#invalidations.set(target, settled);
    }
    await pending;
  }

  /** The stored token set (a copy), without renewing. */
  async current(): Promise<TokenSet | undefined> {
    const tokens = await this.#load();
    return tokens && copyTokenSet(tokens);
  }

  /**
   * Stores a token set obtained outside `renew` (e.g. from an authorization-code exchange), then
   * awaits `onTokens` with it.
   *
   * @throws InvalidInputError when the set has no access token or no valid `expiresAt` date.
   */
  async set(tokens: TokenSet): Promise<void> {
    const problem = tokenSetProblem(tokens);
    if (problem) {
      throw new InvalidInputError(`TokenManager.set: ${problem.field} ${problem.problem}.`, {
        field: problem.field,
      });
    }
    const copy = copyTokenSet(tokens);
    registerTokenSecrets(copy);
    const generation = await this.#exclusive(async (fence) => {
      await this.#write(copy, 'set', fence);
      this.#unsaved = undefined;
      return this.#generation;
    });
    await this.#onTokens?.(copyTokenSet(copy));
    if (this.#generation === generation) this.#cached = copy;
  }

  /** Forgets the tokens (logout): deletes them from the store. */
  async clear(): Promise<void> {
    await this.#exclusive(async (fence) => {
      await this.#store.delete(this.#key, fence === undefined ? undefined : { fence });
      this.#generation += 1;
      this.#cached = undefined;
      this.#unsaved = undefined;
    });
  }

  #isValid(tokens: TokenSet): boolean {
    if (tokens.reauthorizationRequiredAt !== undefined || this.#refused.has(tokens.accessToken)) return false;
    const expiresAt = tokens.expiresAt.getTime();
    return Number.isFinite(expiresAt) && expiresAt - this.#marginMs > this.#now();
  }

  /** The slow path of `getAccessToken`: one store read for every caller waiting, then a renewal if needed. */
  #obtain(): Promise<TokenSet> {
    if (this.#renewing) return this.#renewing;
    if (this.#loading) return this.#loading;
    const loading = (async () => {
      const stored = await this.#load();
      // A renewal that started meanwhile may have stored its set but not yet run `onTokens`.
      if (this.#renewing) return this.#renewing;
      // A newer set written or adopted while this read was under way wins over what it read.
      const cached = this.#cached;
      if (cached && cached !== stored && this.#isValid(cached)) return cached;
      if (stored && this.#isValid(stored)) return stored;
      if (stored?.reauthorizationRequiredAt !== undefined) throw this.#reauthorizationRequired(stored);
      if (!this.#autoRenew) throw this.#notAuthenticated(stored);
      return this.#startRenewal();
    })();
    this.#loading = loading;
    const forget = () => {
      if (this.#loading === loading) this.#loading = undefined;
    };
    loading.then(forget, forget);
    return loading;
  }

  #startRenewal(): Promise<TokenSet> {
    const renewing = this.#runRenewal();
    this.#renewing = renewing;
    const forget = () => {
      if (this.#renewing === renewing) this.#renewing = undefined;
    };
    renewing.then(forget, forget);
    return renewing;
  }

  async #runRenewal(): Promise<TokenSet> {
    const before = this.#cached ?? (await this.#load());
    const outcome = await this.#exclusive((fence) => this.#renewOrAdopt(before, fence));
    if (outcome.fresh) await this.#onTokens?.(copyTokenSet(outcome.tokens));
    if (this.#generation === outcome.generation) this.#cached = outcome.tokens;
    return outcome.tokens;
  }

  /**
   * Runs under the lock: uses a set someone else stored meanwhile, else saves a pending set, else
   * renews. `fence` is the lock's fence number, passed with every write (see `TokenStoreLock`).
   */
  async #renewOrAdopt(before: TokenSet | undefined, fence: number | undefined): Promise<RenewalOutcome> {
    const latest = await this.#load();
    const adopted = this.#adoptable(latest, before);
    if (adopted) return adopted;
    let current = latest;
    const unsaved = this.#unsaved;
    // Marked dead by this or another process: sending that refresh token again cannot work.
    if (!unsaved && latest?.reauthorizationRequiredAt !== undefined) {
      this.#cached = latest;
      throw this.#reauthorizationRequired(latest);
    }
    if (unsaved) {
      await this.#write(unsaved, 'renewal', fence);
      this.#unsaved = undefined;
      if (this.#isValid(unsaved)) return { tokens: unsaved, fresh: true, generation: this.#generation };
      current = unsaved;
    }
    let obtained: TokenSet;
    try {
      obtained = await this.#renewTokens(current && copyTokenSet(current));
    } catch (error) {
      if (current && isReauthorizationRequiredError(error)) {
        const fenced = await this.#markDead(current, error, fence);
        // Our lease was lost while we waited for the provider, and the newer holder renewed: the
        // refresh token we sent was already spent by it. Its set is good; use it.
        const adopted = fenced ? await this.#adoptNewer(before) : undefined;
        if (adopted) return adopted;
      }
      throw error;
    }
    const renewed = this.#checkRenewed(obtained);
    try {
      await this.#write(renewed, 'renewal', fence);
    } catch (error) {
      if (isTokenStoreFencedError((error as Error).cause)) {
        // A newer lock holder wrote meanwhile: its set wins and ours is dropped, never saved later.
        const adopted = await this.#adoptNewer(before);
        if (adopted) return adopted;
        throw error;
      }
      this.#unsaved = renewed;
      throw error;
    }
    return { tokens: renewed, fresh: true, generation: this.#generation };
  }

  /** Reads the store; a valid set other than `before` (renewed elsewhere) is the outcome. */
  async #adoptNewer(before: TokenSet | undefined): Promise<RenewalOutcome | undefined> {
    return this.#adoptable(await this.#load(), before);
  }

  #adoptable(latest: TokenSet | undefined, before: TokenSet | undefined): RenewalOutcome | undefined {
    if (latest && this.#isValid(latest) && latest.accessToken !== before?.accessToken) {
      this.#unsaved = undefined;
      return { tokens: latest, fresh: false, generation: this.#generation };
    }
    return undefined;
  }

  /**
   * Runs under the lock, after the provider refused `current`'s refresh token for good: stores the
   * set with the "needs a new login" marker, so that no manager here or in another process sends
   * that refresh token again. A failed write still marks the set in memory. Resolves to true when
   * the store refused the write because the lock was lost (fenced).
   */
  async #markDead(
    current: TokenSet,
    error: ReauthorizationRequiredError,
    fence: number | undefined,
  ): Promise<boolean> {
    const marked: TokenSet = {
      ...current,
      reauthorizationRequiredAt: new Date(this.#now()),
      reauthorizationReason: error.providerCode ?? error.code,
    };
    let fenced = false;
    try {
      await this.#write(marked, 'invalidate', fence);
    } catch (writeError) {
      // The caller gets the provider's refusal either way; the next call here still sends nothing.
      fenced = isTokenStoreFencedError((writeError as Error).cause);
    }
    this.#unsaved = undefined;
    this.#cached = marked;
    return fenced;
  }

  #reauthorizationRequired(tokens: TokenSet): ReauthorizationRequiredError {
    const since = tokens.reauthorizationRequiredAt?.toISOString() ?? 'earlier';
    const reason = tokens.reauthorizationReason ? ` (${tokens.reauthorizationReason})` : '';
    return new ReauthorizationRequiredError(
      `The stored tokens for "${this.#key}" need a new login: the provider refused their refresh token${reason} at ${since}, ` +
        'so it is not sent again. Log in again; storing the new tokens (TokenManager.set) clears this.',
      tokens.reauthorizationReason === undefined ? {} : { providerCode: tokens.reauthorizationReason },
    );
  }

  #checkRenewed(value: TokenSet): TokenSet {
    const tokens = typeof value === 'object' && value !== null ? normalizeTokenSet(value) : value;
    const problem = tokenSetProblem(tokens);
    if (problem) {
      throw new ConfigurationError(
        `The renew callback of the TokenManager for "${this.#key}" returned an unusable token set: ` +
          `${problem.field} ${problem.problem}. Fix the adapter's renew function.`,
      );
    }
    registerTokenSecrets(tokens);
    return tokens;
  }

  /** Reads the store and refreshes the in-memory copy, unless this manager wrote meanwhile. */
  async #load(): Promise<TokenSet | undefined> {
    const generation = this.#generation;
    const tokens = await this.#readStore();
    if (generation === this.#generation) this.#cached = tokens;
    return tokens;
  }

  async #readStore(): Promise<TokenSet | undefined> {
    const stored = await this.#store.get(this.#key);
    if (stored === undefined || stored === null) return undefined;
    const tokens = typeof stored === 'object' ? normalizeTokenSet(stored) : stored;
    const problem = tokenSetProblem(tokens);
    if (problem) {
      throw new ConfigurationError(
        `The token store holds an unusable token set for "${this.#key}": ${problem.field} ${problem.problem}. ` +
          'Log in again to replace it.',
      );
    }
    registerTokenSecrets(tokens);
    return tokens;
  }

  async #write(
    tokens: TokenSet,
    purpose: 'renewal' | 'set' | 'invalidate',
    fence: number | undefined,
  ): Promise<void> {
    try {
      await this.#store.set(this.#key, copyTokenSet(tokens), fence === undefined ? undefined : { fence });
    } catch (cause) {
      const what =
        purpose === 'renewal'
          ? 'The renewed tokens could not be saved, so they were not used (with rotating refresh tokens, ' +
            'a token used but never saved logs the user out). Saving is tried again on the next call.'
          : purpose === 'set'
            ? 'The tokens could not be saved.'
            : 'The refused access token could not be marked as invalid.';
      throw new TokenStoreError(
        `Token store write for "${this.#key}" failed. ${what} Cause: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
    this.#generation += 1;
  }

  /**
   * Runs `task` alone for this credential: in this process, then across processes via `store.lock`.
   * The task receives the lock's fence number (undefined for a lock without fencing or no lock).
   */
  #exclusive<T>(task: (fence: number | undefined) => Promise<T>): Promise<T> {
    let queue = exclusiveByStore.get(this.#store);
    if (!queue) {
      queue = new KeyedQueue<string>();
      exclusiveByStore.set(this.#store, queue);
    }
    return queue.run(this.#key, async () => {
      const release = await this.#store.lock?.(this.#key);
      try {
        return await task(typeof release?.fence === 'number' ? release.fence : undefined);
      } finally {
        // A failed release is not the caller's problem: the work is done and saved, and a
        // leftover lock is broken as stale by the next process that needs it.
        try {
          await release?.();
        } catch {}
      }
    });
  }

  #notAuthenticated(stored: TokenSet | undefined): UserAuthenticationError {
    const state = stored
      ? 'its access token has expired (or expires within the safety margin)'
      : 'there is no token stored';
    return new UserAuthenticationError(
      `Not authenticated for "${this.#key}": ${state}, and automatic renewal is off. ` +
        'Log in again (store a new token set with TokenManager.set), call renew(), or enable autoRenew.',
    );
  }
}

function registerTokenSecrets(tokens: TokenSet): void {
  registerSecret(tokens.accessToken);
  registerSecret(tokens.refreshToken);
}
