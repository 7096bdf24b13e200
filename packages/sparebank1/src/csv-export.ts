import { ResponseValidationError } from '@bankkit/core';
import { parse } from 'csv-parse/sync';
import { PROVIDER_ID } from './constants.js';

/** Columns `/transactions/export` can include; the bank's default is the first seven. */
export type ExportField =
  | 'DATE'
  | 'DESCRIPTION'
  | 'INTEREST_DATE'
  | 'IN'
  | 'OUT'
  | 'TO_ACCOUNT'
  | 'FROM_ACCOUNT'
  | 'CATEGORY'
  | 'SUBCATEGORY';

/** The fields the API accepts, for validation. */
export const EXPORT_FIELDS: readonly ExportField[] = [
  'DATE',
  'DESCRIPTION',
  'INTEREST_DATE',
  'IN',
  'OUT',
  'TO_ACCOUNT',
  'FROM_ACCOUNT',
  'CATEGORY',
  'SUBCATEGORY',
];

/**
 * A CSV export: the text exactly as the bank sent it (minus a leading byte-order mark), and the
 * same rows parsed. Cells are kept as the bank wrote them (`dd.MM.yyyy` dates, decimal commas), so
 * nothing is reinterpreted on the way.
 */
export interface TransactionsExport {
  /** The CSV text. */
  csv: string;
  /** Column names from the header row (Norwegian, e.g. `Dato`, `Beskrivelse`, `Inn`, `Ut`). */
  columns: string[];
  /** One record per data row, keyed by column name. */
  rows: Array<Record<string, string>>;
}

/**
 * Parses the export: `;`-separated, quoted cells, a header row, a trailing `;` on every line (an
 * unnamed empty column, dropped) and an optional UTF-8 BOM. A cell beyond the header that is not
 * empty is kept under `column<N>`, so no data is dropped.
 */
export function parseTransactionsCsv(csv: string, endpoint: string): TransactionsExport {
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  let records: string[][];
  try {
    records = parse(text, { delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new ResponseValidationError(
      `SpareBank 1's CSV export could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
      { provider: PROVIDER_ID, endpoint, cause: error, issues: [{ path: '', message: 'malformed CSV' }] },
    );
  }
  const [header = [], ...data] = records;
  const names = header.map((name) => name.trim());
  const columns = names.filter((name) => name !== '');
  const rows = data.map((cells) => {
    const row: Record<string, string> = {};
    cells.forEach((cell, index) => {
      const name = names[index];
      if (name) row[name] = cell;
      else if (cell !== '') row[`column${index + 1}`] = cell;
    });
    return row;
  });
  return { csv: text, columns, rows };
}
