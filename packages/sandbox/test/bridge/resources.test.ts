import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

type Json = Record<string, unknown>;
type Page = { resources: Json[]; pagination: { next_uri: string | null } };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge({
    now: '2024-06-15T12:00:00.000Z',
    bridge: { accountsPerUser: 10, transactionsPerUser: 2_000 },
  });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

async function get(path: string, headers: Record<string, string> = {}): Promise<Json & Page> {
  const response = await h.call(path, { token, headers });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Json & Page;
}

const keys = (value: unknown) => Object.keys(value as Json).sort();

describe('Bridge banks', () => {
  it('serves banks with exactly the documented fields, the Demo Bank included', async () => {
    const demo = await get('/v2/banks/574');
    expect(keys(demo)).toEqual(
      [
        'id',
        'name',
        'country_code',
        'logo_url',
        'authentication_type',
        'form',
        'is_highlighted',
        'capabilities',
        'channel_type',
        'url',
        'primary_color',
        'secondary_color',
        'parent_name',
        'transfer',
        'payment',
        'display_order',
        'authentication_page_url',
      ].sort(),
    );
    expect(demo.name).toBe('Demo Bank');
    expect(demo.channel_type).toEqual(['dsp2']);
    expect(demo.form).toEqual([
      { label: 'Identifiant', type: 'USER', isNum: '0', maxLength: null, minLength: null },
      { label: 'Code secret', type: 'PWD', isNum: '1', maxLength: 6, minLength: 6 },
    ]);
    expect((await h.call('/v2/banks/999999')).status).toBe(404);
  });

  it('ORs repeated countries and capabilities, and ignores an unknown capability without an error', async () => {
    const all = await h.pageAll<Json>('/v2/banks?limit=500', token);
    const frOrDe = await h.pageAll<Json>('/v2/banks?countries=fr&countries=de&limit=500', token);
    expect(frOrDe.resources.length).toBe(
      all.resources.filter((bank) => bank.country_code === 'FR' || bank.country_code === 'DE').length,
    );
    expect(new Set(frOrDe.resources.map((bank) => bank.country_code))).toEqual(new Set(['FR', 'DE']));
    const payments = await h.pageAll<Json>(
      '/v2/banks?capabilities=single_payment&capabilities=bulk_transfer',
      token,
    );
    expect(payments.resources.length).toBeGreaterThan(0);
    for (const bank of payments.resources) {
      const capabilities = bank.capabilities as string[];
      expect(capabilities.includes('single_payment') || capabilities.includes('bulk_transfer')).toBe(true);
    }
    const enumBug = await h.call('/v2/banks?capabilities=BankCapability.AIS', { token });
    expect(enumBug.status).toBe(200);
    expect(((await enumBug.json()) as Page).resources).toEqual([]);
  });

  it('lists banks by id, highest first, as recorded', async () => {
    const all = await h.pageAll<Json>('/v2/banks?limit=7', token);
    const ids = all.resources.map((bank) => bank.id as number);
    expect(all.pages).toBeGreaterThan(1);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers /v2/banks/insights with a bare array', async () => {
    const response = await h.call('/v2/banks/insights');
    const body = await response.json();
    expect(Array.isArray(body)).toBe(true);
  });
});

describe('Bridge categories', () => {
  it('localizes names by Accept-Language and adds generated_at only to the list', async () => {
    const en = await get('/v2/categories', { 'Accept-Language': 'en' });
    const fr = await get('/v2/categories', { 'Accept-Language': 'fr-FR,fr;q=0.9' });
    expect(keys(en)).toEqual(['generated_at', 'pagination', 'resources']);
    expect(en.generated_at).toMatch(TIMESTAMP);
    const income = (list: Json[]) => list.find((category) => category.id === 2);
    expect(income(en.resources)?.name).toBe('Income');
    expect(income(fr.resources)?.name).toBe('Revenus');
    expect(keys(income(en.resources))).toEqual(['categories', 'id', 'name']);
    expect(((income(en.resources)?.categories ?? []) as Json[])[0]).toEqual({ id: 230, name: 'Salaries' });
    expect(await get('/v2/categories/279', { 'Accept-Language': 'en' })).toEqual({
      id: 279,
      name: 'Pensions',
      parent_id: 2,
    });
    expect((await get('/v2/categories/2', { 'Accept-Language': 'fr' })).parent_id).toBeNull();
    const items = await get('/v2/items');
    expect(keys(items)).toEqual(['pagination', 'resources']);
  });
});

