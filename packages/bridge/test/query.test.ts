import { InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { appClient, userClient } from './support/clients.js';
import * as fx from './support/fixtures.js';
import { intercept, json, queryPairs } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

describe('query encoding', () => {
  it('reads a Date as a Paris calendar date for since/until', async () => {
    const seen = intercept('GET', '/v2/transactions', json(200, fx.envelope([])));
    // 23:30 UTC on 31 March is already 1 April in Paris (UTC+2 in summer time).
    await userClient().listTransactions({ since: new Date('2024-03-31T23:30:00Z'), until: '2024-04-30' });
    expect(queryPairs(seen[0])).toEqual([
      ['since', '2024-04-01'],
      ['until', '2024-04-30'],
    ]);
  });

  it('sends a datetime since as RFC 3339 UTC with Z', async () => {
    const seen = intercept('GET', '/v2/transactions/updated', json(200, fx.envelope([])));
    await userClient().listUpdatedTransactions({ since: '2023-07-26T10:57:55.747+01:00' });
    expect(queryPairs(seen[0])).toEqual([['since', '2023-07-26T09:57:55.747Z']]);
  });

  it('sends one capability value as a plain value', async () => {
    const seen = intercept('GET', '/v2/banks', json(200, fx.envelope([])));
    await appClient().listBanks({ capabilities: ['ais', 'single_payment'], countries: 'fr' });
    expect(seen[0]?.url.search).toBe('?countries=fr&capabilities=ais&capabilities=single_payment');
  });

  it.each([
    ['a naive datetime', () => userClient().listUpdatedTransactions({ since: '2023-07-26 09:57:55' })],
    ['a date where a datetime is needed', () => userClient().listUpdatedStocks({ since: '2023-07-26' })],
    [
      'a datetime where a date is needed',
      () => userClient().listTransactions({ since: '2023-07-26T00:00:00Z' }),
    ],
    ['an impossible date', () => userClient().listTransactions({ until: '2023-02-30' })],
    ['an invalid Date', () => userClient().listTransactions({ since: new Date('x') })],
    ['limit 0', () => userClient().listStocks({ limit: 0 })],
    ['limit 501', () => userClient().listItems({ limit: 501 })],
    ['a fractional limit', () => appClient().listUsers({ limit: 2.5 })],
    ['an empty cursor', () => appClient().listUsers({ after: '' })],
    ['a negative id', () => userClient().getAccount(-1)],
    ['an empty id', () => appClient().getUser('')],
    ['an item id that is not a number', () => userClient().editItem('abc')],
    ['an empty country list entry', () => appClient().listBanks({ countries: [''] })],
  ])('rejects %s with InvalidInputError before sending anything', async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(InvalidInputError);
  });
});
