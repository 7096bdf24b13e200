import { createHmac, timingSafeEqual } from 'node:crypto';
import { BridgeApiError, badRequest } from './errors.js';

/** Position of an element in a list's order: a primary and a secondary sort value. */
export type SortKey = readonly [primary: number, secondary: number];

/** Which way a list is sorted on its key. */
export type SortDirection = 'asc' | 'desc';

/** A list the paginator can cut: elements already sorted on `keyOf`, in `direction`. */
export interface SortedList<T> {
  items: readonly T[];
  keyOf: (item: T) => SortKey;
  direction: SortDirection;
  /** The filtered window `[lo, hi)` of `items` to page through (default: all). */
  lo?: number;
  hi?: number;
}

/** The paging parameters of one list request. */
export interface PageParams {
  limit: number;
  after?: SortKey;
  before?: SortKey;
}

/** One page: the slice and whether there is more on either side. */
export interface PageSlice<T> {
  items: readonly T[];
  first: T | undefined;
  last: T | undefined;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** Default and bounds of `limit` (documented: 1..500, default 50). */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Index of the first element in `[from, to)` for which `isPast` holds (it must be monotone). */
export function lowerBound<T>(
  items: readonly T[],
  from: number,
  to: number,
  isPast: (item: T) => boolean,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isPast(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function comesAfter(key: SortKey, cursor: SortKey, direction: SortDirection): boolean {
  const [p, s] = key;
  const [cp, cs] = cursor;
  return direction === 'desc' ? p < cp || (p === cp && s < cs) : p > cp || (p === cp && s > cs);
}

/**
 * Cuts one page. The start is found by binary search on the sort key, never by offset, so paging stays
 * stable while elements are inserted or removed: `after` resumes strictly after the last element seen,
 * `before` ends strictly before the first one. With both, only `before` counts (as documented).
 */
export function cutPage<T>(list: SortedList<T>, params: PageParams): PageSlice<T> {
  const { items, keyOf, direction } = list;
  const lo = list.lo ?? 0;
  const hi = list.hi ?? items.length;
  let start: number;
  let end: number;
  if (params.before !== undefined) {
    const cursor = params.before;
    end = lowerBound(items, lo, hi, (item) => !comesAfter(cursor, keyOf(item), direction));
    start = Math.max(lo, end - params.limit);
  } else {
    const cursor = params.after;
    start =
      cursor === undefined
        ? lo
        : lowerBound(items, lo, hi, (item) => comesAfter(keyOf(item), cursor, direction));
    end = Math.min(hi, start + params.limit);
  }
  const slice = items.slice(start, end);
  return {
    items: slice,
    first: slice[0],
    last: slice[slice.length - 1],
    hasPrevious: start > lo,
    hasNext: end < hi,
  };
}

const CURSOR_SIGNATURE_BYTES = 12;

/**
 * Opaque, tamper-proof cursors: the sort key plus an HMAC over it and the list's scope, base64url.
 * A forged, garbled or foreign-list cursor fails verification and gets 400.
 */
export class CursorCodec {
  readonly #secret: string;

  /** @param secret - HMAC key (seeded, so cursors are reproducible for a seed). */
  constructor(secret: string) {
    this.#secret = secret;
  }

  #sign(scope: string, payload: string): Buffer {
    return createHmac('sha256', this.#secret)
      .update(`${scope}|${payload}`)
      .digest()
      .subarray(0, CURSOR_SIGNATURE_BYTES);
  }

  /** Encodes a position in the list named `scope`. */
  encode(scope: string, key: SortKey): string {
    const payload = `${key[0]}:${key[1]}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.#sign(scope, payload).toString('base64url')}`;
  }

  /** Decodes a cursor of the list `scope`, or throws a 400 Bridge error. */
  decode(scope: string, cursor: string): SortKey {
    const invalid = () => new BridgeApiError(400, 'invalid_cursor', 'The pagination cursor is invalid');
    const [encoded, signature, ...rest] = cursor.split('.');
    if (encoded === undefined || signature === undefined || rest.length > 0) throw invalid();
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const given = Buffer.from(signature, 'base64url');
    // Node's decoder skips stray characters; a cursor must round-trip exactly.
    if (given.toString('base64url') !== signature || Buffer.from(payload).toString('base64url') !== encoded) {
      throw invalid();
    }
    const expected = this.#sign(scope, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    const match = /^(-?\d+):(-?\d+)$/.exec(payload);
    if (match === null) throw invalid();
    return [Number(match[1]), Number(match[2])];
  }
}

/** Reads `limit`: absent means 50; otherwise an integer in 1..500, else 400. */
export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw badRequest(`limit must be an integer between 1 and ${MAX_LIMIT}`);
  }
  return Number(raw);
}

/** Reads `limit`, `after` and `before` of a request for the list `scope`. */
export function parsePageParams(query: URLSearchParams, scope: string, cursors: CursorCodec): PageParams {
  const limit = parseLimit(query.get('limit') ?? undefined);
  const before = query.get('before');
  const after = query.get('after');
  if (before !== null) return { limit, before: cursors.decode(scope, before) };
  if (after !== null) return { limit, after: cursors.decode(scope, after) };
  return { limit };
}

/**
 * A `next_uri`, as Bridge's recorded answers (July 2023) write it: the request path, then the cursor
 * first, then `limit` (always, the default 50 included), then every other original query parameter
 * in order (repeated ones kept). Old cursors and `limit` are not repeated.
 */
export function pageUri(
  pathname: string,
  query: URLSearchParams,
  name: 'after' | 'before',
  cursor: string,
  limit: number,
): string {
  const params = new URLSearchParams();
  params.append(name, cursor);
  params.append('limit', String(limit));
  for (const [key, value] of query) {
    if (key !== 'after' && key !== 'before' && key !== 'limit') params.append(key, value);
  }
  return `${pathname}?${params.toString()}`;
}

/** Everything needed to render one page of a list endpoint. */
export interface PageRender<T> {
  list: SortedList<T>;
  scope: string;
  pathname: string;
  query: URLSearchParams;
  cursors: CursorCodec;
  /** Serializes one element to its JSON text. */
  toJson: (item: T) => string;
  /** Extra top-level members, already serialized (`"generated_at":"..."`). */
  extra?: string;
}

/**
 * Renders `{"resources":[...],"pagination":{"next_uri":...}}` for one request. Bridge's recorded
 * answers hold `next_uri` only (no `previous_uri` key); `before` is still honoured on requests.
 */
export function renderPage<T>(render: PageRender<T>): string {
  const { list, scope, pathname, query, cursors, toJson } = render;
  const params = parsePageParams(query, scope, cursors);
  const page = cutPage(list, params);
  const next =
    page.hasNext && page.last !== undefined
      ? pageUri(pathname, query, 'after', cursors.encode(scope, list.keyOf(page.last)), params.limit)
      : null;
  let resources = '';
  for (let i = 0; i < page.items.length; i++) {
    if (i > 0) resources += ',';
    resources += toJson(page.items[i] as T);
  }
  const extra = render.extra === undefined ? '' : `,${render.extra}`;
  return `{"resources":[${resources}],"pagination":{"next_uri":${JSON.stringify(next)}}${extra}}`;
}