describe('Bridge items, accounts, stocks', () => {
  it('serves items with the documented fields and a localized status description', async () => {
    const en = await get('/v2/items', { 'Accept-Language': 'en' });
    const fr = await get('/v2/items', { 'Accept-Language': 'fr' });
    const item = en.resources[0];
    expect(keys(item)).toEqual(['bank_id', 'id', 'status', 'status_code_description', 'status_code_info']);
    expect(item?.status).toBe(0);
    expect(item?.status_code_info).not.toBeNull();
    expect(item?.status_code_description).not.toBe(fr.resources[0]?.status_code_description);
  });

  it('serves every account type, with loan and savings details where they apply', async () => {
    const accounts = (await get('/v2/accounts')).resources;
    expect(new Set(accounts.map((account) => account.type))).toEqual(
      new Set([
        'checking',
        'savings',
        'brokerage',
        'card',
        'loan',
        'shared_saving_plan',
        'pending',
        'life_insurance',
        'special',
        'unknown',
      ]),
    );
    for (const account of accounts) {
      expect(keys(account)).toEqual(
        [
          'id',
          'name',
          'balance',
          'status',
          'status_code_info',
          'status_code_description',
          'updated_at',
          'type',
          'is_paused',
          'currency_code',
          'item_id',
          'bank_id',
          'loan_details',
          'savings_details',
          'is_pro',
          'iban',
        ].sort(),
      );
      expect(account.updated_at).toMatch(TIMESTAMP);
      expect(typeof account.balance).toBe('number');
    }
    const loan = accounts.find((account) => account.type === 'loan');
    const details = loan?.loan_details as Json;
    expect(keys(details)).toEqual(
      [
        'next_payment_date',
        'next_payment_amount',
        'maturity_date',
        'opening_date',
        'interest_rate',
        'type',
        'borrowed_capital',
        'repaid_capital',
        'remaining_capital',
      ].sort(),
    );
    expect(details.next_payment_date).toMatch(DATE);
    expect(details.remaining_capital).toBe(-(loan?.balance as number));
    const savings = accounts.find((account) => account.type === 'savings');
    expect(keys(savings?.savings_details)).toEqual(['ceiling', 'interest_rate', 'opening_date']);
    expect(accounts.filter((account) => account.loan_details !== null)).toHaveLength(1);
    const one = await get(`/v2/accounts/${loan?.id}`);
    expect(one).toEqual(loan);
    const byItem = await get(`/v2/accounts?item_id=${loan?.item_id}`);
    expect(byItem.resources).toHaveLength(10);
    expect((await get('/v2/accounts?item_id=1')).resources).toEqual([]);
    expect((await h.call('/v2/accounts/1', { token })).status).toBe(404);
  });

  it('keeps money decimal in the JSON text (1733.0 style) so clients can parse it exactly', async () => {
    const response = await h.call('/v2/transactions?limit=200', { token });
    const text = await response.text();
    const amounts = [...text.matchAll(/"amount":(-?\d+(?:\.\d+)?)[,}]/g)].map((match) => match[1] ?? '');
    expect(amounts.length).toBe(200);
    for (const amount of amounts) expect(amount).toMatch(/^-?\d+\.\d{1,2}$/);
  });

  it('serves stocks with the documented fields, and /stocks/updated', async () => {
    const stocks = (await get('/v2/stocks')).resources;
    expect(stocks.length).toBeGreaterThan(0);
    expect(keys(stocks[0])).toEqual(
      [
        'id',
        'current_price',
        'quantity',
        'total_value',
        'average_purchase_price',
        'created_at',
        'updated_at',
        'ticker',
        'stock_key',
        'isin',
        'label',
        'currency_code',
        'marketplace',
        'value_date',
        'is_deleted',
        'account_id',
      ].sort(),
    );
    expect(await get(`/v2/stocks/${stocks[0]?.id}`)).toEqual(stocks[0]);
    const updated = await get('/v2/stocks/updated?since=2000-01-01T00:00:00Z');
    expect(updated.resources.length).toBe(stocks.length);
    expect((await get('/v2/stocks/updated?since=2100-01-01T00:00:00Z')).resources).toEqual([]);
  });
});

