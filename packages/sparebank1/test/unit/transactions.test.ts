import { InvalidInputError, Page } from '@bankkit/core';
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SpareBank1Client } from '../../src/index.js';
import { API, JSON_TYPE, makeClient, memoryLogger, seedTokens, transaction, useNock } from '../helpers.js';

useNock();

const BASE = '/personal/banking/transactions';
let client: SpareBank1Client;
let logger: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  logger = memoryLogger();
  const made = makeClient({ logger });
  client = made.client;
  await seedTokens(made.store);
});

function api(accept = JSON_TYPE) {
  return nock(API, { reqheaders: { accept, authorization: 'Bearer access-token-aaaaaaaaaaaa' } });
}

describe('listTransactions', () => {
  it('sends the account keys as a repeated accountKey, dates as Oslo days, rowLimit and source', async () => {
    let query: URLSearchParams | undefined;
    api()
      .get(BASE)
      .query(true)
      .reply((req: Request) => {
        query = new URL(req.url).searchParams;
        return [200, { transactions: [transaction()], errors: [] }];
      });
    const page = await client.listTransactions({
      accountKeys: ['keyA', 'keyB'],
      // 23:30 UTC on the 28th is 00:30 on the 29th in Oslo.
      fromDate: new Date('2026-03-28T23:30:00Z'),
      toDate: '2026-04-30',
      rowLimit: 500,
      source: 'ALL',
    });
    expect(query?.getAll('accountKey')).toEqual(['keyA', 'keyB']);
    expect(query?.get('fromDate')).toBe('2026-03-29');
    expect(query?.get('toDate')).toBe('2026-04-30');
    expect(query?.get('rowLimit')).toBe('500');
    expect(query?.get('source')).toBe('ALL');
    expect(page).toBeInstanceOf(Page);
    expect(page.resources).toHaveLength(1);
    expect(page.hasMore()).toBe(false);
    expect(page.errors).toEqual([]);
    expect(await page.fetchAll()).toHaveLength(1);
  });

  it('keeps the raw response readable and unknown fields on the rows', async () => {
    api()
      .get(BASE)
      .query(true)
      .reply(200, { transactions: [transaction({ brandNewField: 42 })], errors: [] });
    const page = await client.listTransactions({ accountKeys: ['keyA'] });
    expect(page.resources[0]?.brandNewField).toBe(42);
    const raw = (await page.response.json()) as { transactions: unknown[] };
    expect(raw.transactions).toHaveLength(1);
  });

  it('accepts the spec names, ISO string dates and a string classificationInput.date', async () => {
    const row = transaction({ date: '2026-08-20', classificationInput: { id: '1', date: '2026-08-20' } });
    delete row.isConfidential;
    delete row.isFromCurrencyAccount;
    row.confidential = false;
    row.fromCurrencyAccount = true;
    api()
      .get(BASE)
      .query(true)
      .reply(200, { transactions: [row, transaction({ classificationInput: { date: 1787176800000 } })] });
    const page = await client.listTransactions({ accountKeys: ['keyA'] });
    expect(page.resources[0]?.fromCurrencyAccount).toBe(true);
    expect(page.resources[0]?.date).toBe('2026-08-20');
    expect(page.resources[1]?.classificationInput?.date).toBe(1787176800000);
  });

  it('surfaces partial-failure codes on the page and as a warning', async () => {
    api()
      .get(BASE)
      .query(true)
      .reply(200, { transactions: [transaction()], errors: ['CREDIT_ACCOUNTS_FAILED'] });
    const page = await client.listTransactions({ accountKeys: ['keyA'] });
    expect(page.errors).toEqual(['CREDIT_ACCOUNTS_FAILED']);
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.message).toMatch(/incomplete/);
    expect(JSON.stringify(warning?.fields)).toContain('CREDIT_ACCOUNTS_FAILED');
  });

  it('keeps only the requested source even when the bank ignores the parameter name', async () => {
    api()
      .get(BASE)
      .query({ accountKey: 'keyA', source: 'RECENT' })
      .reply(200, {
        transactions: [transaction({ source: 'RECENT' }), transaction({ source: 'HISTORIC' })],
      });
    const page = await client.listTransactions({ accountKeys: ['keyA'], source: 'RECENT' });
    expect(page.resources.map((row) => row.source)).toEqual(['RECENT']);
  });

  it('can send the source under another parameter name', async () => {
    const made = makeClient({ transactionSourceParameter: 'transactionSource' });
    await seedTokens(made.store);
    const scope = api()
      .get(BASE)
      .query({ accountKey: 'keyA', transactionSource: 'HISTORIC' })
      .reply(200, { transactions: [] });
    await made.client.listTransactions({ accountKeys: ['keyA'], source: 'HISTORIC' });
    expect(scope.isDone()).toBe(true);
  });

  it('validates its arguments before sending anything', async () => {
    const scope = api().get(BASE).query(true).reply(200, { transactions: [] });
    const cases: Array<[Parameters<SpareBank1Client['listTransactions']>[0], string]> = [
      [{ accountKeys: [] }, 'accountKeys'],
      [{ accountKeys: ['a,b'] }, 'accountKeys'],
      [{ accountKeys: ['a'], fromDate: '2026-13-01' }, 'fromDate'],
      [{ accountKeys: ['a'], fromDate: '2026-05-02', toDate: '2026-05-01' }, 'fromDate'],
      [{ accountKeys: ['a'], rowLimit: 0 }, 'rowLimit'],
      [{ accountKeys: ['a'], source: 'NEW' as 'ALL' }, 'source'],
    ];
    for (const [options, field] of cases) {
      const error = await client.listTransactions(options).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
    }
    expect(scope.isDone()).toBe(false);
  });
});

