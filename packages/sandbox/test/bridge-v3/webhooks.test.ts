import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Json, type Receiver, startReceiver, startV3, type V3Harness } from './helpers.js';

type Event = { content: Json; timestamp: number; type: string };

const SECRET = 'whsec_test_secret_one';

let h: V3Harness | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await h?.sandbox.close();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

function hmacHex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** The signature values of a header, `v1=` scheme only. */
function values(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
}

function events(r: Receiver): Event[] {
  return r.received.map((entry) => JSON.parse(entry.body) as Event);
}

async function connectItem(harness: V3Harness): Promise<number> {
  const token = await harness.token();
  const response = await harness.call('/v3/aggregation/connect-sessions', {
    method: 'POST',
    token,
    body: { user_email: 'demo@bankkit.dev' },
  });
  const { url } = (await response.json()) as { url: string };
  return harness.sandbox.bridge.v3.completeConnectSession(url, { accounts: 2, transactions: 5 })
    .itemId as number;
}

describe('Bridge v3 webhooks: signing and events', () => {
  it('signs the raw body with HMAC-SHA256 (v1=, upper-case hex) and sends item.created, item.account.created, item.refreshed on Connect', async () => {
    receiver = await startReceiver();
    h = await startV3({ bridge: { v3: { webhooks: [{ url: receiver.url, secret: SECRET }] } } });
    const itemId = await connectItem(h);
    await h.sandbox.bridge.v3.webhooks.settled();

    expect(receiver.received.length).toBe(4);
    for (const entry of receiver.received) {
      expect(entry.contentType).toBe('application/json');
      expect(entry.signature).toBe(`v1=${hmacHex(SECRET, entry.body).toUpperCase()}`);
      // One changed byte breaks it.
      expect(values(entry.signature)).not.toContain(hmacHex(SECRET, `${entry.body} `).toUpperCase());
    }
    const got = events(receiver);
    expect(got.map((event) => event.type)).toEqual([
      'item.created',
      'item.account.created',
      'item.account.created',
      'item.refreshed',
    ]);
    const user = h.sandbox.bridge.users[0]?.uuid;
    expect(got[0]).toEqual({
      content: { item_id: itemId, user_uuid: user },
      timestamp: expect.any(Number),
      type: 'item.created',
    });
    expect(got[0]?.timestamp).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(Object.keys(got[0] as object)).toEqual(['content', 'timestamp', 'type']);
    expect(got[1]?.content).toEqual({
      account_id: expect.any(Number),
      balance: expect.any(Number),
      item_id: itemId,
      user_uuid: user,
    });
    expect(got[3]?.content).toEqual({
      item_id: itemId,
      user_uuid: user,
      status_code: 0,
      status_code_info: 'ok',
      full_refresh: true,
      refresh_trigger: 'connect',
      account_types: 'payment',
      authentication_expires_at: expect.stringMatching(/Z$/),
    });
    const deliveries = h.sandbox.bridge.v3.webhooks.deliveries();
    expect(deliveries.map((d) => [d.type, d.status, d.ok, d.attempt])).toEqual(
      got.map((e) => [e.type, 200, true, 1]),
    );
  });

  it('announces bank activity on refresh: item.account.updated with new/updated/deleted counts, then item.refreshed', async () => {
    receiver = await startReceiver();
    h = await startV3({
      bridge: { transactionsPerUser: 50, v3: { webhooks: [{ url: receiver.url, secret: SECRET }] } },
    });
    const v3 = h.sandbox.bridge.v3;
    const [first, second] = h.sandbox.bridge.control.accounts('demo@bankkit.dev');
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number;
    const a = v3.addTransaction({ accountId: first?.id as number, amount: -10 });
    v3.addTransaction({ accountId: first?.id as number, amount: -11, future: true });
    v3.modifyTransaction(a.id, { description: 'Renamed' });
    const pending = v3.addTransaction({ accountId: second?.id as number, amount: -5, future: true });
    v3.bookTransaction(pending.id);
    v3.deleteTransaction(a.id);
    const result = v3.refreshItem(itemId);
    await v3.webhooks.settled();

    expect(result.accounts).toEqual([
      { accountId: first?.id, nbNew: 2, nbUpdated: 1, nbDeleted: 1 },
      { accountId: second?.id, nbNew: 2, nbUpdated: 0, nbDeleted: 1 },
    ]);
    const got = events(receiver);
    expect(got.map((event) => event.type)).toEqual([
      'item.account.updated',
      'item.account.updated',
      'item.refreshed',
    ]);
    expect(got[0]?.content).toMatchObject({
      account_id: first?.id,
      item_id: itemId,
      nb_new_transactions: 2,
      nb_updated_transactions: 1,
      nb_deleted_transactions: 1,
    });
    expect(got[2]?.content).toMatchObject({
      item_id: itemId,
      refresh_trigger: 'scheduler',
      full_refresh: false,
    });
    // Counts start again from zero: a refresh with no activity announces only item.refreshed.
    v3.refreshItem(itemId);
    await v3.webhooks.settled();
    expect(
      events(receiver)
        .slice(3)
        .map((event) => event.type),
    ).toEqual(['item.refreshed']);
  });

  it('reports an item needing SCA in item.refreshed (status_code 1010, otp_required)', async () => {
    receiver = await startReceiver();
    h = await startV3({ bridge: { v3: { webhooks: [{ url: receiver.url, events: ['item.refreshed'] }] } } });
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number;
    h.sandbox.bridge.v3.setItemStatus(itemId, 1010);
    h.sandbox.bridge.v3.refreshItem(itemId, { trigger: 'scheduler' });
    await h.sandbox.bridge.v3.webhooks.settled();
    expect(events(receiver)[0]?.content).toMatchObject({
      item_id: itemId,
      status_code: 1010,
      status_code_info: 'otp_required',
    });
  });

  it('sends item.deleted, user.deleted and item.account.deleted', async () => {
    receiver = await startReceiver();
    h = await startV3({ bridge: { users: 2, v3: { webhooks: [{ url: receiver.url, secret: SECRET }] } } });
    const token = await h.token();
    const [account] = h.sandbox.bridge.control.accounts('demo@bankkit.dev');
    h.sandbox.bridge.v3.closeAccount(account?.id as number);
    const itemId = h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id;
    expect((await h.call(`/v3/aggregation/items/${itemId}`, { method: 'DELETE', token })).status).toBe(204);
    const second = h.sandbox.bridge.users[1]?.uuid;
    expect((await h.call(`/v3/aggregation/users/${second}`, { method: 'DELETE' })).status).toBe(204);
    await h.sandbox.bridge.v3.webhooks.settled();
    const user = h.sandbox.bridge.users[0]?.uuid;
    expect(events(receiver).map((event) => [event.type, event.content])).toEqual([
      ['item.account.deleted', { account_id: account?.id, item_id: itemId, user_uuid: user }],
      ['item.deleted', { item_id: itemId, user_uuid: user }],
      ['user.deleted', { user_uuid: second }],
    ]);
  });

  it('sends an endpoint only the events it subscribed to', async () => {
    receiver = await startReceiver();
    h = await startV3();
    h.sandbox.bridge.v3.webhooks.add({ url: receiver.url, secret: SECRET, events: ['item.refreshed'] });
    await connectItem(h);
    await h.sandbox.bridge.v3.webhooks.settled();
    expect(events(receiver).map((event) => event.type)).toEqual(['item.refreshed']);
    expect(() =>
      h?.sandbox.bridge.v3.webhooks.add({ url: receiver?.url ?? '', events: ['item.exploded'] }),
    ).toThrow(/unknown webhook event/);
  });

  it('can sign in lower-case hex (the other reading of the digest case)', async () => {
    receiver = await startReceiver();
    h = await startV3({
      bridge: { v3: { signatureCase: 'lower', webhooks: [{ url: receiver.url, secret: SECRET }] } },
    });
    await connectItem(h);
    await h.sandbox.bridge.v3.webhooks.settled();
    const entry = receiver.received[0];
    expect(entry?.signature).toBe(`v1=${hmacHex(SECRET, entry?.body ?? '')}`);
  });
});

