import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

type Row = { id: number; date: string; account_id: number };
type Page = { resources: Row[]; pagination: { previous_uri: string | null; next_uri: string | null } };

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 1_000 } });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

async function page(path: string): Promise<Page> {
  const response = await h.call(path, { token });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Page;
}

describe('Bridge pagination', () => {
  it('defaults to 50 per page and accepts 1 and 500', async () => {
    expect((await page('/v2/transactions')).resources).toHaveLength(50);
    expect((await page('/v2/transactions?limit=1')).resources).toHaveLength(1);
    expect((await page('/v2/transactions?limit=500')).resources).toHaveLength(500);
  });

  it.each(['0', '501', 'abc', '-5', '2.5', ''])('answers 400 to limit=%s', async (limit) => {
    const response = await h.call(`/v2/transactions?limit=${limit}`, { token });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).type).toBe('bad_request');
  });

  it('puts every original query parameter plus an opaque after into next_uri, and follows it verbatim', async () => {
    const first = await page('/v2/transactions?since=2000-01-01&until=2100-01-01&limit=7');
    const next = first.pagination.next_uri;
    expect(first.pagination.previous_uri).toBeNull();
    expect(next).toMatch(/^\/v2\/transactions\?/);
    const params = new URL(next ?? '', 'http://x').searchParams;
    expect(params.get('since')).toBe('2000-01-01');
    expect(params.get('until')).toBe('2100-01-01');
    expect(params.get('limit')).toBe('7');
    expect(params.get('after')).toMatch(/^[\w-]+\.[\w-]+$/);
    const second = await page(next ?? '');
    expect(second.resources).toHaveLength(7);
    expect(second.resources[0]?.id).not.toBe(first.resources[6]?.id);
    expect(second.pagination.previous_uri).toMatch(/^\/v2\/transactions\?.*before=/);
  });

  it('walks a filtered account list to the end: all rows once, next_uri null on the last page', async () => {
    const accounts = h.sandbox.bridge.control.accounts('demo@bankkit.dev');
    const checking = accounts.find((account) => account.type === 'checking');
    const { resources, pages } = await h.pageAll<Row>(
      `/v2/accounts/${checking?.id}/transactions?limit=100`,
      token,
    );
    expect(pages).toBeGreaterThan(2);
    expect(resources.every((row) => row.account_id === checking?.id)).toBe(true);
    expect(new Set(resources.map((row) => row.id)).size).toBe(resources.length);
    const everything = await h.pageAll<Row>('/v2/transactions?limit=500', token);
    expect(resources.length).toBe(
      everything.resources.filter((row) => row.account_id === checking?.id).length,
    );
  });

  it('goes back with previous_uri (before) to exactly the previous page', async () => {
    const first = await page('/v2/transactions?limit=10');
    const second = await page(first.pagination.next_uri ?? '');
    const back = await page(second.pagination.previous_uri ?? '');
    expect(back.resources.map((row) => row.id)).toEqual(first.resources.map((row) => row.id));
    expect(back.pagination.previous_uri).toBeNull();
  });

  it('uses only before when both before and after are given', async () => {
    const first = await page('/v2/transactions?limit=10');
    const second = await page(first.pagination.next_uri ?? '');
    const third = await page(second.pagination.next_uri ?? '');
    const before = new URL(third.pagination.previous_uri ?? '', 'http://x').searchParams.get('before');
    const after = new URL(first.pagination.next_uri ?? '', 'http://x').searchParams.get('after');
    const both = await page(`/v2/transactions?limit=10&after=${after}&before=${before}`);
    expect(both.resources.map((row) => row.id)).toEqual(second.resources.map((row) => row.id));
  });

  it('answers 400 to a forged, garbled or foreign cursor', async () => {
    const first = await page('/v2/transactions?limit=5');
    const cursor = new URL(first.pagination.next_uri ?? '', 'http://x').searchParams.get('after') ?? '';
    const [payload, signature] = cursor.split('.');
    const forgedPayload = Buffer.from('20000:38000784535001').toString('base64url');
    for (const bad of [
      `${forgedPayload}.${signature}`,
      `${payload}.${'A'.repeat(signature?.length ?? 16)}`,
      'not-a-cursor',
      `${cursor}x`,
    ]) {
      const response = await h.call(`/v2/transactions?limit=5&after=${encodeURIComponent(bad)}`, { token });
      expect(response.status, bad).toBe(400);
      await errorOf(response);
    }
    // A cursor of one list is not valid for another.
    const foreign = await h.call(`/v2/accounts?after=${encodeURIComponent(cursor)}`, { token });
    expect(foreign.status).toBe(400);
  });

  it('stays stable while new transactions arrive between pages (cursor on the sort key, not an offset)', async () => {
    const first = await page('/v2/transactions?limit=50');
    h.sandbox.bridge.control.churnTransactions('demo@bankkit.dev', { add: 30 });
    const rest = await h.pageAll<Row>(first.pagination.next_uri ?? '', token);
    const ids = [...first.resources, ...rest.resources].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every row that existed when paging started is served once; today's new rows rank before the cursor.
    expect(ids.length).toBe(1_000);
  });

  it('returns an empty page with null links past the end', async () => {
    const body = await page('/v2/transactions?since=2100-01-01');
    expect(body).toEqual({ resources: [], pagination: { previous_uri: null, next_uri: null } });
  });
});
