import type { Transaction } from '@bankkit/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { SpareBank1Account, SpareBank1Transaction } from '../../src/index.js';
import { SpareBank1Provider, toUnifiedAccount, toUnifiedTransactions } from '../../src/index.js';
import { API, account, makeClient, seedTokens, transaction, useNock } from '../helpers.js';

useNock();

const map = (rows: Array<Record<string, unknown>>) => toUnifiedTransactions(rows as SpareBank1Transaction[]);

describe('booking dates in Europe/Oslo', () => {
  const cases: Array<[string, string, string]> = [
    // [instant the bank sends (Oslo midnight), expected Oslo day, what UTC would wrongly say]
    ['2026-08-19T22:00:00Z', '2026-08-20', '2026-08-19'],
    ['2026-01-14T23:00:00Z', '2026-01-15', '2026-01-14'],
    // Spring forward (2026-03-29): midnight is still +01:00, the next midnight is +02:00.
    ['2026-03-28T23:00:00Z', '2026-03-29', '2026-03-28'],
    ['2026-03-29T22:00:00Z', '2026-03-30', '2026-03-29'],
    // Fall back (2026-10-25): midnight is still +02:00, the next midnight is +01:00.
    ['2026-10-24T22:00:00Z', '2026-10-25', '2026-10-24'],
    ['2026-10-25T23:00:00Z', '2026-10-26', '2026-10-25'],
  ];

  it.each(cases)('%s is %s in Oslo (not %s)', (instant, oslo, utc) => {
    const [mapped] = map([transaction({ date: Date.parse(instant), interestDate: Date.parse(instant) })]);
    expect(mapped?.bookingDate).toBe(oslo);
    expect(mapped?.valueDate).toBe(oslo);
    expect(instant.slice(0, 10)).toBe(utc);
  });

  it('reads the last second of an Oslo day as that day, across DST', () => {
    const [spring, autumn] = map([
      transaction({ date: Date.parse('2026-03-29T21:59:59Z') }),
      transaction({ date: Date.parse('2026-10-25T22:59:59Z') }),
    ]);
    expect(spring?.bookingDate).toBe('2026-03-29');
    expect(autumn?.bookingDate).toBe('2026-10-25');
  });

  it('accepts an ISO date string as the bank occasionally sends', () => {
    const [plain, stamped] = map([
      transaction({ date: '2026-08-20' }),
      transaction({ date: '2026-08-19T22:00:00.000Z' }),
    ]);
    expect(plain?.bookingDate).toBe('2026-08-20');
    expect(stamped?.bookingDate).toBe('2026-08-20');
  });
});

describe('transaction mapping', () => {
  it('maps money exactly, status, description, counterparty and keeps the raw row', () => {
    const [pending, card, transfer] = map([
      transaction({ amount: -130.1, bookingStatus: 'PENDING', source: 'RECENT' }),
      transaction({
        amount: -0.1 - 0.2,
        description: 'Zettle_*Micro Kaffi AS',
        cleanedDescription: 'Micro Kaffi AS',
        remoteAccountNumber: '-1',
        remoteAccountName: undefined,
      }),
      transaction({
        amount: 25000,
        cleanedDescription: '',
        description: 'Lønn',
        remoteAccountName: 'Arbeidsgiver AS',
      }),
    ]);
    expect(pending).toMatchObject({
      provider: 'sparebank1',
      accountId: 'M0wOq64MXStdRKQE4udw',
      amount: { amount: '-130.10', currency: 'NOK' },
      status: 'pending',
    });
    expect(card?.amount).toEqual({ amount: '-0.30', currency: 'NOK' });
    expect(card?.description).toBe('Micro Kaffi AS');
    expect(card?.counterparty).toBeUndefined();
    expect(card?.status).toBe('booked');
    expect(transfer?.description).toBe('Lønn');
    expect(transfer?.counterparty).toEqual({ name: 'Arbeidsgiver AS', account: '12345678901' });
    expect(transfer?.raw).toMatchObject({ amount: 25000 });
  });

  it('uses the account currency for the amount', () => {
    const [eur] = map([
      transaction({ amount: 12.5, accountCurrency: 'EUR', currencyCode: 'SEK', currencyAmount: 140 }),
    ]);
    expect(eur?.amount).toEqual({ amount: '12.50', currency: 'EUR' });
  });
});