describe('Bridge v3 webhooks: secret rotation', () => {
  it('signs with both secrets for 24 h after a rotation (two v1= values, newest first), then with the new one only', async () => {
    receiver = await startReceiver();
    h = await startV3({ bridge: { v3: { webhooks: [{ url: receiver.url, secret: SECRET }] } } });
    const hooks = h.sandbox.bridge.v3.webhooks;
    const [endpoint] = hooks.list();
    const rotated = hooks.rotateSecret(endpoint?.id as string, 'whsec_two');
    expect(rotated.secrets).toEqual(['whsec_two', SECRET]);
    await connectItem(h);
    await hooks.settled();
    for (const entry of receiver.received) {
      expect(values(entry.signature)).toEqual([
        hmacHex('whsec_two', entry.body).toUpperCase(),
        hmacHex(SECRET, entry.body).toUpperCase(),
      ]);
      expect(entry.signature).toMatch(/^v1=[0-9A-F]{64},v1=[0-9A-F]{64}$/);
    }
    h.sandbox.clock.advance(24 * 3600_000 + 1);
    expect(hooks.list()[0]?.secrets).toEqual(['whsec_two']);
    const before = receiver.received.length;
    h.sandbox.bridge.v3.refreshItem(h.sandbox.bridge.control.items('demo@bankkit.dev')[0]?.id as number);
    await hooks.settled();
    const late = receiver.received[before];
    expect(late?.signature).toBe(`v1=${hmacHex('whsec_two', late?.body ?? '').toUpperCase()}`);
  });

  it('keeps at most two active secrets: a second rotation within 24 h drops the oldest', async () => {
    h = await startV3();
    const hooks = h.sandbox.bridge.v3.webhooks;
    const endpoint = hooks.add({ url: 'http://127.0.0.1:9/unused', secret: 'one' });
    hooks.rotateSecret(endpoint.id, 'two');
    const third = hooks.rotateSecret(endpoint.id, 'three');
    expect(third.secrets).toEqual(['three', 'two']);
    const generated = hooks.rotateSecret(endpoint.id);
    expect(generated.secrets[0]).toMatch(/^whsec_[0-9a-f]{40}$/);
    expect(generated.secrets).toHaveLength(2);
    hooks.remove(endpoint.id);
    expect(hooks.list()).toEqual([]);
  });
});

