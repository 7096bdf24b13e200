import { runInChild } from '../lib/child-run.ts';
import type { ResultRow } from '../lib/report.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';
import type { ListMemoryInput, ListMemoryOutput } from '../probes/list-memory.ts';

const LIMIT_MB = 64;
const PROBE = new URL('../probes/list-memory.ts', import.meta.url);

/**
 * Peak RSS growth of `fetchAll()` and of `for await` over the same list, each in a fresh process,
 * for each list size (one sandbox per size).
 */
export async function pagingMemory(
  lists: readonly { info: SandboxInfo; size: number }[],
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const { info, size } of lists) {
    const probe = (form: ListMemoryInput['form']) =>
      runInChild<ListMemoryOutput>(PROBE, {
        info,
        form,
        expected: size,
        limit: 500,
      } satisfies ListMemoryInput);
    const collected = await probe('fetchAll');
    const streamed = await probe('stream');
    rows.push({
      section: '2. Paging memory',
      name: `peak RSS growth, for await over ${size.toLocaleString('en-US')} items`,
      baselineLabel: 'fetchAll()',
      baseline: collected.peakGrowthMB,
      value: streamed.peakGrowthMB,
      unit: 'MB',
      target: `streaming < ${LIMIT_MB} MB`,
      pass: streamed.peakGrowthMB < LIMIT_MB,
      details: {
        liveHeapGrowthMB: { fetchAll: collected.liveHeapGrowthMB, stream: streamed.liveHeapGrowthMB },
        fetchAll: collected,
        stream: streamed,
      },
    });
  }
  return rows;
}
