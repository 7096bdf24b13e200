/** How one run's list compares with the expected one. */
export interface RunComparison {
  /** Expected items missing from the run (counted with multiplicity). */
  lost: number;
  /** Items the run returned more often than expected, or that were never expected. */
  duplicated: number;
  /** Whether the run is exactly the expected list, in the same order. */
  identical: boolean;
}

function countsOf(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * Compares a run's item keys with the expected ones, as multisets (a key may legitimately repeat,
 * e.g. two identical bank rows) and as sequences (same order).
 */
export function compareRun(expected: readonly string[], actual: readonly string[]): RunComparison {
  const want = countsOf(expected);
  const got = countsOf(actual);
  let lost = 0;
  let duplicated = 0;
  for (const [key, count] of want) lost += Math.max(0, count - (got.get(key) ?? 0));
  for (const [key, count] of got) duplicated += Math.max(0, count - (want.get(key) ?? 0));
  let identical = expected.length === actual.length;
  for (let index = 0; identical && index < expected.length; index++) {
    identical = expected[index] === actual[index];
  }
  return { lost, duplicated, identical };
}

/** Adds up run comparisons for a summary line. */
export class RunTally {
  runs = 0;
  items = 0;
  lost = 0;
  duplicated = 0;
  reordered = 0;

  /** Records one run. */
  add(comparison: RunComparison, items: number): void {
    this.runs++;
    this.items += items;
    this.lost += comparison.lost;
    this.duplicated += comparison.duplicated;
    if (!comparison.identical && comparison.lost === 0 && comparison.duplicated === 0) this.reordered++;
  }
}
