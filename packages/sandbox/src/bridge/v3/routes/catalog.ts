import type { BridgeApp } from '../../context.js';
import { BANKS, type BankSeed } from '../../data/banks.js';
import { CATEGORIES_BY_ID, CATEGORY_TREE, languageOf } from '../../data/categories.js';
import { pathOf, queryOf, sendJson } from '../../http.js';
import type { BridgeV3Deps } from '../context.js';
import { v3NotFound } from '../errors.js';
import { v3IdParam } from '../http.js';
import { renderV3Page } from '../pagination.js';
import { categoryV3Json, parentCategoryV3Json, providerCapabilities, providerJson } from '../serialize.js';

const PROVIDERS_BY_ID = new Map(BANKS.map((bank) => [bank.id, bank]));
const PROVIDERS_BY_ID_DESC = [...BANKS].sort((a, b) => b.id - a.id);

/** `country_code` (one or a comma list) OR-ed; `capabilities` AND-ed, as for connect sessions (F-35). */
function filterProviders(query: URLSearchParams): readonly BankSeed[] {
  const split = (name: string) =>
    query
      .getAll(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
  const countries = split('country_code').map((value) => value.toUpperCase());
  const capabilities = split('capabilities');
  return PROVIDERS_BY_ID_DESC.filter((bank) => {
    if (countries.length > 0 && !countries.includes(bank.countryCode)) return false;
    const own = providerCapabilities(bank);
    return capabilities.every((capability) => own.includes(capability));
  });
}

/** Providers and categories: app headers only (a Bearer token is tolerated and ignored). */
export function registerV3CatalogRoutes(app: BridgeApp, deps: BridgeV3Deps): void {
  app.get('/v3/providers', (c) => {
    const query = queryOf(c);
    return sendJson(
      c,
      renderV3Page({
        list: { items: filterProviders(query), keyOf: (bank) => [bank.id, 0], direction: 'desc' },
        scope: 'providers',
        pathname: pathOf(c),
        query,
        cursors: deps.bridge.cursors,
        toJson: providerJson,
        lastPage: deps.options.lastPageNextUri,
      }),
    );
  });

  app.get('/v3/providers/:id', (c) => {
    const bank = PROVIDERS_BY_ID.get(v3IdParam(c, 'id', 'Provider'));
    if (bank === undefined) throw v3NotFound('Provider');
    return sendJson(c, providerJson(bank));
  });

  app.get('/v3/aggregation/categories', (c) => {
    const language = languageOf(c.req.header('accept-language'));
    return sendJson(
      c,
      renderV3Page({
        list: { items: CATEGORY_TREE, keyOf: (category) => [category.id, 0], direction: 'asc' },
        scope: 'categories',
        pathname: pathOf(c),
        query: queryOf(c),
        cursors: deps.bridge.cursors,
        toJson: (parent) => parentCategoryV3Json(parent, language),
        lastPage: deps.options.lastPageNextUri,
      }),
    );
  });

  app.get('/v3/aggregation/categories/:id', (c) => {
    const found = CATEGORIES_BY_ID.get(v3IdParam(c, 'id', 'Category'));
    if (found === undefined) throw v3NotFound('Category');
    return sendJson(
      c,
      categoryV3Json(found.seed, found.parentId, languageOf(c.req.header('accept-language'))),
    );
  });
}
