// Child entry: lists every Bridge transaction of the demo user in one form (`fetchAll` or `stream`)
// in a fresh process and prints one JSON line with the peak RSS growth over the process's baseline.
import { bridgeUserClient, recordCall } from '../lib/bridge-setup.ts';
import { rawJson } from '../lib/recording-fetch.ts';
import type { SandboxInfo } from '../lib/sandbox-process.ts';

/** What the parent passes in argv[2]. */
export interface ListMemoryInput {
  info: SandboxInfo;
  form: 'fetchAll' | 'stream' | 'raw';
  expected: number;
  limit: number;
}

/** What this probe prints. */
export interface ListMemoryOutput {
  form: 'fetchAll' | 'stream' | 'raw';
  items: number;
  baselineRssMB: number;
  /** Highest RSS sampled while listing, minus the baseline. */
  sampledGrowthMB: number;
  /** Kernel-reported peak RSS minus the baseline, when the peak was reached while listing. */
  maxRssGrowthMB: number;
  /** The larger of the two. */
  peakGrowthMB: number;
  /**
   * What is still reachable afterwards (heap used after a full GC, minus the same before): RSS
   * growth includes garbage V8 has not collected yet and heap it keeps for reuse.
   */
  liveHeapGrowthMB: number;
  ms: number;
}

const MB = 2 ** 20;
const input = JSON.parse(process.argv[2] ?? '{}') as ListMemoryInput;
const client = bridgeUserClient(input.info);
// The raw form sends what the client sends: the first page's URL and headers, then each next_uri.
const recorded =
  input.form === 'raw'
    ? await recordCall(input.info, (user) => user.listTransactions({ limit: input.limit }))
    : undefined;

// Authenticate and run one small listing first, so the modules, the JIT and the connection pool are
// part of the baseline, not of the growth.
await (await client.listTransactions({ limit: 10 })).fetchAll({ maxItems: 10 });

// Started with --expose-gc: a full collection before and after, for the live-heap figure only.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
collect();
const baselineHeap = process.memoryUsage().heapUsed;
const baselineRss = process.memoryUsage().rss;
const baselineMaxRss = process.resourceUsage().maxRSS * 1024;
let sampledPeak = baselineRss;
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  if (rss > sampledPeak) sampledPeak = rss;
}, 1);

const started = performance.now();
let items = 0;
/** fetchAll's result, held until the live heap is measured: holding it is what that form does. */
let collected: unknown[] | undefined;
if (recorded) {
  // A raw streaming loop: one page at a time, parsed and walked, nothing kept.
  const origin = new URL(recorded.url).origin;
  let url: string | null = recorded.url;
  while (url !== null) {
    const page = (await rawJson(url, recorded.headers)) as {
      resources: { id: number }[];
      pagination: { next_uri: string | null };
    };
    for (const transaction of page.resources) if (transaction.id > 0) items++;
    url = page.pagination.next_uri ? origin + page.pagination.next_uri : null;
  }
} else if (input.form === 'fetchAll') {
  const first = await client.listTransactions({ limit: input.limit });
  collected = await first.fetchAll();
  items = collected.length;
} else {
  const first = await client.listTransactions({ limit: input.limit });
  for await (const transaction of first) {
    if (transaction.id > 0) items++;
  }
}
const ms = performance.now() - started;
clearInterval(sampler);
const finalRss = process.memoryUsage().rss;
if (finalRss > sampledPeak) sampledPeak = finalRss;
const maxRss = process.resourceUsage().maxRSS * 1024;

collect();
const liveHeapGrowthMB = (process.memoryUsage().heapUsed - baselineHeap) / MB;
if (collected !== undefined && collected.length !== items) throw new Error('fetchAll result changed');
collected = undefined;

if (items !== input.expected) throw new Error(`${input.form} listed ${items} items, not ${input.expected}`);
const sampledGrowthMB = (sampledPeak - baselineRss) / MB;
const maxRssGrowthMB = maxRss > baselineMaxRss ? (maxRss - baselineRss) / MB : 0;
const output: ListMemoryOutput = {
  form: input.form,
  items,
  baselineRssMB: baselineRss / MB,
  sampledGrowthMB,
  maxRssGrowthMB,
  peakGrowthMB: Math.max(sampledGrowthMB, maxRssGrowthMB),
  liveHeapGrowthMB,
  ms,
};
process.stdout.write(`${JSON.stringify(output)}\n`);
