/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const at = (index: number): number => sorted[index] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** The medians of one side of a comparison. */
export interface SideFigures {
  /** Median wall time of one run, in ms. */
  ms: number;
  /** Median CPU time (user + system) this process spent in one run, in ms. */
  cpuMs: number;
  /** Every run's wall time, in ms, in the order measured. */
  samples: number[];
}

/** The outcome of {@link compare}. */
export interface Comparison {
  baseline: SideFigures;
  candidate: SideFigures;
  /**
   * The median over the rounds of candidate / baseline within each round: each pair ran back to back,
   * so a slow phase of the machine (another process waking up) lands on both sides of a ratio.
   */
  ratio: number;
  /** candidate / baseline of the median wall times, for reference. */
  ratioOfMedians: number;
  /** candidate / baseline of the median CPU times of the client process. */
  cpuRatio: number;
  runs: number;
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Measured runs of each side. Default 7. */
  runs?: number;
  /** Unmeasured rounds of each side first. Default 2. */
  warmup?: number;
}

/** Wall and CPU time of one call of `fn`. */
export async function measure(fn: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Runs `baseline` and `candidate` alternately `runs` times (after `warmup` unmeasured rounds of
 * each), so drift in machine load hits both alike, and returns the median of each and their ratio.
 * The order flips every round, so neither side always runs on a warmer (or more tired) machine.
 */
export async function compare(
  baseline: () => Promise<void>,
  candidate: () => Promise<void>,
  { runs = 7, warmup = 2 }: CompareOptions = {},
): Promise<Comparison> {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await candidate();
  }
  const base = { wall: [] as number[], cpu: [] as number[] };
  const cand = { wall: [] as number[], cpu: [] as number[] };
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ([baseline, candidate] as const) : ([candidate, baseline] as const);
    for (const fn of order) {
      const { ms, cpuMs } = await measure(fn);
      const side = fn === baseline ? base : cand;
      side.wall.push(ms);
      side.cpu.push(cpuMs);
    }
    ratios.push((cand.wall.at(-1) ?? Number.NaN) / (base.wall.at(-1) ?? Number.NaN));
  }
  const baselineFigures: SideFigures = { ms: median(base.wall), cpuMs: median(base.cpu), samples: base.wall };
  const candidateFigures: SideFigures = {
    ms: median(cand.wall),
    cpuMs: median(cand.cpu),
    samples: cand.wall,
  };
  return {
    baseline: baselineFigures,
    candidate: candidateFigures,
    ratio: median(ratios),
    ratioOfMedians: candidateFigures.ms / baselineFigures.ms,
    cpuRatio: candidateFigures.cpuMs / baselineFigures.cpuMs,
    runs,
  };
}

/** Runs `count` calls of `fn` with at most `concurrency` in flight. */
export async function withConcurrency(
  count: number,
  concurrency: number,
  fn: () => Promise<unknown>,
): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