describe('classified transactions and details', () => {
  it('lists classified rows (wrapped) with their categories', async () => {
    const scope = api()
      .get(`${BASE}/classified`)
      .query({ accountKey: ['keyA', 'keyB'], enrichWithMerchantLogo: 'true' })
      .reply(200, {
        transactions: [
          {
            transaction: transaction(),
            categories: [{ main: 'food', mainI18n: 'Mat og drikke', sub: 'groceries', confidence: 92 }],
            recurring: false,
            subscription: false,
          },
        ],
        errors: ['RECENT_TRANSACTIONS_FAILED'],
      });
    const page = await client.listClassifiedTransactions({
      accountKeys: ['keyA', 'keyB'],
      enrichWithMerchantLogo: true,
    });
    expect(scope.isDone()).toBe(true);
    expect(page.resources[0]?.categories?.[0]?.main).toBe('food');
    expect(page.resources[0]?.transaction.amount).toBe(-348.56);
    expect(page.errors).toEqual(['RECENT_TRANSACTIONS_FAILED']);
  });

  it('gets transaction details and classified details', async () => {
    const details = {
      id: 'abc_DEF-123',
      date: '2026-08-20',
      valueDate: '2026-08-20',
      bookedDate: '2026-08-20',
      amount: -132.61,
      numericalReference: '8100123',
      accountNumber: { value: '32096894308', formatted: '3209 68 94308', unformatted: '32096894308' },
    };
    api().get(`${BASE}/abc_DEF-123/details`).reply(200, details);
    api()
      .get(`${BASE}/abc_DEF-123/details/classified`)
      .query({ enrichWithMerchantData: 'true' })
      .reply(200, { transaction: details, categories: [], recurring: false, merchant: { name: 'Rema' } });
    expect((await client.getTransactionDetails('abc_DEF-123')).numericalReference).toBe('8100123');
    const classified = await client.getClassifiedTransactionDetails('abc_DEF-123', {
      enrichWithMerchantData: true,
    });
    expect(classified.transaction.amount).toBe(-132.61);
    expect(classified.merchant).toEqual({ name: 'Rema' });
    await expect(client.getTransactionDetails('')).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('exportTransactionsCsv', () => {
  const csv =
    '\uFEFFDato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto;\r\n' +
    '"28.02.2025";"KIWI; MAJORSTUEN";;;"-348,56";"12345678901";"98765432109";\r\n' +
    '"01.03.2025";"Lønn";"01.03.2025";"25000,00";;"98765432109";"11112222333";\r\n';

  it('asks for CSV, returns the text and the parsed rows', async () => {
    let query: URLSearchParams | undefined;
    api('application/csv;charset=UTF-8')
      .get(`${BASE}/export`)
      .query(true)
      .reply((req: Request) => {
        query = new URL(req.url).searchParams;
        return [200, Buffer.from(csv, 'utf8'), { 'Content-Type': 'application/csv;charset=UTF-8' }];
      });
    const result = await client.exportTransactionsCsv({
      accountKey: 'keyA',
      fromDate: '2025-02-01',
      toDate: new Date('2025-03-31T22:30:00Z'),
      fields: ['DATE', 'DESCRIPTION', 'IN', 'OUT'],
    });
    expect(query?.get('accountKey')).toBe('keyA');
    expect(query?.get('fromDate')).toBe('2025-02-01');
    expect(query?.get('toDate')).toBe('2025-04-01');
    expect(query?.getAll('fields')).toEqual(['DATE', 'DESCRIPTION', 'IN', 'OUT']);
    expect(result.csv.startsWith('Dato;')).toBe(true);
    expect(result.columns).toEqual([
      'Dato',
      'Beskrivelse',
      'Rentedato',
      'Inn',
      'Ut',
      'Til konto',
      'Fra konto',
    ]);
    expect(result.rows).toEqual([
      {
        Dato: '28.02.2025',
        Beskrivelse: 'KIWI; MAJORSTUEN',
        Rentedato: '',
        Inn: '',
        Ut: '-348,56',
        'Til konto': '12345678901',
        'Fra konto': '98765432109',
      },
      {
        Dato: '01.03.2025',
        Beskrivelse: 'Lønn',
        Rentedato: '01.03.2025',
        Inn: '25000,00',
        Ut: '',
        'Til konto': '98765432109',
        'Fra konto': '11112222333',
      },
    ]);
  });

  it('requires the account and both dates, and only known fields', async () => {
    const base = { accountKey: 'keyA', fromDate: '2025-01-01', toDate: '2025-01-31' };
    await expect(client.exportTransactionsCsv({ ...base, accountKey: '' })).rejects.toMatchObject({
      field: 'accountKey',
    });
    await expect(
      client.exportTransactionsCsv({ ...base, toDate: undefined as unknown as string }),
    ).rejects.toMatchObject({ field: 'toDate' });
    await expect(client.exportTransactionsCsv({ ...base, fields: ['AMOUNT' as 'IN'] })).rejects.toMatchObject(
      { field: 'fields' },
    );
  });
});
