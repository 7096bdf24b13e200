/** What every JSON endpoint answers with, and what POST bodies are sent as. */
export const JSON_MEDIA_TYPE = 'application/vnd.sparebank1.v1+json; charset=utf-8';

/** The only type `/transactions/export` serves; a JSON `Accept` there gets a 406. */
export const CSV_MEDIA_TYPE = 'application/csv;charset=UTF-8';

/** Headers of a JSON call. */
export const JSON_ACCEPT = { Accept: JSON_MEDIA_TYPE } as const;

/** Headers of a call with a JSON body. */
export const JSON_BODY_HEADERS = { Accept: JSON_MEDIA_TYPE, 'Content-Type': JSON_MEDIA_TYPE } as const;

/** Headers of the CSV export. */
export const CSV_ACCEPT = { Accept: CSV_MEDIA_TYPE } as const;

/** True for `application/json` and the vendor `+json` types. */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}
