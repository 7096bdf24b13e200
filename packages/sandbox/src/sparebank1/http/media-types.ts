/** Media types of the SpareBank 1 API and the Accept / Content-Type rules around them. */

/** The JSON media type of API version `version`, as the bank labels its responses. */
export function vendorJson(version: number): string {
  return `application/vnd.sparebank1.v${version}+json; charset=utf-8`;
}

/** The usual JSON media type (v1). */
export const JSON_V1 = vendorJson(1);

/** The CSV export's media type. */
export const CSV_MEDIA_TYPE = 'application/csv;charset=UTF-8';

/** Versions the endpoints answer to: accounts v1, v4 and v5; `/accounts/child` v5 only; the rest v1. */
export const ACCOUNT_VERSIONS: readonly number[] = [1, 4, 5];
export const CHILD_ACCOUNT_VERSIONS: readonly number[] = [5];
export const V1_ONLY: readonly number[] = [1];

const VENDOR_JSON = /^application\/vnd\.sparebank1\.v(\d+)\+json$/;

interface MediaRange {
  type: string;
  acceptable: boolean;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((piece) => piece.trim());
      const quality = params.find((param) => /^q\s*=/i.test(param));
      const q = quality ? Number(quality.split('=')[1]) : 1;
      return { type: type.toLowerCase(), acceptable: !(q <= 0) };
    })
    .filter((range) => range.type !== '');
}

/**
 * The JSON version to answer with, or `undefined` when the `Accept` header admits none of `offered`
 * (the caller answers 406). A missing `Accept` counts as v1; `charset` and spacing do not matter;
 * wildcards get the endpoint's first version.
 */
export function negotiateJsonVersion(
  accept: string | undefined,
  offered: readonly number[],
): number | undefined {
  if (accept === undefined || accept.trim() === '') return offered.includes(1) ? 1 : undefined;
  for (const range of parseAccept(accept)) {
    if (!range.acceptable) continue;
    if (range.type === '*/*' || range.type === 'application/*') return offered[0];
    const version = VENDOR_JSON.exec(range.type)?.[1];
    if (version !== undefined && offered.includes(Number(version))) return Number(version);
  }
  return undefined;
}

/** Whether `Accept` admits the CSV export (missing counts as anything). */
export function acceptsCsv(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseAccept(accept).some(
    (range) =>
      range.acceptable &&
      ['application/csv', 'text/csv', '*/*', 'application/*', 'text/*'].includes(range.type),
  );
}

/**
 * Whether a JSON request body may carry this `Content-Type`: `application/json` or a SpareBank 1
 * vendor JSON type, with any parameters.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || VENDOR_JSON.test(type);
}
