/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const at = (index: number): number => sorted[index] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
}

/** The value below which `fraction` of the values lie (linear interpolation between neighbours). */
export function quantile(values: readonly number[], fraction: number): number {
  if (values.length === 0) throw new RangeError('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

/**
 * How far apart the rounds of a ratio may lie before it says nothing: the middle half of the per-round
 * ratios (the interquartile range) wider than this fraction of their median.
 */
export const MAX_RELATIVE_SPREAD = 0.25;

/** A ratio over rounds: the median of the per-round ratios and how widely they spread. */
export interface RatioFigure {
  median: number;
  /** The first and third quartiles of the per-round ratios. */
  q1: number;
  q3: number;
  /** Whether the rounds spread too wide (see {@link MAX_RELATIVE_SPREAD}) for the median to mean much. */
  tooWide: boolean;
  /** Every round's ratio, in the order measured. */
  rounds: number[];
}

/** The median and spread of per-round ratios. */
export function ratioFigure(rounds: readonly number[]): RatioFigure {
  const middle = median(rounds);
  const q1 = quantile(rounds, 0.25);
  const q3 = quantile(rounds, 0.75);
  return { median: middle, q1, q3, tooWide: (q3 - q1) / middle > MAX_RELATIVE_SPREAD, rounds: [...rounds] };
}

/** The medians of one side of a comparison. */
export interface SideFigures {
  /** Median wall time of one run, in ms. */
  ms: number;
  /** Median CPU time (user + system) this process spent in one run, in ms. */
  cpuMs: number;
  /** Every run's wall time, in ms, in the order measured. */
  samples: number[];
  /** Every run's CPU time, in ms, in the order measured. */
  cpuSamples: number[];
}

/** The outcome of {@link compare}. */
export interface Comparison {
  baseline: SideFigures;
  candidate: SideFigures;
  /**
   * The median over the rounds of candidate / baseline wall time within each round: each pair ran
   * back to back, so a slow phase of the machine (another process waking up) lands on both sides.
   */
  ratio: number;
  /** The same per-round wall ratios, with their spread. */
  wall: RatioFigure;
  /** candidate / baseline CPU time of this process within each round: the headline on a shared machine. */
  cpu: RatioFigure;
  /** candidate / baseline of the median wall times, for reference. */
  ratioOfMedians: number;
  /** The median of the per-round CPU ratios. */
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
 * Runs `baseline` and each candidate once per round, `runs` rounds (after `warmup` unmeasured ones),
 * rotating the order every round so that none always runs on a warmer (or more tired) machine, and
 * compares each candidate with the baseline of the same round.
 */
export async function compareMany<K extends string>(
  baseline: () => Promise<void>,
  candidates: Record<K, () => Promise<void>>,
  { runs = 7, warmup = 2 }: CompareOptions = {},
): Promise<Record<K, Comparison>> {
  const names = Object.keys(candidates) as K[];
  const sides: (() => Promise<void>)[] = [baseline, ...names.map((name) => candidates[name])];
  for (let i = 0; i < warmup; i++) for (const fn of sides) await fn();
  const wall = sides.map(() => [] as number[]);
  const cpu = sides.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let step = 0; step < sides.length; step++) {
      const index = (round + step) % sides.length;
      const fn = sides[index] as () => Promise<void>;
      const { ms, cpuMs } = await measure(fn);
      wall[index]?.push(ms);
      cpu[index]?.push(cpuMs);
    }
  }
  const figures = (index: number): SideFigures => ({
    ms: median(wall[index] ?? []),
    cpuMs: median(cpu[index] ?? []),
    samples: wall[index] ?? [],
    cpuSamples: cpu[index] ?? [],
  });
  const base = figures(0);
  const out = {} as Record<K, Comparison>;
  names.forEach((name, position) => {
    const index = position + 1;
    const candidate = figures(index);
    const wallFigure = ratioFigure(
      candidate.samples.map((ms, round) => ms / (base.samples[round] ?? Number.NaN)),
    );
    const cpuFigure = ratioFigure(
      candidate.cpuSamples.map((ms, round) => ms / (base.cpuSamples[round] ?? Number.NaN)),
    );
    out[name] = {
      baseline: base,
      candidate,
      ratio: wallFigure.median,
      wall: wallFigure,
      cpu: cpuFigure,
      ratioOfMedians: candidate.ms / base.ms,
      cpuRatio: cpuFigure.median,
      runs,
    };
  });
  return out;
}

/** {@link compareMany} with one candidate. */
export async function compare(
  baseline: () => Promise<void>,
  candidate: () => Promise<void>,
  options: CompareOptions = {},
): Promise<Comparison> {
  return (await compareMany(baseline, { candidate }, options)).candidate;
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
