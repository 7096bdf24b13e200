import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { BankkitError } from '../errors/bankkit-error.js';
import { ConfigurationError, InvalidInputError } from '../errors/local-errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { KeyedQueue } from './keyed-queue.js';
import { acquireLockFile, errorCode } from './lock-file.js';
import { removeOrphanTempFiles } from './temp-files.js';
import { parseTokenFile, serializeTokenFile } from './token-file-format.js';
import type { TokenSet, TokenStore } from './token-set.js';
import { copyTokenSet, tokenSetProblem } from './token-set-values.js';

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** How long {@link FileTokenStore.lock} (and a write) waits for another holder before rejecting. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /**
   * A lock file not refreshed for this long is taken to belong to a process that died or hung, and
   * is broken. Holders refresh their lock while they hold it. Default 30 000 ms.
   */
  staleLockMs?: number;
}

/**
 * Writes to one file, from every `FileTokenStore` of this process that points at it, one at a time:
 * each write reads the file, changes one key and writes it back, so two writes for different keys
 * must not interleave or one would undo the other.
 */
const writesByPath = new KeyedQueue<string>();

/**
 * Token sets in one JSON file (mode 0600), written atomically: temp file, fsync, rename. A crash
 * mid-write leaves the previous content; concurrent writers in one process are serialized; `lock`
 * takes an exclusive lock file so two processes never renew the same credential at once.
 *
 * The file is `{ "version": 1, "tokens": { "<key>": <token set> } }` with dates as ISO strings. On
 * reading, top-level fields whose name ends in `At` and that hold an ISO timestamp (`expiresAt`,
 * `refreshTokenExpiresAt`, ...) become `Date`s again; other extra fields come back as JSON gives them.
 *
 * - A missing file reads as empty; it is created (and its directory, with mode 0700) on the first write.
 * - A folder other users can write to is tightened to 0700 when this process owns it, and refused
 *   with a {@link ConfigurationError} otherwise. Temp files of writers that were killed (they hold
 *   full refresh tokens) are removed on the first operation of a store and on every write.
 * - A lock whose holder died, whatever the moment of death, is taken over within 1 s (see `lock`).
 * - A file that is not valid JSON or not in this format is never overwritten: reads and writes reject
 *   with a {@link ConfigurationError} naming the path, so a damaged file can be repaired rather than lost.
 * - Writers in other processes are kept apart by a lock file next to the store (`<path>.lock`),
 *   held only for the few milliseconds of a read-modify-write.
 * - Other I/O failures reject with a `BankkitError` of code `token_store_failed`.
 *   No error or message ever contains a token value.
 */
export class FileTokenStore implements TokenStore {
  readonly #resolvedPath: string;
  readonly #lockTimeoutMs: number;
  readonly #staleLockMs: number;
  /** The folder check and orphan sweep of the first operation (the store's "open"). */
  #opened: Promise<void> | undefined;

  /**
   * @param path The token file, e.g. `~/.config/bankkit/tokens.json` (expanded by the caller).
   * @param options Lock timing.
   */
  constructor(
    readonly path: string,
    options: FileTokenStoreOptions = {},
  ) {
    if (typeof path !== 'string' || path.trim() === '') {
      throw new ConfigurationError('FileTokenStore needs the path of the token file, e.g. "tokens.json".');
    }
    this.#resolvedPath = resolve(path);
    this.#lockTimeoutMs = positive(options.lockTimeoutMs, 10_000, 'lockTimeoutMs');
    this.#staleLockMs = positive(options.staleLockMs, 30_000, 'staleLockMs');
  }

