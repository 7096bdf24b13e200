import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../../../examples/src/bridge-webhook-receiver.ts';
import type { BridgeWebhookEvent } from '../../src/v3/index.js';
import { useV3Sandbox } from './v3-sandbox.js';

// One retry, at once: a refused delivery is retried, but no test waits for real seconds.
const h = useV3Sandbox({ bridge: { v3: { webhookRetryDelaysMs: [0] } } });

const SECRET = 'whsec-e2e-current-4b7e1c9d';
const received: BridgeWebhookEvent[] = [];
const warnings: string[] = [];
let receiverUrl = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const server = createWebhookReceiver({
    secrets: [SECRET],
    onEvent: (event) => {
      received.push(event);
    },
    log: { info: () => {}, warn: (line: string) => warnings.push(line) },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bridge/webhooks`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close();
});

describe('the sandbox delivers signed webhooks to the example receiver', () => {
  it('connect flow: item.created, item.account.created per account and item.refreshed, all verified', async () => {
    const hooks = h.sandbox.bridge.v3.webhooks;
    const endpoint = hooks.add({ url: receiverUrl, secret: SECRET });
    try {
      received.length = 0;
      const session = await h.user().createConnectSession({ userEmail: 'jane@example.com' });
      const done = h.sandbox.bridge.v3.completeConnectSession(session.id);
      await hooks.settled();

      const deliveries = hooks.deliveries().filter((d) => d.endpointId === endpoint.id);
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) expect(delivery.status).toBe(200);

      const types = received.map((event) => event.type);
      expect(types).toContain('item.created');
      expect(types).toContain('item.refreshed');
      expect(types.filter((t) => t === 'item.account.created')).toHaveLength(done.accountIds.length);
      for (const event of received) {
        expect(event.known).toBe(true);
        if (event.known && event.type !== 'user.deleted') expect(event.content.item_id).toBe(done.itemId);
      }
    } finally {
      hooks.remove(endpoint.id);
    }
  });

  it('bank activity then a refresh: item.account.updated with the counts', async () => {
    const hooks = h.sandbox.bridge.v3.webhooks;
    const endpoint = hooks.add({ url: receiverUrl, secret: SECRET });
    try {
      const user = h.user();
      const [account] = (await user.listAccounts()).resources;
      if (!account) throw new Error('no account');
      const v3 = h.sandbox.bridge.v3;
      v3.addTransaction({ accountId: Number(account.id), amount: '-3.20' });
      v3.addTransaction({ accountId: Number(account.id), amount: '-7.00' });
      const pending = v3.addTransaction({ accountId: Number(account.id), amount: '-1.00', future: true });
      v3.deleteTransaction(pending.id);
      received.length = 0;
      v3.refreshItem(Number(account.item_id));
      await hooks.settled();

      const updated = received.find(
        (event) =>
          event.known &&
          event.type === 'item.account.updated' &&
          String(event.content.account_id) === String(account.id),
      );
      if (!updated?.known || updated.type !== 'item.account.updated')
        throw new Error('no item.account.updated');
      expect(updated.content.nb_new_transactions).toBeGreaterThanOrEqual(2);
      expect(updated.content.nb_deleted_transactions).toBeGreaterThanOrEqual(1);
    } finally {
      hooks.remove(endpoint.id);
    }
  });

  it('during a rotation the header carries two v1 values, and a receiver knowing either secret accepts', async () => {
    const hooks = h.sandbox.bridge.v3.webhooks;
    const endpoint = hooks.add({ url: receiverUrl, secret: SECRET });
    try {
      // The receiver still has only the previous secret: the new one is in the header too.
      hooks.rotateSecret(endpoint.id, 'whsec-e2e-next-9a8b7c6d');
      received.length = 0;
      const [item] = (await h.user().listItems()).resources;
      if (!item) throw new Error('no item');
      h.sandbox.bridge.v3.refreshItem(Number(item.id));
      await hooks.settled();
      const deliveries = hooks.deliveries().filter((d) => d.endpointId === endpoint.id);
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) {
        expect(delivery.signature.split(',')).toHaveLength(2);
        expect(delivery.status).toBe(200);
      }
      expect(received.some((event) => event.type === 'item.refreshed')).toBe(true);
    } finally {
      hooks.remove(endpoint.id);
    }
  });

  it('a delivery signed with a secret the receiver does not know is refused with 401 (and retried)', async () => {
    const hooks = h.sandbox.bridge.v3.webhooks;
    const endpoint = hooks.add({ url: receiverUrl, secret: 'whsec-some-other-app-0000' });
    try {
      received.length = 0;
      warnings.length = 0;
      const [item] = (await h.user().listItems()).resources;
      if (!item) throw new Error('no item');
      h.sandbox.bridge.v3.refreshItem(Number(item.id));
      await hooks.settled();
      const deliveries = hooks.deliveries().filter((d) => d.endpointId === endpoint.id);
      expect(deliveries.length).toBeGreaterThan(0);
      for (const delivery of deliveries) expect(delivery.status).toBe(401);
      expect(deliveries.some((d) => d.attempt === 2)).toBe(true);
      expect(received).toEqual([]);
      expect(warnings.some((line) => line.includes('signature_mismatch'))).toBe(true);
    } finally {
      hooks.remove(endpoint.id);
    }
  });
});
