/**
 * Reads RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes) into
 * records keyed by the header row. Written for the tests so the CLI's CSV library is checked by an
 * independent reader.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...records] = rows;
  if (!header) return [];
  return records.map((values) => {
    if (values.length !== header.length) {
      throw new Error(
        `CSV row has ${values.length} fields, the header ${header.length}: ${values.join('|')}`,
      );
    }
    return Object.fromEntries(header.map((name, column) => [name, values[column] ?? '']));
  });
}
