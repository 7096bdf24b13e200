import { InvalidInputError } from '@bankkit/core';
import { describe, expect, it } from 'vitest';
import { BridgeProvider, toAccountV3, toTransactionV3 } from '../../src/v3/index.js';
import { intercept, json, queryPairs } from '../support/mock-bridge.js';
import { useNock } from '../support/setup.js';
import * as fx from './fixtures.js';
import { storeWithToken, userClient } from './support.js';

useNock();

async function provider(): Promise<BridgeProvider> {
  return new BridgeProvider(userClient({ tokenStore: await storeWithToken() }));
}

describe('v3 account mapping: the documented balance fallback', () => {
  it('accounting_balance is the balance and instant_balance the available one, when present', () => {
    const account = toAccountV3({
      ...fx.account,
      balance: 1000,
      accounting_balance: 1234.5,
      instant_balance: 1190.25,
    });
    expect(account.balance).toEqual({ amount: '1234.50', currency: 'EUR' });
    expect(account.availableBalance).toEqual({ amount: '1190.25', currency: 'EUR' });
  });

  it('falls back to balance for whichever is missing', () => {
    const { accounting_balance: _a, instant_balance: _i, ...bare } = fx.account;
    const none = toAccountV3({ ...bare, balance: 99.9 });
    expect(none.balance).toEqual({ amount: '99.90', currency: 'EUR' });
    expect(none.availableBalance).toEqual({ amount: '99.90', currency: 'EUR' });

    const onlyInstant = toAccountV3({ ...bare, balance: 10, instant_balance: 7.5 });
    expect(onlyInstant.balance.amount).toBe('10.00');
    expect(onlyInstant.availableBalance?.amount).toBe('7.50');

    const onlyAccounting = toAccountV3({ ...bare, balance: 10, accounting_balance: 12 });
    expect(onlyAccounting.balance.amount).toBe('12.00');
    expect(onlyAccounting.availableBalance?.amount).toBe('10.00');
  });

  it('maps the rest: id, type, currency, iban, raw', () => {
    const account = toAccountV3(fx.account);
    expect(account).toMatchObject({
      provider: 'bridge',
      id: '30179391',
      name: 'Compte courant',
      type: 'checking',
      currency: 'EUR',
      iban: 'FR7630006000011234567890189',
    });
    expect(account.raw).toBe(fx.account);
    expect(toAccountV3({ ...fx.account, type: 'something_new' }).type).toBe('other');
    const { type: _t, iban: _i, ...noType } = fx.account;
    expect(toAccountV3(noType).type).toBe('other');
    expect(toAccountV3(noType).iban).toBeUndefined();
  });
});

describe('v3 transaction mapping', () => {
  it('booking_date first, value_date kept', () => {
    const tx = toTransactionV3(fx.transaction);
    expect(tx).toMatchObject({
      id: '33000191035700',
      accountId: '30179391',
      amount: { amount: '-12.50', currency: 'EUR' },
      bookingDate: '2025-03-01',
      valueDate: '2025-03-02',
      status: 'booked',
      description: 'Carte Boulangerie',
      category: '279',
    });
  });

  it('transaction_date when there is no booking_date, then date', () => {
    const { booking_date: _b, ...noBooking } = fx.transaction;
    expect(toTransactionV3(noBooking).bookingDate).toBe('2025-02-28');
    const { transaction_date: _t, value_date: _v, ...onlyDate } = noBooking;
    const tx = toTransactionV3({ ...onlyDate, date: '2025-02-27' });
    expect(tx.bookingDate).toBe('2025-02-27');
    expect(tx.valueDate).toBeUndefined();
  });

  it('future rows are pending (v2 is_future read too)', () => {
    expect(toTransactionV3({ ...fx.transaction, future: true }).status).toBe('pending');
    const { future: _f, ...noFlag } = fx.transaction;
    expect(toTransactionV3(noFlag).status).toBe('booked');
    expect(toTransactionV3({ ...noFlag, is_future: true }).status).toBe('pending');
  });

  it('the provider description when the clean one is empty or missing', () => {
    expect(toTransactionV3({ ...fx.transaction, clean_description: '' }).description).toBe(
      'CB BOULANGERIE 28/02',
    );
    const { clean_description: _c, ...noClean } = fx.transaction;
    expect(toTransactionV3(noClean).description).toBe('CB BOULANGERIE 28/02');
  });
});

