import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

type Row = { id: number; date: string; account_id: number };
type Page = { resources: Row[]; pagination: { next_uri: string | null }; generated_at?: string };

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

  it('writes next_uri as recorded: after first, then limit, then the other parameters; follows verbatim', async () => {
    const first = await page('/v2/transactions?since=2000-01-01&until=2100-01-01&limit=7');
    const next = first.pagination.next_uri;
    // Bridge's recorded answers (July 2023) hold next_uri only: no previous_uri key.
    expect(Object.keys(first.pagination)).toEqual(['next_uri']);
    expect(next).toMatch(
      /^\/v2\/transactions\?after=[\w-]+\.[\w-]+&limit=7&since=2000-01-01&until=2100-01-01$/,
    );
    const second = await page(next ?? '');
    expect(second.resources).toHaveLength(7);
    expect(second.resources[0]?.id).not.toBe(first.resources[6]?.id);
    expect(Object.keys(second.pagination)).toEqual(['next_uri']);
  });

  it('carries the default limit in next_uri (?after=...&limit=50)', async () => {
    const first = await page('/v2/transactions');
    expect(first.pagination.next_uri).toMatch(/^\/v2\/transactions\?after=[\w-]+\.[\w-]+&limit=50$/);
    const users = await h.call('/v2/banks?limit=2');
    const banks = (await users.json()) as Page;
    expect(banks.pagination.next_uri).toMatch(/^\/v2\/banks\?after=[\w-]+\.[\w-]+&limit=2$/);
  });

  it('adds a top-level generated_at to transaction lists, as recorded', async () => {
    const body = await page('/v2/transactions?limit=3');
    expect(Object.keys(body).sort()).toEqual(['generated_at', 'pagination', 'resources']);
    expect(body.generated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
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

  it('still honours a before cursor (rows strictly before it), and only before when both are given', async () => {
    const first = await page('/v2/transactions?limit=10');
    const second = await page(first.pagination.next_uri ?? '');
    // The cursor of second's next_uri is the key of second's last row.
    const cursor = new URL(second.pagination.next_uri ?? '', 'http://x').searchParams.get('after');
    const back = await page(`/v2/transactions?limit=10&before=${cursor}`);
    const expected = [...first.resources.slice(-1), ...second.resources.slice(0, 9)].map((row) => row.id);
    expect(back.resources.map((row) => row.id)).toEqual(expected);
    const after = new URL(first.pagination.next_uri ?? '', 'http://x').searchParams.get('after');
    const both = await page(`/v2/transactions?limit=10&after=${after}&before=${cursor}`);
    expect(both.resources.map((row) => row.id)).toEqual(expected);
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

  it('returns an empty page with a null next_uri past the end', async () => {
    const body = await page('/v2/transactions?since=2100-01-01');
    expect(body).toEqual({ resources: [], pagination: { next_uri: null }, generated_at: expect.any(String) });
  });
});