  /** The token set stored under `key`, or undefined. @throws ConfigurationError when the file is damaged. */
  async get(key: string): Promise<TokenSet | undefined> {
    await this.#open();
    return (await this.#read()).get(key);
  }

  /** Stores a token set under `key`, keeping every other key. @throws InvalidInputError for an unusable set. */
  set(key: string, tokens: TokenSet): Promise<void> {
    const problem = tokenSetProblem(tokens);
    if (problem) {
      return Promise.reject(
        new InvalidInputError(
          `Cannot store the token set for "${key}": ${problem.field} ${problem.problem}.`,
          {
            field: problem.field,
          },
        ),
      );
    }
    const copy = copyTokenSet(tokens);
    return this.#update((sets) => {
      sets.set(key, copy);
      return true;
    });
  }

  /** Removes the token set stored under `key`; nothing happens when there is none. */
  async delete(key: string): Promise<void> {
    await this.#open();
    // Nothing to delete: do not create the directory (for the write lock) just to find that out.
    if (!(await this.#read()).has(key)) return;
    await this.#update((sets) => sets.delete(key));
  }

  /**
   * Takes the exclusive lock of `key`: a lock file `<path>.<key>.lock` (the key reduced to safe
   * characters), which never exists without its owner's pid and host (it is linked into place
   * complete). Waits while another holder, in this or another process, has it; breaks it when
   * stale: its holder on this host has exited (taken over within 1 s), or it was not refreshed for
   * `staleLockMs` (a holder on another host).
   * Resolves to a function that releases it.
   *
   * @throws BankkitError with code `token_store_locked` after `lockTimeoutMs` of waiting.
   */
  async lock(key: string): Promise<() => Promise<void>> {
    await this.#open();
    return acquireLockFile(`${this.#resolvedPath}.${lockName(key)}.lock`, this.#lockOptions());
  }

  /**
   * Once per store object, before its first operation: refuses or tightens a folder other users
   * can write to, and removes temp files that killed writers left behind (they hold refresh tokens).
   */
  #open(): Promise<void> {
    this.#opened ??= (async () => {
      await secureFolder(dirname(this.#resolvedPath));
      await removeOrphanTempFiles(this.#resolvedPath);
    })();
    // A failed open (a refused folder) is tried again by the next operation.
    this.#opened.catch(() => {
      this.#opened = undefined;
    });
    return this.#opened;
  }

  #lockOptions() {
    return { timeoutMs: this.#lockTimeoutMs, staleMs: this.#staleLockMs };
  }

  async #read(): Promise<Map<string, TokenSet>> {
    let text: string;
    try {
      text = await fs.readFile(this.#resolvedPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new Map();
      throw this.#ioError('read', error);
    }
    return parseTokenFile(text, this.#resolvedPath);
  }

  /** Read-modify-write under this process's queue for the path and the cross-process file lock. */
  #update(change: (sets: Map<string, TokenSet>) => boolean): Promise<void> {
    const path = this.#resolvedPath;
    return writesByPath.run(path, async () => {
      await this.#open();
      const release = await acquireLockFile(`${path}.lock`, this.#lockOptions());
      try {
        await removeOrphanTempFiles(path);
        const sets = await this.#read();
        if (!change(sets)) return;
        try {
          await writeFileAtomic(path, serializeTokenFile(sets));
        } catch (error) {
          throw this.#ioError('write', error);
        }
      } finally {
        await release();
      }
    });
  }

  #ioError(action: 'read' | 'write', cause: unknown): BankkitError {
    const code = errorCode(cause);
    const hint =
      code === 'EACCES' || code === 'EPERM'
        ? ' Check the permissions of the file and its directory.'
        : code === 'ENOSPC'
          ? ' The disk is full.'
          : '';
    return new BankkitError(
      'token_store_failed',
      `Could not ${action} the token file ${this.#resolvedPath} (${code ?? describe(cause)}).${hint}` +
        (action === 'write' ? ' Its previous content was left intact.' : ''),
      { cause },
    );
  }
}

/**
 * A token folder other users can write to lets them replace or remove the token file. One this
 * process owns is tightened to 0700; another user's is refused. Windows has no such modes.
 * @throws ConfigurationError for a folder other users can write to that this process does not own.
 */
async function secureFolder(folder: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined || process.platform === 'win32') return;
  let stat: import('node:fs').Stats;
  try {
    stat = await fs.stat(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return; // created with mode 0700 on the first write
    throw error;
  }
  if ((stat.mode & 0o022) === 0) return;
  const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
  if (stat.uid === uid) {
    await fs.chmod(folder, 0o700);
    return;
  }
  throw new ConfigurationError(
    `The token folder ${folder} can be written by other users (mode ${mode}) and belongs to another user (uid ${stat.uid}), ` +
      `so bankkit will not keep tokens there. Run \`chmod 700 ${folder}\` as its owner, or give FileTokenStore a path in a folder of your own.`,
  );
}

/**
 * A file-name-safe form of a key. Keys that had to change get a short hash of the original, so two
 * keys never share a lock by accident.
 */
function lockName(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  if (safe === key && safe !== '') return safe;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return safe === '' ? hash : `${safe}-${hash}`;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`FileTokenStore option ${name} must be a positive number of milliseconds.`);
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
