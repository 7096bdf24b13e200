import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, errorOf, startBridge } from './helpers.js';

type Json = Record<string, unknown>;
type Page = { resources: Json[] };

const CONNECT_URL =
  /^https:\/\/connect\.bridgeapi\.io\/session\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge();
  token = await h.login();
});
afterAll(() => h.sandbox.close());

async function json<T = Json>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await h.call(path, { ...init, token });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe('Bridge Connect', () => {
  it('opens an add session with every field null and completes it into an item with data', async () => {
    const body = await json<{ redirect_url: string }>('/v2/connect/items/add', {
      method: 'POST',
      body: {
        prefill_email: 'demo@bankkit.dev',
        country: null,
        redirect_url: null,
        context: null,
        bank_id: null,
        capabilities: null,
      },
    });
    expect(Object.keys(body)).toEqual(['redirect_url']);
    expect(body.redirect_url).toMatch(CONNECT_URL);
    const before = (await json<Page>('/v2/items')).resources.length;
    const done = h.sandbox.bridge.control.completeConnectSession(body.redirect_url, {
      accounts: 2,
      transactions: 40,
    });
    expect(done.kind).toBe('add');
    expect(done.accountIds).toHaveLength(2);
    const items = (await json<Page>('/v2/items')).resources;
    expect(items).toHaveLength(before + 1);
    expect(items[0]?.id).toBe(done.itemId);
    const accounts = (await json<Page>(`/v2/accounts?item_id=${done.itemId}`)).resources;
    expect(accounts.map((account) => account.id).sort()).toEqual([...done.accountIds].sort());
    const rows = await h.pageAll<Json>(`/v2/accounts/${done.accountIds[0]}/transactions?limit=500`, token);
    expect(rows.resources.length).toBeGreaterThan(0);
    expect(() => h.sandbox.bridge.control.completeConnectSession(body.redirect_url)).toThrow(
      /already completed/,
    );
  });

  it('returns the callback URL with item_id, success and context when a redirect_url was given', async () => {
    const body = await json<{ redirect_url: string }>('/v2/connect/items/add', {
      method: 'POST',
      body: {
        country: 'fr',
        redirect_url: 'https://app.example.com/bridge/done',
        context: 'abc',
        bank_id: 574,
      },
    });
    const done = h.sandbox.bridge.control.completeConnectSession(body.redirect_url);
    const callback = new URL(done.callbackUrl ?? '');
    expect(callback.origin + callback.pathname).toBe('https://app.example.com/bridge/done');
    expect(callback.searchParams.get('item_id')).toBe(String(done.itemId));
    expect(callback.searchParams.get('success')).toBe('true');
    expect(callback.searchParams.get('context')).toBe('abc');
  });

  it('rejects an unknown bank id', async () => {
    const response = await h.call('/v2/connect/items/add', {
      method: 'POST',
      token,
      body: { bank_id: 99999 },
    });
    expect(response.status).toBe(404);
    await errorOf(response);
  });

  it('serves the other Connect URLs', async () => {
    const items = (await json<Page>('/v2/items')).resources;
    for (const path of [
      `/v2/connect/items/edit?item_id=${items[0]?.id}`,
      `/v2/connect/items/sync?item_id=${items[0]?.id}`,
      '/v2/connect/items/pro/confirmation?redirect_url=https%3A%2F%2Fapp.example.com',
      '/v2/connect/manage/accounts/iban',
    ]) {
      expect((await json<{ redirect_url: string }>(path)).redirect_url).toMatch(CONNECT_URL);
    }
    expect((await h.call('/v2/connect/items/sync?item_id=1', { token })).status).toBe(404);
  });

  it('puts an item in status 1010 and back to 0 through a completed sync session', async () => {
    const itemId = (await json<Page>('/v2/items')).resources[0]?.id as number;
    h.sandbox.bridge.control.setItemStatus(itemId, 1010);
    const item = await json(`/v2/items/${itemId}`);
    expect(item.status).toBe(1010);
    expect(item.status_code_info).not.toBeNull();
    const sync = await json<{ redirect_url: string }>(`/v2/connect/items/sync?item_id=${itemId}`);
    h.sandbox.bridge.control.completeConnectSession(sync.redirect_url);
    expect((await json(`/v2/items/${itemId}`)).status).toBe(0);
  });
});

describe('Bridge item refresh and deletion', () => {
  it('refreshes with 202 and an empty body, then the status moves to finished', async () => {
    const itemId = (await json<Page>('/v2/items')).resources.at(-1)?.id;
    const refresh = await h.call(`/v2/items/${itemId}/refresh`, { method: 'POST', token });
    expect(refresh.status).toBe(202);
    expect(await refresh.text()).toBe('');
    const seen: string[] = [];
    for (let poll = 0; poll < 10; poll++) {
      const status = await json(`/v2/items/${itemId}/refresh/status`);
      expect(Object.keys(status).sort()).toEqual(
        ['id', 'mfa', 'refreshed_accounts_count', 'refreshed_at', 'status', 'total_accounts_count'].sort(),
      );
      seen.push(status.status as string);
      if (status.status === 'finished') {
        expect(status.refreshed_accounts_count).toBe(status.total_accounts_count);
        break;
      }
    }
    expect(seen).toEqual(['authenticating', 'retrieving_data', 'finished']);
  });

  it('deletes an item with 204; its accounts and transactions then disappear', async () => {
    const items = (await json<Page>('/v2/items')).resources;
    const itemId = items[0]?.id;
    const accounts = (await json<Page>(`/v2/accounts?item_id=${itemId}`)).resources;
    expect(accounts.length).toBeGreaterThan(0);
    const response = await h.call(`/v2/items/${itemId}`, { method: 'DELETE', token });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect((await h.call(`/v2/items/${itemId}`, { token })).status).toBe(404);
    expect((await h.call(`/v2/accounts/${accounts[0]?.id}`, { token })).status).toBe(404);
    expect((await h.call(`/v2/accounts/${accounts[0]?.id}/transactions`, { token })).status).toBe(404);
    const all = await h.pageAll<Json>('/v2/transactions?limit=500', token);
    const gone = new Set(accounts.map((account) => account.id));
    expect(all.resources.some((row) => gone.has(row.account_id as number))).toBe(false);
    expect((await json<Page>('/v2/items')).resources).toHaveLength(items.length - 1);
  });
});
