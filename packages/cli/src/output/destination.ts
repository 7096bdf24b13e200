import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';

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

/** A file written atomically, mode 0600 (exports hold personal financial data). */
export async function fileDestination(path: string): Promise<OutputDestination> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  // `flush`: the data reaches the disk before the descriptor closes, so the rename publishes it whole.
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true });
  await once(stream, 'open');
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
