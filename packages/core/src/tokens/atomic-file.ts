import fs from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-files.js';

/**
 * Replaces a file's content so that a crash at any point leaves either the old content or the new,
 * never a truncated or empty file: the text goes to a temp file in the same directory (same file
 * system, so the rename is atomic), which is flushed to disk, then renamed over the target; the
 * directory is flushed too so the rename itself survives a power loss (best effort: not every
 * platform can fsync a directory).
 *
 * The file gets mode 0600; a missing directory is created with mode 0700.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const temp = tempPathFor(path);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      // The creation mode is already narrowed by the umask; chmod makes it exact either way.
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(directory, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory; the rename already happened.
  } finally {
    await handle?.close().catch(() => {});
  }
}
