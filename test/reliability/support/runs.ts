/**
 * Runs `task(0)` to `task(count - 1)` on `concurrency` lanes (each task also gets its lane number,
 * 0 to `concurrency - 1`; a lane runs one task at a time), starting tasks in index order, and
 * resolves once all have settled. A task's failure does not stop the others; the results say which
 * failed, so the caller can report every one.
 */
export async function runConcurrently<T>(
  count: number,
  concurrency: number,
  task: (index: number, lane: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(count);
  let next = 0;
  const lane = async (_: unknown, laneNumber: number) => {
    while (next < count) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(index, laneNumber) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** Prints one line to the real stdout, past vitest's console capture, so it shows in every reporter. */
export function printSummary(line: string): void {
  process.stdout.write(`${line}\n`);
}
