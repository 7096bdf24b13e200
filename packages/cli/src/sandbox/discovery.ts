import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SandboxDiscovery } from './endpoints.js';

const REACHABLE_TIMEOUT_MS = 1_500;

/**
 * Writes the discovery file atomically, mode 0600 (it holds the sandbox's client secrets and demo
 * passwords: harmless outside the sandbox, but nobody else's business).
 */
export async function writeDiscoveryFile(path: string, discovery: SandboxDiscovery): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(discovery, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/** Removes the discovery file, if it still describes the sandbox of `pid`. */
export async function removeDiscoveryFile(path: string, pid: number): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text !== undefined && describesSandboxOf(text, pid)) await unlink(path).catch(() => {});
}

/** The same, synchronously, for process exit handlers. */
export function removeDiscoveryFileSync(path: string, pid: number): void {
  try {
    if (describesSandboxOf(readFileSync(path, 'utf8'), pid)) unlinkSync(path);
  } catch {
    // Already gone or unreadable: nothing to clean up.
  }
}

/** Whether a discovery file's text announces the sandbox of `pid` (another may have replaced it). */
function describesSandboxOf(text: string, pid: number): boolean {
  try {
    return (JSON.parse(text) as { pid?: unknown }).pid === pid;
  } catch {
    return false;
  }
}

/** The discovery file's content, or undefined when there is none or it is unreadable. */
export async function readDiscoveryFile(path: string): Promise<SandboxDiscovery | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<SandboxDiscovery>;
    if (typeof parsed.pid !== 'number' || !parsed.bridge?.baseUrl || !parsed.sparebank1?.baseUrl)
      return undefined;
    return parsed as SandboxDiscovery;
  } catch {
    return undefined;
  }
}

/**
 * A running sandbox announced by the discovery file: its process is alive and both origins answer.
 * A stale file (the sandbox was killed) is ignored.
 */
export async function findRunningSandbox(path: string): Promise<SandboxDiscovery | undefined> {
  const discovery = await readDiscoveryFile(path);
  if (!discovery || !isProcessAlive(discovery.pid)) return undefined;
  const reachable = await Promise.all([
    isReachable(discovery.bridge.baseUrl),
    isReachable(discovery.sparebank1.baseUrl),
  ]);
  return reachable.every(Boolean) ? discovery : undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isReachable(origin: string): Promise<boolean> {
  try {
    const response = await fetch(origin, { signal: AbortSignal.timeout(REACHABLE_TIMEOUT_MS) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
