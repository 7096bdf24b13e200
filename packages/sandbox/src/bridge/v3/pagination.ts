import { type CursorCodec, cutPage, pageUri, parsePageParams, type SortedList } from '../pagination.js';

/** Everything needed to render one page of a v3 list. */
export interface V3PageRender<T> {
  list: SortedList<T>;
  /** Names the list, so a cursor of one list is refused by another. */
  scope: string;
  pathname: string;
  query: URLSearchParams;
  cursors: CursorCodec;
  toJson: (item: T) => string;
  /** `next_uri` on the last page: left out (omitted-null rule) or `null`. */
  lastPage: 'omit' | 'null';
}

/**
 * Renders `{"resources":[...],"pagination":{"next_uri":"/v3/...?after=...&limit=..."}}`, the v2
 * envelope v3 keeps (F-15), with the same cursors, `limit` bounds and `next_uri` layout as `/v2`.
 */
export function renderV3Page<T>(render: V3PageRender<T>): string {
  const { list, cursors, toJson } = render;
  const scope = `v3:${render.scope}`;
  const params = parsePageParams(render.query, scope, cursors);
  const page = cutPage(list, params);
  let resources = '';
  for (let i = 0; i < page.items.length; i++) {
    if (i > 0) resources += ',';
    resources += toJson(page.items[i] as T);
  }
  let pagination = '{}';
  if (page.hasNext && page.last !== undefined) {
    const next = pageUri(
      render.pathname,
      render.query,
      'after',
      cursors.encode(scope, list.keyOf(page.last)),
      params.limit,
    );
    pagination = `{"next_uri":${JSON.stringify(next)}}`;
  } else if (render.lastPage === 'null') {
    pagination = '{"next_uri":null}';
  }
  return `{"resources":[${resources}],"pagination":${pagination}}`;
}