describe('stable transaction ids', () => {
  const day1 = Date.parse('2026-08-19T22:00:00Z');
  const rows = () => [
    transaction({ date: day1, amount: -50, description: 'Overføring', nonUniqueId: '0' }),
    transaction({ date: day1, amount: -50, description: 'Overføring', nonUniqueId: '0' }),
    transaction({ date: day1, amount: -348.56, nonUniqueId: '575043327' }),
    transaction({
      date: day1,
      amount: -130,
      description: 'Zettle_*Micro Kaffi AS',
      nonUniqueId: '708150808',
      source: 'RECENT',
      creditCardIdentifiers: { partitionKey: '2926243', nonUniqueId: '708150808' },
      accountKey: 'cardKey000000000000',
    }),
  ];

  it('gives the same ids on two fetches although the bank ids differ', () => {
    const first = map(rows());
    const second = map(rows());
    expect(first.map((t) => (t.raw as { id: string }).id)).not.toEqual(
      second.map((t) => (t.raw as { id: string }).id),
    );
    expect(second.map((t) => t.id)).toEqual(first.map((t) => t.id));
    for (const item of first) expect(item.id).toMatch(/^sb1_[0-9a-f]{32}$/);
  });

  it('gives identical rows distinct ids, whatever order they come in', () => {
    const first = map(rows());
    expect(new Set(first.map((t) => t.id)).size).toBe(4);
    const reversed = map(rows().reverse());
    expect(new Set(reversed.map((t) => t.id))).toEqual(new Set(first.map((t) => t.id)));
  });

  it('orders otherwise identical rows by their other fields, so each keeps its id', () => {
    const a = transaction({
      date: day1,
      amount: -50,
      description: 'Vipps',
      nonUniqueId: '',
      kidOrMessage: 'til Kari',
    });
    const b = transaction({
      date: day1,
      amount: -50,
      description: 'Vipps',
      nonUniqueId: '',
      kidOrMessage: 'til Per',
    });
    const [firstA, firstB] = map([a, b]);
    const [secondB, secondA] = map([
      { ...b, id: 'new1' },
      { ...a, id: 'new2' },
    ]);
    expect(secondA?.id).toBe(firstA?.id);
    expect(secondB?.id).toBe(firstB?.id);
  });

  it('keeps a card row id when it moves from RECENT to HISTORIC and its nonUniqueId gains the partition prefix', () => {
    const recent = rows()[3] as Record<string, unknown>;
    const historic = {
      ...recent,
      id: 'another-session-id',
      source: 'HISTORIC',
      nonUniqueId: '2926243-708150808',
      creditCardIdentifiers: { partitionKey: '2926243', nonUniqueId: '2926243-708150808' },
    };
    expect(map([historic])[0]?.id).toBe(map([recent])[0]?.id);
  });

  it('changes the id when a stable field differs', () => {
    const base = map([transaction()])[0]?.id;
    expect(map([transaction({ amount: -348.57 })])[0]?.id).not.toBe(base);
    expect(map([transaction({ accountKey: 'other' })])[0]?.id).not.toBe(base);
    expect(map([transaction({ date: Date.parse('2026-08-20T22:00:00Z') })])[0]?.id).not.toBe(base);
  });
});

describe('account mapping', () => {
  const types: Array<[Record<string, unknown>, string]> = [
    [{ type: 'USER' }, 'checking'],
    [{ type: 'SAVING' }, 'savings'],
    [{ type: 'BSU' }, 'savings'],
    [{ type: 'CREDITCARD', creditCardAccountID: '1034222' }, 'card'],
    [{ type: 'ASK' }, 'investment'],
    [{ type: 'PENSION' }, 'investment'],
    [{ type: 'SOMETHING', accountProperties: { isAksjesparekonto: true } }, 'investment'],
    [{ type: 'SOMETHING' }, 'other'],
  ];

  it.each(types)('maps %o to %s', (overrides, expected) => {
    expect(toUnifiedAccount(account(overrides) as SpareBank1Account).type).toBe(expected);
  });

  it('maps balances exactly with the account currency, and the identifiers', () => {
    const unified = toUnifiedAccount(
      account({ balance: 1234.5, availableBalance: 0.1 + 0.2 }) as SpareBank1Account,
    );
    expect(unified).toMatchObject({
      provider: 'sparebank1',
      id: 'M0wOq64MXStdRKQE4udw',
      name: 'Brukskonto',
      currency: 'NOK',
      balance: { amount: '1234.50', currency: 'NOK' },
      availableBalance: { amount: '0.30', currency: 'NOK' },
      accountNumber: '32096894308',
      iban: 'NO9332096894308',
    });
  });
});

