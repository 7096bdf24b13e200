import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BankkitError } from '../errors/bankkit-error.js';
import { isRunning, tempPathFor } from './temp-files.js';

/** Timing of {@link acquireLockFile}. */
export interface LockFileOptions {
  /** How long to wait for another holder before rejecting. */
  timeoutMs: number;
  /** A lock file not refreshed for this long belongs to a holder that died or hung, and is broken. */
  staleMs: number;
}

/** Who holds a lock, as written into the lock file. */
interface LockOwner {
  pid: number;
  host: string;
}

const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 200;
/**
 * A lock file with no readable owner cannot come from this code (the owner is written before the
 * lock appears); one left by an older version or another tool is broken once this old.
 */
const OWNERLESS_GRACE_MS = 500;

/** What `link` fails with where a file system has no hard links (some network and FUSE mounts). */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Takes an exclusive lock file, so that exactly one process (or one caller in this process) holds
 * it. The owner (pid, host) is written to a temp file first, which is then hard-linked into place:
 * `link` fails when the lock exists, and the lock never exists without its owner, so a holder killed
 * at any moment leaves either no lock or a lock naming a dead process. Waits with a growing,
 * jittered backoff (at most 300 ms between looks) while someone else holds it, and breaks a stale
 * lock: one whose holder on this host is no longer running (taken over at the next look, well
 * within 1 s), one without a readable owner older than 500 ms (left by an older version), or one
 * not refreshed for `staleMs` (a holder on another host; a live holder refreshes its lock, so a
 * slow holder is not robbed).
 *
 * Resolves to a release function, which removes the lock file if it is still this holder's.
 *
 * @throws BankkitError with code `token_store_locked` when the lock stays taken for `timeoutMs`.
 */
export async function acquireLockFile(
  lockPath: string,
  options: LockFileOptions,
): Promise<() => Promise<void>> {
  const content = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    nonce: randomUUID(),
    createdAt: new Date().toISOString(),
  });
  const deadline = Date.now() + options.timeoutMs;
  let delay = FIRST_RETRY_MS;
  for (;;) {
    if (await tryCreate(lockPath, content)) return holdLock(lockPath, content, options.staleMs);
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw await lockTimeout(lockPath, options.timeoutMs);
    if (await breakIfStale(lockPath, options.staleMs)) continue;
    await sleep(Math.min(remaining, delay / 2 + Math.random() * delay));
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
}

async function tryCreate(lockPath: string, content: string, createdDirectory = false): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  try {
    await fs.writeFile(temp, content, { flag: 'wx', mode: 0o600 });
    try {
      await fs.link(temp, lockPath);
      return true;
    } catch (error) {
      if (!NO_HARD_LINKS.has(errorCode(error) ?? '')) throw error;
      // A file system without hard links: an exclusive create, then the owner (the older way; a
      // holder killed in between leaves an ownerless lock, broken after OWNERLESS_GRACE_MS).
      await fs.writeFile(lockPath, content, { flag: 'wx', mode: 0o600 });
      return true;
    } finally {
      await fs.rm(temp, { force: true });
    }
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (errorCode(error) === 'ENOENT' && !createdDirectory) {
      await fs.mkdir(dirname(lockPath), { recursive: true, mode: 0o700 });
      return tryCreate(lockPath, content, true);
    }
    throw new BankkitError(
      'token_store_failed',
      `Could not create the lock file ${lockPath} (${errorCode(error) ?? 'unknown error'}). Check that its directory is writable.`,
      { cause: error },
    );
  }
}

/** Keeps the lock fresh while it is held and returns its release function. */
function holdLock(lockPath: string, content: string, staleMs: number): () => Promise<void> {
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      fs.utimes(lockPath, now, now).catch(() => {});
    },
    Math.max(staleMs / 3, 50),
  );
  heartbeat.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    // Only remove our own lock: if ours was broken as stale, the file now belongs to someone else.
    const current = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (current === content) await fs.rm(lockPath, { force: true });
  };
}

/** True when the lock was gone or has been broken (try again at once), false while it is live. */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let content: string;
  let modifiedMs: number;
  try {
    content = await fs.readFile(lockPath, 'utf8');
    modifiedMs = (await fs.stat(lockPath)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const owner = parseOwner(content);
  const ageMs = Date.now() - modifiedMs;
  const holderDied = owner !== undefined && owner.host === hostname() && !isRunning(owner.pid);
  const ownerless = owner === undefined && ageMs >= OWNERLESS_GRACE_MS;
  if (!holderDied && !ownerless && ageMs < staleMs) return false;

  // Renaming is atomic, so of several processes breaking the same lock only one moves it aside.
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true;
    throw error;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== content) {
    // A live lock was taken between our check and the rename: give it back (unless yet another
    // holder already took the path, which `link` refuses to overwrite).
    await fs.link(aside, lockPath).catch(() => {});
  }
  await fs.rm(aside, { force: true });
  return true;
}

async function lockTimeout(lockPath: string, timeoutMs: number): Promise<BankkitError> {
  const owner = parseOwner(await fs.readFile(lockPath, 'utf8').catch(() => ''));
  const holder = owner ? ` by process ${owner.pid} on ${owner.host}` : '';
  return new BankkitError(
    'token_store_locked',
    `The lock file ${lockPath} stayed taken${holder} for ${timeoutMs} ms. Another process is probably ` +
      'renewing or writing the same tokens; try again. If no such process is running, delete the lock file.',
  );
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host };
    }
  } catch {
    // No owner: a lock file written by an older version or another tool, broken after a short grace.
  }
  return undefined;
}

/** The `code` of a Node system error (`ENOENT`, ...). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
