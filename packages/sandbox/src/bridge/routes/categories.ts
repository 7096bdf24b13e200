import type { BridgeApp, BridgeDeps } from '../context.js';
import { CATEGORIES_BY_ID, CATEGORY_TREE, languageOf } from '../data/categories.js';
import { notFound } from '../errors.js';
import { formatTimestamp } from '../format.js';
import { idParam, pathOf, queryOf, sendJson } from '../http.js';
import { renderPage } from '../pagination.js';
import { categoryJson, parentCategoryJson } from '../serialize.js';

/** Categories (app-scoped), named in the `Accept-Language` language; the list adds `generated_at`. */
export function registerCategoryRoutes(app: BridgeApp, deps: BridgeDeps): void {
  app.get('/v2/categories', (c) => {
    const language = languageOf(c.req.header('accept-language'));
    return sendJson(
      c,
      renderPage({
        list: { items: CATEGORY_TREE, keyOf: (category) => [category.id, 0], direction: 'asc' },
        scope: 'categories',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.cursors,
        toJson: (parent) => parentCategoryJson(parent, language),
        extra: `"generated_at":"${formatTimestamp(deps.runtime.clock.nowMs())}"`,
      }),
    );
  });

  app.get('/v2/categories/:id', (c) => {
    const found = CATEGORIES_BY_ID.get(idParam(c, 'id', 'Category'));
    if (found === undefined) throw notFound('Category');
    return sendJson(c, categoryJson(found.seed, found.parentId, languageOf(c.req.header('accept-language'))));
  });
}
