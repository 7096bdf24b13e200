import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type Page, startV3, type V3Harness, v3ErrorOf } from './helpers.js';

let h: V3Harness;
let token: string;

beforeAll(async () => {
  h = await startV3();
  token = await h.token();
});
afterAll(() => h.sandbox.close());

async function openSession(
  body: Json,
  path = '/v3/aggregation/connect-sessions',
): Promise<{ id: string; url: string }> {
  const response = await h.call(path, { method: 'POST', token, body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; url: string };
}

/** Submits one of the page's forms, as a browser would, without following the redirect. */
async function submit(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

describe('Bridge v3 connect sessions', () => {
  it('answers 201 {id, url}; the url serves a page on the sandbox origin', async () => {
    const session = await openSession({ user_email: 'demo@bankkit.dev' });
    expect(Object.keys(session).sort()).toEqual(['id', 'url']);
    expect(session.url).toBe(`${h.base}/connect/session/${session.id}`);
    const page = await fetch(session.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`action="/connect/session/${session.id}"`);
    expect(html).toContain('<option value="574" selected>Demo Bank</option>');
  });

  it('creates an item when completed and redirects to callback_url with user_uuid, item_id, success, source, context', async () => {
    const before = await h.get<Page>('/v3/aggregation/items', token);
    const session = await openSession({
      user_email: 'demo@bankkit.dev',
      callback_url: 'https://app.example.com/bridge/callback?keep=1',
      context: 'order-42',
      provider_id: 575,
      account_types: 'all',
    });
    const response = await submit(session.url, { outcome: 'success' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://app.example.com/bridge/callback');
    const params = Object.fromEntries(location.searchParams);
    expect(params).toEqual({
      keep: '1',
      user_uuid: h.sandbox.bridge.users[0]?.uuid,
      item_id: expect.stringMatching(/^\d+$/),
      success: 'true',
      source: 'connect',
      context: 'order-42',
    });
    const items = await h.get<Page>('/v3/aggregation/items', token);
    expect(items.resources).toHaveLength(before.resources.length + 1);
    const item = await h.get(`/v3/aggregation/items/${params.item_id}`, token);
    expect(item).toMatchObject({
      id: Number(params.item_id),
      status: 0,
      status_code_info: 'ok',
      provider_id: 575,
      account_types: 'all',
    });
    const accounts = await h.get<Page>(`/v3/aggregation/accounts?item_id=${params.item_id}`, token);
    expect(accounts.resources).toHaveLength(3);
    // Same data through v2.
    const v2 = await fetch(`${h.base}/v2/items/${params.item_id}`, {
      headers: { ...h.app, 'Bridge-Version': '2021-06-01', Authorization: `Bearer ${token}` },
    });
    expect(v2.status).toBe(200);
    // A completed session cannot be used again.
    expect((await fetch(session.url)).status).toBe(410);
    expect((await submit(session.url, { outcome: 'success' })).status).toBe(410);
  });

  it('reports a cancelled flow with success=false and the step', async () => {
    const session = await openSession({
      user_email: 'demo@bankkit.dev',
      callback_url: 'https://app.example.com/cb',
    });
    const count = (await h.get<Page>('/v3/aggregation/items', token)).resources.length;
    const response = await submit(session.url, { outcome: 'failure', step: 'bank_creds_form' });
    expect(response.status).toBe(302);
    const params = Object.fromEntries(new URL(response.headers.get('location') ?? '').searchParams);
    expect(params).toEqual({
      user_uuid: h.sandbox.bridge.users[0]?.uuid,
      success: 'false',
      step: 'bank_creds_form',
      source: 'connect',
    });
    expect((await h.get<Page>('/v3/aggregation/items', token)).resources).toHaveLength(count);
  });

  it('lists the providers of the session country with every requested capability, and connects the one picked', async () => {
    const session = await openSession({
      user_email: 'demo@bankkit.dev',
      country_code: 'DE',
      capabilities: ['aggregation'],
      max_selectable_accounts: 2,
      callback_url: 'https://app.example.com/cb',
    });
    const html = await (await fetch(session.url)).text();
    const offered = [...html.matchAll(/<option value="(\d+)"/g)].map((match) => Number(match[1]));
    const german = (await h.pageAll<Json>('/v3/providers?country_code=DE&capabilities=aggregation&limit=500'))
      .resources;
    expect(offered.sort()).toEqual(german.map((provider) => provider.id as number).sort());
    expect(offered.length).toBeGreaterThan(0);
    expect((await submit(session.url, { outcome: 'success', provider_id: '574' })).status).toBe(400);
    const response = await submit(session.url, { outcome: 'success', provider_id: String(offered[0]) });
    const itemId = new URL(response.headers.get('location') ?? '').searchParams.get('item_id');
    expect(await h.get(`/v3/aggregation/items/${itemId}`, token)).toMatchObject({ provider_id: offered[0] });
    // max_selectable_accounts caps the new item's accounts.
    expect((await h.get<Page>(`/v3/aggregation/accounts?item_id=${itemId}`, token)).resources).toHaveLength(
      2,
    );
  });

  it('shows a status page when there is no callback_url', async () => {
    const session = await openSession({ user_email: 'demo@bankkit.dev' });
    const response = await submit(session.url, { outcome: 'success' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Your bank is connected');
  });

  it('repairs an item needing SCA through a session with item_id (status back to 0, new SCA window)', async () => {
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number;
    h.sandbox.bridge.v3.setItemStatus(itemId, 1010);
    const broken = await h.get(`/v3/aggregation/items/${itemId}`, token);
    expect(broken).toMatchObject({ status: 1010, status_code_info: 'otp_required' });
    h.sandbox.clock.advance(86_400_000);
    token = await h.token(); // the old one expired with the day
    const session = await openSession({
      user_email: 'demo@bankkit.dev',
      item_id: itemId,
      callback_url: 'https://app.example.com/cb',
    });
    expect(await (await fetch(session.url)).text()).toContain('Authenticate again');
    const response = await submit(session.url, { outcome: 'success' });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('item_id')).toBe(String(itemId));
    const repaired = (await h.get(`/v3/aggregation/items/${itemId}`, token)) as {
      status: number;
      status_code_info: string;
      authentication_expires_at: string;
    };
    expect(repaired.status).toBe(0);
    expect(repaired.status_code_info).toBe('ok');
    const window = Date.parse(repaired.authentication_expires_at) - h.sandbox.clock.nowMs();
    expect(Math.abs(window - 180 * 86_400_000)).toBeLessThan(60_000);
  });

  it.each([
    [{}, 'user_email', 'missing_parameter'],
    [{ user_email: 'a@b.c', context: 'no spaces allowed' }, 'context', 'invalid_parameter'],
    [{ user_email: 'a@b.c', context: 'x'.repeat(101) }, 'context', 'invalid_parameter'],
    [{ user_email: 'a@b.c', callback_url: 'not a url' }, 'callback_url', 'invalid_parameter'],
    [{ user_email: 'a@b.c', account_types: 'savings' }, 'account_types', 'invalid_parameter'],
    [{ user_email: 'a@b.c', country_code: 'US' }, 'country_code', 'invalid_parameter'],
    [{ user_email: 'a@b.c', provider_id: 1 }, 'provider_id', 'invalid_parameter'],
    [{ user_email: 'a@b.c', capabilities: 'aggregation' }, 'capabilities', 'invalid_parameter'],
    [{ user_email: 'a@b.c', allow_account_selection: 'yes' }, 'allow_account_selection', 'invalid_parameter'],
  ])('refuses %j with 400 on %s', async (body, property, code) => {
    const response = await h.call('/v3/aggregation/connect-sessions', { method: 'POST', token, body });
    expect(response.status).toBe(400);
    expect(await v3ErrorOf(response)).toMatchObject({ code, property });
  });

  it('accepts every documented body field', async () => {
    const session = await openSession({
      user_email: 'a@b.c',
      country_code: 'FR',
      capabilities: ['aggregation'],
      allow_account_selection: false,
      max_selectable_accounts: 2,
      callback_url: 'https://app.example.com/cb',
      context: 'abc-123',
      account_types: 'payment',
      provider_id: 574,
    });
    expect(session.id).toBeTruthy();
  });

  it("answers 404 to an item that is not the user's, and 401 without a token", async () => {
    const response = await h.call('/v3/aggregation/connect-sessions', {
      method: 'POST',
      token,
      body: { user_email: 'a@b.c', item_id: 1 },
    });
    expect(response.status).toBe(404);
    const anonymous = await h.call('/v3/aggregation/connect-sessions', {
      method: 'POST',
      body: { user_email: 'a@b.c' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('serves 404 for an unknown session page', async () => {
    expect((await fetch(`${h.base}/connect/session/unknown`)).status).toBe(404);
  });
});

describe('Bridge v3 user-management sessions', () => {
  it('opens a session (201 {id, url}) whose page offers to repair broken items or add one', async () => {
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number;
    h.sandbox.bridge.v3.setItemStatus(itemId, 402, 'wrong_pwd');
    const broken = await h.get(`/v3/aggregation/items/${itemId}`, token);
    expect(broken).toMatchObject({ status: 402, status_code_info: 'wrong_pwd' });
    const session = await openSession(
      { callback_url: 'https://app.example.com/manage', context: 'm-1', account_types: 'payment' },
      '/v3/aggregation/user-management-sessions',
    );
    const html = await (await fetch(session.url)).text();
    expect(html).toContain(`item ${itemId}, status 402`);
    expect(html).toContain('<select name="provider_id">');
    const response = await submit(session.url, { outcome: 'success', item_id: String(itemId) });
    const params = Object.fromEntries(new URL(response.headers.get('location') ?? '').searchParams);
    expect(params).toMatchObject({ item_id: String(itemId), success: 'true', context: 'm-1' });
    expect(await h.get(`/v3/aggregation/items/${itemId}`, token)).toMatchObject({
      status: 0,
      status_code_info: 'ok',
    });
    expect(h.sandbox.bridge.v3.sessions(h.sandbox.bridge.users[0]?.uuid).at(-1)).toMatchObject({
      kind: 'user-management',
      completed: true,
    });
  });

  it('is completed from code too (control), returning the callback URL', async () => {
    const session = await openSession(
      { callback_url: 'https://app.example.com/manage' },
      '/v3/aggregation/user-management-sessions',
    );
    const done = h.sandbox.bridge.v3.completeConnectSession(session.url, { accounts: 2, transactions: 10 });
    expect(done.success).toBe(true);
    expect(done.accountIds).toHaveLength(2);
    expect(done.callbackUrl).toContain(`item_id=${done.itemId}`);
  });
});
