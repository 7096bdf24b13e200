import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_V3_CONTROL_PREFIX } from '../../src/index.js';
import { type Json, type Receiver, startReceiver, startV3, type V3Harness } from './helpers.js';

let h: V3Harness;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startV3({ bridge: { transactionsPerUser: 20 } });
});
afterAll(async () => {
  await h.sandbox.close();
  await receiver.close();
});

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${h.base}${BRIDGE_V3_CONTROL_PREFIX}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

describe('Bridge v3 control over HTTP', () => {
  it('drives the bank and the webhooks end to end: add, modify, book, delete, refresh, settle', async () => {
    const hook = await control('POST', '/webhooks', { url: receiver.url, secret: 'http-secret' });
    expect(hook.status).toBe(201);
    expect(hook.json).toMatchObject({ id: expect.any(String), url: receiver.url, secrets: ['http-secret'] });
    expect(((await control('GET', '/webhooks')).json as unknown[]).length).toBe(1);

    const accountId = h.sandbox.bridge.control.accounts('demo@bankkit.dev')[0]?.id;
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id;
    const added = await control('POST', '/transactions', {
      account_id: accountId,
      amount: '-8.20',
      description: 'Café',
    });
    expect(added.status).toBe(201);
    const addedRow = added.json as { id: number; amount: string; future: boolean };
    expect(addedRow).toMatchObject({ amount: '-8.2', future: false, deleted: false });
    const modified = await control('PATCH', `/transactions/${addedRow.id}`, { amount: -9 });
    expect(modified.json).toMatchObject({ id: addedRow.id, amount: '-9.0' });
    const pending = (
      await control('POST', '/transactions', { account_id: accountId, amount: -3, future: true })
    ).json as { id: number };
    const booked = await control('POST', `/transactions/${pending.id}/book`, {});
    expect(booked.json).toEqual({ deleted_id: pending.id, booked_id: expect.any(Number) });
    expect((await control('DELETE', `/transactions/${addedRow.id}`)).status).toBe(204);
    expect((await control('GET', `/transactions/${addedRow.id}`)).json).toMatchObject({ deleted: true });

    const refreshed = await control('POST', `/items/${itemId}/refresh`, { trigger: 'api' });
    expect(refreshed.json).toEqual({
      item_id: itemId,
      accounts: [
        {
          account_id: accountId,
          nb_new_transactions: 3,
          nb_updated_transactions: 1,
          nb_deleted_transactions: 2,
        },
      ],
    });
    const settled = await control('POST', '/webhooks/settle');
    expect(settled.status).toBe(200);
    expect((settled.json as { type: string }[]).map((d) => d.type)).toEqual([
      'item.account.updated',
      'item.refreshed',
    ]);
    for (const entry of receiver.received) {
      expect(entry.signature).toBe(
        `v1=${createHmac('sha256', 'http-secret').update(entry.body).digest('hex').toUpperCase()}`,
      );
    }
    const refreshedEvent = JSON.parse(receiver.received[1]?.body ?? '{}') as { content: Json };
    expect(refreshedEvent.content.refresh_trigger).toBe('api');

    const rotated = await control('POST', `/webhooks/${(hook.json as { id: string }).id}/rotate`, {
      secret: 'next',
    });
    expect(rotated.json).toMatchObject({ secrets: ['next', 'http-secret'] });
    expect((await control('GET', '/webhooks/deliveries')).json).toHaveLength(2);
    expect((await control('DELETE', `/webhooks/${(hook.json as { id: string }).id}`)).status).toBe(204);
  });

  it('sets item status, closes accounts, completes sessions, resets', async () => {
    const token = await h.token();
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id;
    expect((await control('PUT', `/items/${itemId}/status`, { status: 1010 })).status).toBe(204);
    expect(await h.get(`/v3/aggregation/items/${itemId}`, token)).toMatchObject({
      status: 1010,
      status_code_info: 'otp_required',
    });
    const session = (await (
      await h.call('/v3/aggregation/connect-sessions', {
        method: 'POST',
        token,
        body: { user_email: 'a@b.c', item_id: itemId, callback_url: 'https://app.example.com/cb' },
      })
    ).json()) as { id: string };
    const done = await control('POST', `/connect-sessions/${session.id}/complete`, {});
    expect(done.json).toMatchObject({
      success: true,
      item_id: itemId,
      callback_url: expect.stringContaining(`item_id=${itemId}`),
    });
    expect((await control('POST', `/connect-sessions/${session.id}/complete`, {})).status).toBe(410);
    const accountId = h.sandbox.bridge.control.accounts('demo@bankkit.dev')[0]?.id;
    expect((await control('DELETE', `/accounts/${accountId}`)).status).toBe(204);
    expect((await control('POST', '/reset')).status).toBe(204);
    expect(h.sandbox.bridge.v3.sessions()).toEqual([]);
  });

  it('answers 400 to bad input and 404 to unknown ids or routes, as {error}', async () => {
    expect(await control('POST', '/transactions', { amount: 1 })).toMatchObject({
      status: 400,
      json: { error: expect.any(String) },
    });
    expect((await control('POST', '/transactions', { account_id: 1, amount: '1.234' })).status).toBe(404);
    const accountId = h.sandbox.bridge.control.accounts('demo@bankkit.dev')[0]?.id;
    expect((await control('POST', '/transactions', { account_id: accountId, amount: '1.234' })).status).toBe(
      400,
    );
    expect((await control('PATCH', '/transactions/12', { amount: 1 })).status).toBe(404);
    expect((await control('POST', '/items/1/refresh')).status).toBe(404);
    expect((await control('GET', '/nothing')).status).toBe(404);
    expect((await control('POST', '/webhooks', { url: 'not a url' })).status).toBe(400);
    expect((await control('POST', '/webhooks', { url: 'file:///etc/passwd' })).status).toBe(400);
    const broken = await fetch(`${h.base}${BRIDGE_V3_CONTROL_PREFIX}/webhooks`, {
      method: 'POST',
      body: '{',
    });
    expect(broken.status).toBe(400);
  });
});
