import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError } from '../errors/cli-errors.js';

/**
 * Where a command's output goes. For a file it is a temporary file next to the target that only
 * replaces the target, whole, once everything was written and flushed to disk (`commit`), so an
 * interrupted export never leaves a half-written file behind.
 */
export interface OutputDestination {
  /** The stream to write to. */
  readonly stream: Writable;
  /** False for stdout, which must stay open when the output ends. */
  readonly endsStream: boolean;
  /** Makes the output final (renames the temporary file over the target). */
  commit(): Promise<void>;
  /** Throws away what was written (removes the temporary file). Safe to call after a failure. */
  discard(): Promise<void>;
}

/** Standard output, as a destination. */
export function stdoutDestination(stdout: Writable): OutputDestination {
  return { stream: stdout, endsStream: false, commit: async () => {}, discard: async () => {} };
}

/**
 * A file written atomically, mode 0600 (exports hold personal financial data). The temporary file
 * is created here, so a path that cannot work (a missing folder, a directory, no permission) is a
 * {@link UsageError} before the command asks any bank for anything.
 */
export async function fileDestination(path: string): Promise<OutputDestination> {
  const target = resolve(path);
  const folder = dirname(target);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new UsageError(
      `--output ${path} is a folder, not a file.`,
      `name a file in it, e.g. --output ${join(path, 'transactions.csv')}`,
    );
  }
  const temporary = join(folder, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // `flush`: the data reaches the disk before the descriptor closes, so the rename publishes it whole.
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw unusableOutput(path, folder, error as NodeJS.ErrnoException);
  }
  let settled = false;
  return {
    stream,
    endsStream: true,
    async commit() {
      if (settled) return;
      settled = true;
      try {
        if (!stream.closed) await once(stream, 'close');
        await rename(temporary, target);
      } catch (error) {
        await unlink(temporary).catch(() => {});
        throw error;
      }
    },
    async discard() {
      if (settled) return;
      settled = true;
      if (!stream.closed) {
        const closed = once(stream, 'close').catch(() => {});
        stream.destroy();
        await closed;
      }
      await unlink(temporary).catch(() => {});
    },
  };
}

function unusableOutput(path: string, folder: string, error: NodeJS.ErrnoException): UsageError {
  switch (error.code) {
    case 'ENOENT':
      return new UsageError(
        `--output ${path}: the folder ${folder} does not exist.`,
        'create it first, or choose another path',
      );
    case 'ENOTDIR':
      return new UsageError(`--output ${path}: a part of ${folder} is a file, not a folder.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new UsageError(
        `--output ${path}: no permission to write in the folder ${folder}.`,
        'choose a folder you can write to',
      );
    default:
      return new UsageError(`--output ${path} cannot be written: ${error.message}`);
  }
}