describe('Bridge v3 webhooks: delivery and retries', () => {
  it('retries a failed delivery after the configured delays, in order, and records every attempt', async () => {
    // The first two attempts fail (500, 503), the third succeeds.
    receiver = await startReceiver((n) => (n === 0 ? 500 : n === 1 ? 503 : 200));
    h = await startV3({
      bridge: {
        v3: {
          webhookRetryDelaysMs: [0, 0, 0],
          webhooks: [{ url: receiver.url, secret: SECRET, events: ['item.created', 'item.refreshed'] }],
        },
      },
    });
    await connectItem(h);
    await h.sandbox.bridge.v3.webhooks.settled();
    const deliveries = h.sandbox.bridge.v3.webhooks.deliveries();
    expect(deliveries.map((d) => [d.type, d.attempt, d.status, d.ok, d.willRetry])).toEqual([
      ['item.created', 1, 500, false, true],
      ['item.created', 2, 503, false, true],
      ['item.created', 3, 200, true, false],
      ['item.refreshed', 1, 200, true, false],
    ]);
    // Per endpoint, in order: item.refreshed waited for item.created to be delivered.
    expect(events(receiver).map((event) => event.type)).toEqual([
      'item.created',
      'item.created',
      'item.created',
      'item.refreshed',
    ]);
    expect(new Set(receiver.received.slice(0, 3).map((entry) => entry.body)).size).toBe(1);
  });

  it('gives up after the last retry; a receiver that is down is recorded as an error', async () => {
    receiver = await startReceiver(() => 500);
    const down = await startReceiver();
    const downUrl = down.url;
    await down.close();
    h = await startV3({
      bridge: {
        v3: {
          webhookRetryDelaysMs: [0],
          webhooks: [
            { url: receiver.url, events: ['item.created'] },
            { url: downUrl, events: ['item.created'] },
          ],
        },
      },
    });
    await connectItem(h);
    await h.sandbox.bridge.v3.webhooks.settled();
    const deliveries = h.sandbox.bridge.v3.webhooks.deliveries();
    const toReceiver = deliveries.filter((d) => d.url === receiver?.url);
    expect(toReceiver.map((d) => [d.attempt, d.status, d.willRetry])).toEqual([
      [1, 500, true],
      [2, 500, false],
    ]);
    const toDown = deliveries.filter((d) => d.url === downUrl);
    expect(toDown).toHaveLength(2);
    expect(toDown.every((d) => d.status === undefined && typeof d.error === 'string' && !d.ok)).toBe(true);
  });

  it('gives up on a receiver that never answers after the timeout', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      h = await startV3({
        bridge: {
          v3: {
            webhookTimeoutMs: 50,
            webhookRetryDelaysMs: [],
            webhooks: [{ url: `http://127.0.0.1:${port}/hook`, events: ['item.created'] }],
          },
        },
      });
      await connectItem(h);
      await h.sandbox.bridge.v3.webhooks.settled();
      expect(h.sandbox.bridge.v3.webhooks.deliveries()).toEqual([
        expect.objectContaining({ type: 'item.created', ok: false, error: 'timeout', willRetry: false }),
      ]);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('settles at once when nothing is queued', async () => {
    h = await startV3();
    await expect(h.sandbox.bridge.v3.webhooks.settled()).resolves.toBeUndefined();
  });
});
