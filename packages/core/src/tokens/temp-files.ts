import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** A short tag of this host, so temp files of writers on another host sharing the folder are told apart. */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** Temp files of another host are removed only when this old (their writer cannot be checked). */
const FOREIGN_TEMP_MAX_AGE_MS = 10 * 60_000;

/**
 * `.<name>.<host tag>.<pid>.<uuid>.tmp` next to `target`: a temp file of this process, which the
 * orphan sweep can attribute to its writer. Older versions named them `.<name>.<pid>.<uuid>.tmp`.
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${HOST_TAG}.${process.pid}.${randomUUID()}.tmp`);
}

const TEMP_NAME =
  /^\.(.+?)\.(?:([0-9a-f]{8})\.)?(\d+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temp files that writers of `target` (the token file, its lock files) left when they
 * were killed mid-write: those of a process of this host that is no longer running, and those of
 * another host older than ten minutes. A token file's temp file holds full refresh tokens, so none
 * may outlive its writer. Best effort: a folder that cannot be read is left to the write to report.
 */
export async function removeOrphanTempFiles(target: string): Promise<number> {
  const folder = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry);
    if (!match?.[1]?.startsWith(name)) continue;
    const [, , host, pid] = match;
    const path = join(folder, entry);
    let orphan: boolean;
    if (host === undefined || host === HOST_TAG) {
      orphan = !isRunning(Number(pid));
    } else {
      const stat = await fs.stat(path).catch(() => undefined);
      orphan = stat !== undefined && Date.now() - stat.mtimeMs > FOREIGN_TEMP_MAX_AGE_MS;
    }
    if (orphan) {
      await fs.rm(path, { force: true }).catch(() => {});
      removed++;
    }
  }
  return removed;
}

/** Whether a process of this host with this pid is running (EPERM: it is, under another user). */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