describe('SpareBank1Provider', () => {
  const now = Date.parse('2026-06-15T22:30:00Z'); // 00:30 on the 16th in Oslo

  function setup() {
    const made = makeClient();
    return { ...made, provider: new SpareBank1Provider(made.client, { now: () => now }) };
  }

  it('lists every kind of account in the unified shape', async () => {
    const { provider, store } = setup();
    await seedTokens(store);
    const scope = nock(API)
      .get('/personal/banking/accounts')
      .query({
        includeNokAccounts: 'true',
        includeCurrencyAccounts: 'true',
        includeBsuAccounts: 'true',
        includeCreditCardAccounts: 'true',
        includeAskAccounts: 'true',
        includePensionAccounts: 'true',
      })
      .reply(200, {
        accounts: [account(), account({ key: 'card', type: 'CREDITCARD', creditCardAccountID: '1' })],
      });
    const accounts = await provider.listAccounts();
    expect(provider.id).toBe('sparebank1');
    expect(accounts.map((a) => [a.id, a.type])).toEqual([
      ['M0wOq64MXStdRKQE4udw', 'checking'],
      ['card', 'card'],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('fetches all accounts in one transactions call over the last 90 Oslo days, newest first', async () => {
    const { provider, store } = setup();
    await seedTokens(store);
    nock(API)
      .get('/personal/banking/accounts')
      .query(true)
      .once()
      .reply(200, { accounts: [account({ key: 'keyA' }), account({ key: 'keyB' })] });
    let query: URLSearchParams | undefined;
    nock(API)
      .get('/personal/banking/transactions')
      .query(true)
      .times(2)
      .reply((req: Request) => {
        query = new URL(req.url).searchParams;
        return [
          200,
          {
            transactions: [
              transaction({ accountKey: 'keyA', date: Date.parse('2026-03-17T23:00:00Z'), amount: -1 }),
              transaction({ accountKey: 'keyB', date: Date.parse('2026-06-15T22:00:00Z'), amount: -2 }),
              transaction({ accountKey: 'keyA', date: Date.parse('2026-01-01T23:00:00Z'), amount: -3 }),
            ],
            errors: ['CREDIT_ACCOUNTS_FAILED'],
          },
        ];
      });
    const page = await provider.listTransactions();
    expect(query?.getAll('accountKey')).toEqual(['keyA', 'keyB']);
    expect(query?.get('toDate')).toBe('2026-06-16');
    expect(query?.get('fromDate')).toBe('2026-03-18');
    // The row from January is outside the window even if the bank sent it; the first day is inside.
    expect(page.resources.map((t: Transaction) => [t.bookingDate, t.amount.amount])).toEqual([
      ['2026-06-16', '-2.00'],
      ['2026-03-18', '-1.00'],
    ]);
    expect(page.errors).toEqual(['CREDIT_ACCOUNTS_FAILED']);
    expect(await page.fetchAll()).toHaveLength(2);

    // A second call within the cache window reuses the account keys: no second accounts request.
    const again = await provider.listTransactions({ from: '2026-01-01', to: '2026-06-30' });
    expect(again.resources.map((t) => t.bookingDate)).toEqual(['2026-06-16', '2026-03-18', '2026-01-02']);
    expect(query?.get('fromDate')).toBe('2026-01-01');
  });

  it('uses the given account ids without listing accounts', async () => {
    const { provider, store } = setup();
    await seedTokens(store);
    const scope = nock(API)
      .get('/personal/banking/transactions')
      .query({ accountKey: 'only', fromDate: '2026-05-01', toDate: '2026-05-31' })
      .reply(200, { transactions: [] });
    const page = await provider.listTransactions({
      accountIds: ['only'],
      from: '2026-05-01',
      to: new Date('2026-05-31T12:00:00Z'),
    });
    expect(page.resources).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('returns an empty page without a call when there are no accounts', async () => {
    const { provider } = setup();
    const page = await provider.listTransactions({ accountIds: [] });
    expect(page.resources).toEqual([]);
    expect(page.hasMore()).toBe(false);
  });
});
