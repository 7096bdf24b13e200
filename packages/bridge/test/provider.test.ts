import { InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { BridgeProvider, toAccountType } from '../src/index.js';
import { userClient } from './support/clients.js';
import * as fx from './support/fixtures.js';
import { intercept, json, queryPairs } from './support/mock-bridge.js';
import { useNock } from './support/setup.js';

useNock();

const provider = () => new BridgeProvider(userClient());

describe('BridgeProvider', () => {
  it('is the bridge provider', () => {
    expect(provider().id).toBe('bridge');
  });

  it('maps accounts across pages with exact money and the raw payload', async () => {
    intercept(
      'GET',
      '/v2/accounts',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(200, fx.envelope([fx.checkingAccount, fx.loanAccount], '/v2/accounts?after=a1'))
          : json(200, fx.envelope([{ ...fx.brokerageAccount, balance: 0.1 + 0.2 }])),
      2,
    );
    const accounts = await provider().listAccounts();
    expect(accounts).toEqual([
      {
        provider: 'bridge',
        id: '30179391',
        name: 'Compte courant',
        type: 'checking',
        currency: 'EUR',
        balance: { amount: '1234.50', currency: 'EUR' },
        iban: 'FR7630006000011234567890189',
        raw: fx.checkingAccount,
      },
      {
        provider: 'bridge',
        id: '30179395',
        name: 'Prêt immobilier',
        type: 'loan',
        currency: 'EUR',
        balance: { amount: '-152340.12', currency: 'EUR' },
        raw: fx.loanAccount,
      },
      expect.objectContaining({
        id: '30179393',
        type: 'investment',
        balance: { amount: '0.30', currency: 'EUR' },
      }),
    ]);
    expect(accounts[1]).not.toHaveProperty('iban');
  });

  it.each([
    ['checking', 'checking'],
    ['savings', 'savings'],
    ['shared_saving_plan', 'savings'],
    ['card', 'card'],
    ['loan', 'loan'],
    ['brokerage', 'investment'],
    ['life_insurance', 'investment'],
    ['pending', 'other'],
    ['special', 'other'],
    ['unknown', 'other'],
    ['something_new', 'other'],
    ['constructor', 'other'],
  ])('maps account type %s to %s', (bridgeType, unified) => {
    expect(toAccountType(bridgeType)).toBe(unified);
  });

  it('maps transactions: dates, pending, description, category; from/to become since/until', async () => {
    const booked = {
      ...fx.transaction,
      id: 38000784535886,
      is_future: false,
      clean_description: '',
      amount: -130.5,
      value_date: '2022-04-27',
    };
    const seen = intercept('GET', '/v2/transactions', json(200, fx.envelope([fx.transaction, booked])));
    const page = await provider().listTransactions({ from: '2022-04-01', to: '2022-04-30' });

    expect(queryPairs(seen[0])).toEqual([
      ['since', '2022-04-01'],
      ['until', '2022-04-30'],
      ['limit', '500'],
    ]);
    expect(page.resources).toEqual([
      {
        provider: 'bridge',
        id: '38000784535885',
        accountId: '30179391',
        amount: { amount: '1733.00', currency: 'EUR' },
        bookingDate: '2022-04-26',
        status: 'pending',
        description: 'Retraite',
        category: '279',
        raw: fx.transaction,
      },
      {
        provider: 'bridge',
        id: '38000784535886',
        accountId: '30179391',
        amount: { amount: '-130.50', currency: 'EUR' },
        bookingDate: '2022-04-26',
        valueDate: '2022-04-27',
        status: 'booked',
        description: 'Retraite - 260422',
        category: '279',
        raw: booked,
      },
    ]);
  });

  it('leaves deleted rows out, lazily across pages', async () => {
    const seen = intercept(
      'GET',
      '/v2/transactions',
      (request) =>
        request.url.searchParams.get('after') === null
          ? json(
              200,
              fx.envelope(
                [
                  { ...fx.transaction, id: 1, is_deleted: true },
                  { ...fx.transaction, id: 2 },
                ],
                '/v2/transactions?after=t',
              ),
            )
          : json(200, fx.envelope([{ ...fx.transaction, id: 3 }])),
      2,
    );
    const page = await provider().listTransactions();
    expect(seen).toHaveLength(1);
    expect(page.resources.map((t) => t.id)).toEqual(['2']);
    const ids: string[] = [];
    for await (const transaction of page) ids.push(transaction.id);
    expect(ids).toEqual(['2', '3']);
  });

  it('reads one account from its own endpoint', async () => {
    const seen = intercept(
      'GET',
      '/v2/accounts/30179391/transactions',
      json(200, fx.envelope([fx.transaction])),
    );
    const page = await provider().listTransactions({
      accountIds: ['30179391'],
      from: new Date('2022-04-01T10:00:00Z'),
    });
    expect(queryPairs(seen[0])).toEqual([
      ['since', '2022-04-01'],
      ['limit', '500'],
    ]);
    expect(page.resources).toHaveLength(1);
  });

  it('reads several accounts from the global list, filtered, newest first', async () => {
    intercept(
      'GET',
      '/v2/transactions',
      json(
        200,
        fx.envelope([
          { ...fx.transaction, id: 3, account_id: 1, date: '2022-04-03' },
          { ...fx.transaction, id: 2, account_id: 2, date: '2022-04-02' },
          { ...fx.transaction, id: 1, account_id: 3, date: '2022-04-01' },
        ]),
      ),
    );
    const all = await (await provider().listTransactions({ accountIds: ['1', '3'] })).fetchAll();
    expect(all.map((t) => [t.id, t.accountId])).toEqual([
      ['3', '1'],
      ['1', '3'],
    ]);
  });

  it('rejects account ids that are not Bridge ids, and an empty list', async () => {
    await expect(provider().listTransactions({ accountIds: ['abc'] })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(provider().listTransactions({ accountIds: [] })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
