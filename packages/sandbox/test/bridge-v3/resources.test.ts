import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasNull, type Json, type Page, startV3, type V3Harness } from './helpers.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let h: V3Harness;
let token: string;

beforeAll(async () => {
  h = await startV3({ bridge: { transactionsPerUser: 400 } });
  token = await h.token();
});
afterAll(() => h.sandbox.close());

describe('Bridge v3 items', () => {
  it('lists items with provider_id, lowercase status_code_info, authentication_expires_at and no null', async () => {
    const items = await h.get<Page>('/v3/aggregation/items', token);
    expect(items.resources).toHaveLength(1);
    const item = items.resources[0] as Json;
    expect(Object.keys(item).sort()).toEqual(
      [
        'account_types',
        'authentication_expires_at',
        'id',
        'provider_id',
        'status',
        'status_code_description',
        'status_code_info',
      ].sort(),
    );
    expect(item).toMatchObject({
      status: 0,
      status_code_info: 'ok',
      provider_id: 574,
      account_types: 'payment',
    });
    expect(item.authentication_expires_at).toMatch(TIMESTAMP);
    expect(hasNull(items)).toBe(false);
  });

  it('shows status codes with their lowercase info, description localised by Accept-Language', async () => {
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number;
    const cases: [number, string][] = [
      [1010, 'otp_required'],
      [402, 'invalid_creds'],
      [1003, 'cnt_crash'],
      [1005, 'otp_not_supported'],
    ];
    for (const [status, info] of cases) {
      h.sandbox.bridge.v3.setItemStatus(itemId, status);
      expect(await h.get(`/v3/aggregation/items/${itemId}`, token)).toMatchObject({
        status,
        status_code_info: info,
      });
    }
    h.sandbox.bridge.v3.setItemStatus(itemId, 1010);
    const fr = (await (
      await h.call(`/v3/aggregation/items/${itemId}`, { token, headers: { 'Accept-Language': 'fr' } })
    ).json()) as Json;
    expect(fr.status_code_description).toMatch(/authentification forte/);
    h.sandbox.bridge.v3.setItemStatus(itemId, -2);
    const unknown = await h.get<Json>(`/v3/aggregation/items/${itemId}`, token);
    expect(unknown.status).toBe(-2);
    expect('status_code_info' in unknown).toBe(false);
    h.sandbox.bridge.v3.setItemStatus(itemId, 0);
  });

  it('deletes an item (204) with its accounts and transactions', async () => {
    const other = await startV3();
    try {
      const otherToken = await other.token();
      const itemId = other.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id;
      expect(
        (await other.call(`/v3/aggregation/items/${itemId}`, { method: 'DELETE', token: otherToken })).status,
      ).toBe(204);
      expect((await other.call(`/v3/aggregation/items/${itemId}`, { token: otherToken })).status).toBe(404);
      expect((await other.get<Page>('/v3/aggregation/accounts', otherToken)).resources).toEqual([]);
      expect((await other.get<Page>('/v3/aggregation/transactions', otherToken)).resources).toEqual([]);
    } finally {
      await other.sandbox.close();
    }
  });
});

describe('Bridge v3 accounts', () => {
  it('lists accounts with the three balances, provider_id, data_access, and filters by item_id', async () => {
    const accounts = await h.get<Page>('/v3/aggregation/accounts', token);
    expect(accounts.resources).toHaveLength(5);
    for (const account of accounts.resources) {
      expect(account).toMatchObject({ provider_id: 574, data_access: 'enabled', currency_code: 'EUR' });
      expect(typeof account.balance).toBe('number');
      expect(account.balance).toBe(account.accounting_balance);
      expect(account.updated_at).toMatch(TIMESTAMP);
      expect(account.type).toMatch(/^[a-z_]+$/);
    }
    expect(hasNull(accounts)).toBe(false);
    const loan = accounts.resources.find((account) => account.type === 'loan') as Json;
    expect('iban' in loan).toBe(false);
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id;
    expect((await h.get<Page>(`/v3/aggregation/accounts?item_id=${itemId}`, token)).resources).toHaveLength(
      5,
    );
    expect((await h.get<Page>('/v3/aggregation/accounts?item_id=1', token)).resources).toHaveLength(0);
    const one = await h.get(`/v3/aggregation/accounts/${loan.id}`, token);
    expect(one).toEqual(loan);
  });

  it('counts future rows in instant_balance only, and can leave either balance out (the fallback case)', async () => {
    const checking = h.sandbox.bridge.control.accounts('demo@bankkit.dev').find((a) => a.type === 'checking');
    const id = checking?.id as number;
    const before = await h.get<{ accounting_balance: number; instant_balance: number }>(
      `/v3/aggregation/accounts/${id}`,
      token,
    );
    h.sandbox.bridge.v3.addTransaction({ accountId: id, amount: '-40.25', future: true });
    const after = await h.get<{ accounting_balance: number; instant_balance: number }>(
      `/v3/aggregation/accounts/${id}`,
      token,
    );
    expect(after.accounting_balance).toBe(before.accounting_balance);
    expect(Math.round((after.instant_balance - before.instant_balance) * 100)).toBe(-4025);
    h.sandbox.bridge.v3.hideBalances(id, { accounting: true, instant: true });
    const bare = await h.get<Json>(`/v3/aggregation/accounts/${id}`, token);
    expect('accounting_balance' in bare || 'instant_balance' in bare).toBe(false);
    expect(typeof bare.balance).toBe('number');
    h.sandbox.bridge.v3.hideBalances(id, {});
  });
});

