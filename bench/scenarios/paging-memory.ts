import { runInChild } from '../lib/child-run.ts';
import type { ResultRow } from '../lib/report.ts';
import { startSandboxProcess } from '../lib/sandbox-process.ts';
import type { ListMemoryInput, ListMemoryOutput } from '../probes/list-memory.ts';

const LIMIT_MB = 64;
/** Streaming within this factor of a raw streaming loop over the same pages, at every size. */
const RAW_LIMIT = 1.3;
const REPEATS = 3;

/** The run whose peak growth is the median of the runs. */
function byMedianGrowth(runs: ListMemoryOutput[]): ListMemoryOutput {
  const sorted = [...runs].sort((a, b) => a.peakGrowthMB - b.peakGrowthMB);
  const middle = sorted[sorted.length >> 1];
  if (!middle) throw new Error('no memory probe ran');
  return middle;
}

const PROBE = new URL('../probes/list-memory.ts', import.meta.url);

/**
 * Peak RSS growth of `for await` over a Bridge list against a raw streaming loop over the same pages
 * (and `fetchAll()`, which keeps every item, below a million), each in a fresh process, for each list
 * size (one sandbox per size, started and stopped here).
 */
export async function pagingMemory(sizes: readonly number[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const size of sizes) {
    const sandbox = await startSandboxProcess({
      seed: 2,
      bridge: { transactionsPerUser: size },
      requestLogCapacity: 1000,
    });
    const { info } = sandbox;
    const probe = (form: ListMemoryInput['form']) =>
      runInChild<ListMemoryOutput>(PROBE, {
        info,
        form,
        expected: size,
        limit: 500,
      } satisfies ListMemoryInput);
    const collected = size < 1_000_000 ? await probe('fetchAll') : undefined;
    // RSS moves with GC timing: three fresh processes per form, alternating, and the median of each.
    const streams: ListMemoryOutput[] = [];
    const raws: ListMemoryOutput[] = [];
    for (let i = 0; i < REPEATS; i++) {
      streams.push(await probe('stream'));
      raws.push(await probe('raw'));
    }
    const streamed = byMedianGrowth(streams);
    const raw = byMedianGrowth(raws);
    await sandbox.stop();
    const withinRaw = streamed.peakGrowthMB / raw.peakGrowthMB;
    rows.push({
      section: '2. Streaming memory',
      name: `peak RSS growth, for await over ${size.toLocaleString('en-US')} items`,
      baselineLabel: 'raw streaming loop',
      baseline: raw.peakGrowthMB,
      value: streamed.peakGrowthMB,
      unit: 'MB',
      ratio: withinRaw,
      target: `<= ${RAW_LIMIT} x raw${size >= 1_000_000 ? ` and < ${LIMIT_MB} MB` : ''}`,
      pass: withinRaw <= RAW_LIMIT && (size < 1_000_000 || streamed.peakGrowthMB < LIMIT_MB),
      details: {
        fetchAllPeakGrowthMB: collected?.peakGrowthMB,
        liveHeapGrowthMB: {
          fetchAll: collected?.liveHeapGrowthMB,
          stream: streamed.liveHeapGrowthMB,
          raw: raw.liveHeapGrowthMB,
        },
        fetchAll: collected,
        stream: streamed,
        raw,
        streamPeakGrowthMBRuns: streams.map((run) => run.peakGrowthMB),
        rawPeakGrowthMBRuns: raws.map((run) => run.peakGrowthMB),
      },
    });
  }
  return rows;
}