describe('v3 BridgeProvider', () => {
  it('lists every account over all pages', async () => {
    intercept(
      'GET',
      '/v3/aggregation/accounts',
      json(200, fx.envelope([fx.account], '/v3/aggregation/accounts?after=a')),
    );
    intercept(
      'GET',
      '/v3/aggregation/accounts',
      json(200, fx.envelope([{ ...fx.account, id: 2, name: 'Livret A', type: 'savings' }])),
    );
    const accounts = await (await provider()).listAccounts();
    expect(accounts.map((a) => [a.id, a.type])).toEqual([
      ['30179391', 'checking'],
      ['2', 'savings'],
    ]);
  });

  it('leaves deleted rows out and marks future rows pending', async () => {
    const rows = [
      { ...fx.transaction, id: 1, future: true },
      { ...fx.transaction, id: 2, deleted: true },
      { ...fx.transaction, id: 3 },
      { ...fx.transaction, id: 4, is_deleted: true },
    ];
    const seen = intercept('GET', '/v3/aggregation/transactions', json(200, fx.envelope(rows)));
    const all = await (await (await provider()).listTransactions()).fetchAll();
    expect(all.map((t) => [t.id, t.status])).toEqual([
      ['1', 'pending'],
      ['3', 'booked'],
    ]);
    expect(queryPairs(seen[0])).toEqual([['limit', '500']]);
  });

  it('from/to go as min_date/max_date and are applied again on the booking date', async () => {
    const rows = [
      { ...fx.transaction, id: 1, booking_date: '2025-03-01' },
      { ...fx.transaction, id: 2, booking_date: '2025-02-01' },
      { ...fx.transaction, id: 3, booking_date: '2025-04-01' },
    ];
    const seen = intercept('GET', '/v3/aggregation/transactions', json(200, fx.envelope(rows)));
    const all = await (
      await (await provider()).listTransactions({ from: '2025-02-15', to: '2025-03-31' })
    ).fetchAll();
    expect(all.map((t) => t.id)).toEqual(['1']);
    expect(queryPairs(seen[0])).toEqual([
      ['min_date', '2025-02-15'],
      ['max_date', '2025-03-31'],
      ['limit', '500'],
    ]);
  });

  it('one account is asked for with account_id; several are filtered from the user list', async () => {
    const one = intercept('GET', '/v3/aggregation/transactions', json(200, fx.envelope([fx.transaction])));
    await (await (await provider()).listTransactions({ accountIds: ['30179391'] })).fetchAll();
    expect(queryPairs(one[0])).toEqual([
      ['account_id', '30179391'],
      ['limit', '500'],
    ]);

    const rows = [
      { ...fx.transaction, id: 1, account_id: 1 },
      { ...fx.transaction, id: 2, account_id: 2 },
      { ...fx.transaction, id: 3, account_id: 3 },
    ];
    const many = intercept('GET', '/v3/aggregation/transactions', json(200, fx.envelope(rows)));
    const all = await (await (await provider()).listTransactions({ accountIds: ['1', '3'] })).fetchAll();
    expect(all.map((t) => t.id)).toEqual(['1', '3']);
    expect(queryPairs(many[0])).toEqual([['limit', '500']]);
  });

  it('refuses bad account ids', async () => {
    const p = await provider();
    for (const accountIds of [[], [''], ['..'], [1 as never]]) {
      await expect(p.listTransactions({ accountIds })).rejects.toBeInstanceOf(InvalidInputError);
    }
  });
});