describe('Bridge v3 transactions', () => {
  it('serves rows with provider_description, updated_at, deleted and future, and no null', async () => {
    const page = await h.get<Page>('/v3/aggregation/transactions?limit=500', token);
    expect(page.resources.length).toBeGreaterThan(100);
    expect(hasNull(page)).toBe(false);
    for (const row of page.resources) {
      expect(typeof row.id).toBe('number');
      expect(row.id as number).toBeGreaterThan(2 ** 31);
      expect(row.date).toMatch(DATE);
      expect(row.updated_at).toMatch(TIMESTAMP);
      expect(row.deleted).toBe(false);
      expect(typeof row.future).toBe('boolean');
      expect(typeof row.provider_description).toBe('string');
      expect('bank_description' in row || 'is_deleted' in row || 'is_future' in row).toBe(false);
    }
    expect(page.resources.some((row) => row.future === true)).toBe(true);
    const card = page.resources.find((row) => 'booking_date' in row) as Json;
    expect(card).toMatchObject({
      operation_type: 'card',
      booking_date: expect.stringMatching(DATE),
      value_date: expect.stringMatching(DATE),
    });
  });

  it('orders by date, newest first; bounds dates with min_date/max_date; filters by account_id', async () => {
    const all = await h.pageAll<Json>('/v3/aggregation/transactions?limit=100', token);
    expect(all.resources).toHaveLength(h.sandbox.bridge.control.transactionCount('demo@bankkit.dev'));
    const dates = all.resources.map((row) => row.date as string);
    expect(dates).toEqual([...dates].sort().reverse());
    const middle = dates[Math.floor(dates.length / 2)] as string;
    const bounded = await h.pageAll<Json>(
      `/v3/aggregation/transactions?min_date=${middle}&max_date=${middle}`,
      token,
    );
    expect(bounded.resources.length).toBe(dates.filter((date) => date === middle).length);
    const accountId = all.resources[0]?.account_id;
    const mine = await h.pageAll<Json>(
      `/v3/aggregation/transactions?account_id=${accountId}&limit=500`,
      token,
    );
    expect(mine.resources.every((row) => row.account_id === accountId)).toBe(true);
    expect(mine.resources.length).toBe(all.resources.filter((row) => row.account_id === accountId).length);
    expect((await h.call('/v3/aggregation/transactions?account_id=1', { token })).status).toBe(404);
    expect((await h.call('/v3/aggregation/transactions?min_date=yesterday', { token })).status).toBe(400);
  });

  it('gets one transaction, a deleted one too', async () => {
    const first = (await h.get<Page>('/v3/aggregation/transactions?limit=1', token)).resources[0] as Json;
    expect(await h.get(`/v3/aggregation/transactions/${first.id}`, token)).toEqual(first);
    const added = h.sandbox.bridge.v3.addTransaction({ accountId: first.account_id as number, amount: -5 });
    h.sandbox.bridge.v3.deleteTransaction(added.id);
    expect(await h.get(`/v3/aggregation/transactions/${added.id}`, token)).toMatchObject({
      id: added.id,
      deleted: true,
      amount: -5.0,
    });
  });
});

describe('Bridge v3 providers and categories', () => {
  it('lists providers by id descending with the v3 names (aggregation, images.logo, group_name)', async () => {
    const all = await h.pageAll<Json>('/v3/providers?limit=10');
    const ids = all.resources.map((provider) => provider.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(hasNull(all.resources)).toBe(false);
    const demo = await h.get<Json>('/v3/providers/574');
    expect(demo).toMatchObject({
      id: 574,
      name: 'Demo Bank',
      country_code: 'FR',
      group_name: 'Demo',
      images: { logo: expect.stringMatching(/^https:/) },
    });
    expect(demo.capabilities).toContain('aggregation');
    expect(demo.capabilities).not.toContain('ais');
    for (const key of ['logo_url', 'parent_name', 'country']) expect(key in demo).toBe(false);
    expect((await h.call('/v3/providers/1')).status).toBe(404);
  });

  it('filters providers by country_code and AND-ed capabilities; works with a Bearer token too', async () => {
    const all = (await h.pageAll<Json>('/v3/providers?limit=500')).resources;
    const de = (await h.pageAll<Json>('/v3/providers?country_code=DE')).resources;
    expect(de.length).toBe(all.filter((provider) => provider.country_code === 'DE').length);
    const both = (await h.pageAll<Json>('/v3/providers?capabilities=aggregation,single_payment')).resources;
    expect(both.length).toBeGreaterThan(0);
    for (const provider of both)
      expect(provider.capabilities).toEqual(expect.arrayContaining(['aggregation', 'single_payment']));
    expect(both.length).toBeLessThan(all.length);
    expect((await h.call('/v3/providers?limit=1', { token })).status).toBe(200);
  });

  it('lists categories with their children and gets one, named by Accept-Language', async () => {
    const en = await h.get<Page>('/v3/aggregation/categories');
    const income = en.resources.find((category) => category.id === 2) as {
      name: string;
      categories: { id: number; name: string }[];
    };
    expect(income.name).toBe('Income');
    expect(income.categories.map((child) => child.id)).toContain(230);
    expect(await h.get('/v3/aggregation/categories/230')).toEqual({
      id: 230,
      name: 'Salaries',
      parent_id: 2,
    });
    expect(await h.get('/v3/aggregation/categories/2')).toEqual({ id: 2, name: 'Income' });
    const fr = (await (
      await h.call('/v3/aggregation/categories/230', { headers: { 'Accept-Language': 'fr' } })
    ).json()) as Json;
    expect(fr.name).toBe('Salaires');
    expect((await h.call('/v3/aggregation/categories/999999')).status).toBe(404);
  });
});
