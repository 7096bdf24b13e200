import { writeFile } from 'node:fs/promises';
import type { MachineInfo } from './machine.ts';
import type { Comparison, RatioFigure } from './stats.ts';

/** One line of the results table: a figure, the baseline it is compared with, and its goal. */
export interface ResultRow {
  /** Which benchmark (`1. Call overhead`). */
  section: string;
  /** What was measured (`getAccount, concurrency 16`). */
  name: string;
  /** What the baseline is (`raw fetch + JSON.parse`). */
  baselineLabel: string;
  baseline: number;
  value: number;
  /** How `baseline` and `value` read: `ms`, `MB`, `rows/s`, `requests`. */
  unit: string;
  /** value / baseline for times (lower is better), the median of per-round ratios where there are rounds. */
  ratio?: number | undefined;
  /** The same for the CPU time this (client) process spent: the headline figure on a shared machine. */
  cpuRatio?: number | undefined;
  /** The per-round CPU ratios and their spread, where measured in rounds. */
  cpu?: RatioFigure | undefined;
  /** The per-round wall ratios and their spread, where measured in rounds. */
  wall?: RatioFigure | undefined;
  /** The goal, in words (`CPU ratio <= 1.15`); undefined when the figure has none. */
  target?: string | undefined;
  /** Whether the goal is met; undefined when there is none, or when the rounds spread too wide to say. */
  pass?: boolean | undefined;
  /** Why a goal is neither met nor missed (`the rounds spread too wide`). */
  undecided?: string | undefined;
  /** Anything else measured alongside (CPU times, samples, counts). */
  details?: Record<string, unknown>;
}

/** Everything a run writes to `results.json`. */
export interface Results {
  machine: MachineInfo & { pinning: string };
  /** How busy the machine was: load averages sampled during the run. */
  load: { samples: number[]; min: number; max: number; median: number };
  /** Wall time of the whole run, in seconds. */
  durationSeconds: number;
  /** The command line's options (`--1m`). */
  options: string[];
  rows: ResultRow[];
}

/**
 * The fields of a row for a {@link Comparison} whose goal is a CPU ratio: met or missed only when the
 * rounds agree well enough (see `MAX_RELATIVE_SPREAD`); otherwise undecided, and no ratio is claimed.
 */
export function cpuGoal(
  result: Comparison,
  limit: number | undefined,
  target = `CPU ratio <= ${limit}`,
): Pick<ResultRow, 'ratio' | 'cpuRatio' | 'cpu' | 'wall' | 'target' | 'pass' | 'undecided'> {
  const fields = { ratio: result.ratio, cpuRatio: result.cpuRatio, cpu: result.cpu, wall: result.wall };
  if (limit === undefined) return fields;
  return { ...fields, target, ...decide(result.cpu, limit) };
}

/**
 * Whether a ratio whose goal is `<= limit` meets it: by its median when the rounds agree; when they
 * spread too wide, only when the whole middle half of the rounds lies on one side of the limit.
 */
export function decide(figure: RatioFigure, limit: number): Pick<ResultRow, 'pass' | 'undecided'> {
  if (!figure.tooWide) return { pass: figure.median <= limit };
  if (figure.q3 <= limit) return { pass: true };
  if (figure.q1 > limit) return { pass: false };
  return { undecided: 'the rounds spread too wide' };
}

function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'rows/s' || unit === 'requests/s')
    return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  if (unit === 'requests' || unit === 'responses' || unit === 'modules') return `${value}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** A ratio as printed: the median, or what the spread was when it was too wide to mean much. */
export function formatRatio(ratio: number | undefined, figure: RatioFigure | undefined): string {
  if (figure?.tooWide) return `spread too wide (${figure.q1.toFixed(2)} to ${figure.q3.toFixed(2)})`;
  return ratio === undefined ? '' : `${ratio.toFixed(3)}x`;
}

/** How a goal came out: `met`, `NOT MET`, `undecided: …`, or nothing without a goal. */
export function outcome(row: ResultRow): string {
  if (row.target === undefined) return '';
  if (row.undecided) return `undecided: ${row.undecided}`;
  return row.pass ? 'met' : 'NOT MET';
}

/** The cells of each row, as printed and as written to the document. */
export function tableCells(rows: readonly ResultRow[]): { header: string[]; body: string[][] } {
  const header = ['benchmark', 'measure', 'baseline', 'bankkit', 'CPU ratio', 'wall ratio', 'goal', 'result'];
  const body = rows.map((row) => [
    row.section,
    row.name,
    `${formatNumber(row.baseline, row.unit)} (${row.baselineLabel})`,
    formatNumber(row.value, row.unit),
    formatRatio(row.cpuRatio, row.cpu),
    // A memory figure's ratio is one of memory, not of time: said so in the column it shares.
    row.unit === 'MB' && row.ratio !== undefined
      ? `${row.ratio.toFixed(3)}x (memory)`
      : formatRatio(row.ratio, row.wall),
    row.target ?? '',
    outcome(row),
  ]);
  return { header, body };
}

/** Prints the results as one aligned table. */
export function printTable(rows: readonly ResultRow[]): void {
  const { header, body } = tableCells(rows);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const cells of body) console.log(line(cells));
}

/** Writes the results as JSON (two-space indent, trailing newline). */
export async function writeResults(path: string | URL, results: Results): Promise<void> {
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
}
