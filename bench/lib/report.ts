import { writeFile } from 'node:fs/promises';
import type { MachineInfo } from './machine.ts';

/** One line of the results table: a figure, the baseline it is compared with, and its target. */
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
  /** value / baseline for times (lower is better); undefined where a ratio says nothing. */
  ratio?: number | undefined;
  /** The same ratio for the CPU time this (client) process spent; undefined where not measured. */
  cpuRatio?: number | undefined;
  /** The target, in words (`ratio <= 1.15`); undefined when the figure has none. */
  target?: string | undefined;
  /** Whether the target is met; undefined when there is none. */
  pass?: boolean | undefined;
  /** Anything else measured alongside (CPU times, samples, counts). */
  details?: Record<string, unknown>;
}

/** Everything a run writes to `results.json`. */
export interface Results {
  machine: MachineInfo & { pinning: string };
  /** Wall time of the whole run, in seconds. */
  durationSeconds: number;
  rows: ResultRow[];
}

function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'rows/s') return `${Math.round(value).toLocaleString('en-US')} rows/s`;
  if (unit === 'requests' || unit === 'responses') return `${value}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** Prints the results as one aligned table. */
export function printTable(rows: readonly ResultRow[]): void {
  const header = ['benchmark', 'measure', 'baseline', 'bankkit', 'ratio', 'cpu ratio', 'target', 'ok'];
  const body = rows.map((row) => [
    row.section,
    row.name,
    `${formatNumber(row.baseline, row.unit)} (${row.baselineLabel})`,
    formatNumber(row.value, row.unit),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(3)}x`,
    row.cpuRatio === undefined ? '' : `${row.cpuRatio.toFixed(3)}x`,
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  ]);
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
