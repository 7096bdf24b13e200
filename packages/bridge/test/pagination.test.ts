import { PaginationError } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { appClient, userClient } from './support/clients.js';
import * as fx from './support/fixtures.js';
import { ACCESS_TOKEN, intercept, json } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

const tx = (id: number) => ({ ...fx.transaction, id });

describe('Bridge pagination', () => {
  it('follows next_uri as the path it is, with the token, until it is null', async () => {
    const seen = intercept(
      'GET',
      '/v2/transactions',
      (request) => {
        const after = request.url.searchParams.get('after');
        if (after === null)
          return json(200, fx.envelope([tx(9), tx(8)], '/v2/transactions?since=2022-01-01&limit=2&after=c1'));
        if (after === 'c1')
          return json(200, fx.envelope([tx(7), tx(6)], '/v2/transactions?since=2022-01-01&limit=2&after=c2'));
        return json(200, fx.envelope([tx(5)]));
      },
      3,
    );
    const page = await userClient().listTransactions({ since: '2022-01-01', limit: 2 });
    const all = await page.fetchAll();

    expect(all.map((t) => t.id)).toEqual([9, 8, 7, 6, 5]);
    expect(seen.map((r) => r.url.search)).toEqual([
      '?since=2022-01-01&limit=2',
      '?since=2022-01-01&limit=2&after=c1',
      '?since=2022-01-01&limit=2&after=c2',
    ]);
    for (const request of seen) expect(request.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(page.resources.map((t) => t.id)).toEqual([9, 8]);
  });

  it('streams items with for await, and fetchAll on page 2 rejects', async () => {
    intercept(
      'GET',
      '/v2/stocks',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(200, fx.envelope([fx.stock], '/v2/stocks?after=s1'))
          : json(200, fx.envelope([{ ...fx.stock, id: 4713 }])),
      3,
    );
    const first = await userClient().listStocks();
    const ids: number[] = [];
    for await (const stock of first) ids.push(stock.id);
    expect(ids).toEqual([4712, 4713]);

    const second = await first.nextPage();
    expect(second.hasMore()).toBe(false);
    await expect(second.fetchAll()).rejects.toBeInstanceOf(PaginationError);
    await expect(second.nextPage()).rejects.toBeInstanceOf(PaginationError);
  });

  it('sends Accept-Language again on the following pages', async () => {
    const seen = intercept(
      'GET',
      '/v2/categories',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(200, fx.envelope([fx.parentCategory], '/v2/categories?after=x'))
          : json(200, fx.envelope([fx.parentCategory])),
      2,
    );
    await (await appClient().listCategories({ language: 'fr' })).fetchAll();
    expect(seen.map((r) => r.headers.get('accept-language'))).toEqual(['fr', 'fr']);
  });

  it('reads a next_uri without its leading slash from the origin (no doubled /v2)', async () => {
    const seen = intercept(
      'GET',
      '/v2/users',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(200, fx.envelope([fx.userLegacy], 'v2/users?after=u1'))
          : json(200, fx.envelope([fx.userNew])),
      2,
    );
    const all = await (await appClient().listUsers()).fetchAll();
    expect(all).toHaveLength(2);
    expect(seen[1]?.url.pathname).toBe('/v2/users');
  });

  it.each([
    'https://evil.example/v2/transactions?after=c1',
    '//evil.example/v2/transactions?after=c1',
    'http://api.bridgeapi.io/v2/transactions?after=c1',
  ])('refuses a next_uri on another origin (%s) without sending anything', async (nextUri) => {
    const evil = nock('https://evil.example').get(/.*/).reply(200, fx.envelope([]));
    const plain = nock('http://api.bridgeapi.io').get(/.*/).reply(200, fx.envelope([]));
    intercept('GET', '/v2/transactions', json(200, fx.envelope([tx(1)], nextUri)));

    const page = await userClient().listTransactions();
    expect(page.hasMore()).toBe(true);
    await expect(page.nextPage()).rejects.toBeInstanceOf(PaginationError);
    await expect(page.fetchAll()).rejects.toBeInstanceOf(PaginationError);

    expect(evil.isDone()).toBe(false);
    expect(plain.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('accepts a next_uri that is a full URL on the configured origin', async () => {
    intercept(
      'GET',
      '/v2/items',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(200, fx.envelope([fx.item], 'https://api.bridgeapi.io/v2/items?after=i1'))
          : json(200, fx.envelope([{ ...fx.item, id: 2 }])),
      2,
    );
    const all = await (await userClient().listItems()).fetchAll();
    expect(all.map((item) => item.id)).toEqual([6648847, 2]);
  });
});