describe('Bridge transactions', () => {
  it('serves transactions with the documented fields, ids above 2^31 and below 2^53, some in the future', async () => {
    const { resources } = await h.pageAll<Json>('/v2/transactions?limit=500', token);
    expect(resources).toHaveLength(2_000);
    const required = [
      'id',
      'clean_description',
      'bank_description',
      'amount',
      'date',
      'updated_at',
      'currency_code',
      'is_deleted',
      'category_id',
      'account_id',
      'is_future',
      'show_client_side',
    ];
    const optional = ['booking_date', 'transaction_date', 'value_date'];
    for (const row of resources) {
      const rowKeys = keys(row);
      expect(required.every((key) => rowKeys.includes(key))).toBe(true);
      expect(rowKeys.every((key) => required.includes(key) || optional.includes(key))).toBe(true);
      expect(row.id as number).toBeGreaterThan(2 ** 31);
      expect(row.id as number).toBeLessThan(2 ** 53);
      expect(row.date).toMatch(DATE);
      expect(row.updated_at).toMatch(TIMESTAMP);
      expect(row.is_deleted).toBe(false);
    }
    const future = resources.filter((row) => row.is_future === true);
    expect(future.length).toBeGreaterThan(0);
    expect(future.every((row) => (row.date as string) > '2024-06-15')).toBe(true);
    expect(resources.some((row) => 'booking_date' in row)).toBe(true);
    expect(resources.some((row) => !('booking_date' in row))).toBe(true);
    const one = await get(`/v2/transactions/${resources[10]?.id}`);
    expect(one).toEqual(resources[10]);
  });

  it('filters on date with since and until, both inclusive', async () => {
    const { resources } = await h.pageAll<Json>(
      '/v2/transactions?since=2024-05-01&until=2024-05-31&limit=500',
      token,
    );
    expect(resources.length).toBeGreaterThan(0);
    expect(
      resources.every((row) => (row.date as string) >= '2024-05-01' && (row.date as string) <= '2024-05-31'),
    ).toBe(true);
    const all = await h.pageAll<Json>('/v2/transactions?limit=500', token);
    expect(resources.length).toBe(
      all.resources.filter(
        (row) => (row.date as string) >= '2024-05-01' && (row.date as string) <= '2024-05-31',
      ).length,
    );
    expect((await h.call('/v2/transactions?since=yesterday', { token })).status).toBe(400);
  });

  it('keeps deleted transactions out of /transactions and shows them, flagged, in /transactions/updated', async () => {
    const { resources } = await h.pageAll<Json>('/v2/transactions/updated?limit=500', token);
    const deleted = resources.filter((row) => row.is_deleted === true);
    expect(deleted.length).toBeGreaterThan(0);
    const live = await h.pageAll<Json>('/v2/transactions?limit=500', token);
    const liveIds = new Set(live.resources.map((row) => row.id));
    expect(deleted.every((row) => !liveIds.has(row.id))).toBe(true);
    expect((await h.call(`/v2/transactions/${deleted[0]?.id}`, { token })).status).toBe(404);
    for (let i = 1; i < resources.length; i++) {
      expect((resources[i - 1]?.updated_at as string) >= (resources[i]?.updated_at as string)).toBe(true);
    }
  });

  it('accepts since on /updated as a date, RFC 3339, or the Python str(datetime) form (+ decoded or not)', async () => {
    const cut = '2024-06-10T08:30:00.000Z';
    const expected = (await h.pageAll<Json>(`/v2/transactions/updated?since=${cut}&limit=500`, token))
      .resources;
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((row) => (row.updated_at as string) > cut)).toBe(true);
    for (const form of [
      encodeURIComponent('2024-06-10 08:30:00.000000+00:00'),
      '2024-06-10 08:30:00.000000+00:00',
      encodeURIComponent('2024-06-10T10:30:00+02:00'),
    ]) {
      const rows = (await h.pageAll<Json>(`/v2/transactions/updated?since=${form}&limit=500`, token))
        .resources;
      expect(
        rows.map((row) => row.id),
        form,
      ).toEqual(expected.map((row) => row.id));
    }
    const byDate = (await h.pageAll<Json>('/v2/transactions/updated?since=2024-06-10&limit=500', token))
      .resources;
    expect(byDate.length).toBeGreaterThanOrEqual(expected.length);
  });

  it('restricts /accounts/{id}/transactions[/updated] to that account, and 404s a foreign account', async () => {
    const accounts = (await get('/v2/accounts')).resources;
    const card = accounts.find((account) => account.type === 'card');
    const rows = (await h.pageAll<Json>(`/v2/accounts/${card?.id}/transactions?limit=500`, token)).resources;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.account_id === card?.id)).toBe(true);
    const updated = (await h.pageAll<Json>(`/v2/accounts/${card?.id}/transactions/updated?limit=500`, token))
      .resources;
    expect(updated.every((row) => row.account_id === card?.id)).toBe(true);
    expect(updated.length).toBeGreaterThanOrEqual(rows.length);
    const response = await h.call('/v2/accounts/12345/transactions', { token });
    expect(response.status).toBe(404);
    await errorOf(response);
  });
});

describe('Bridge realistic nulls', () => {
  it('emits null status_code_info and loan-detail dates when asked', async () => {
    const realistic = await startBridge({ bridge: { realisticNulls: true, transactionsPerUser: 0 } });
    try {
      const t = await realistic.login();
      const items = (await (await realistic.call('/v2/items', { token: t })).json()) as Page;
      expect(items.resources[0]?.status_code_info).toBeNull();
      const accounts = (await (await realistic.call('/v2/accounts', { token: t })).json()) as Page;
      const loan = accounts.resources.find((account) => account.type === 'loan');
      const details = (loan?.loan_details ?? {}) as Json;
      expect(details.next_payment_date).toBeNull();
      expect(details.type).toBeNull();
    } finally {
      await realistic.sandbox.close();
    }
  });
});
