import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeHarness, startBridge } from './helpers.js';

type Row = { id: number; date: string; is_deleted: boolean };

let h: BridgeHarness;
let token: string;

beforeAll(async () => {
  h = await startBridge({ bridge: { transactionsPerUser: 100_000 } });
  token = await h.login();
});
afterAll(() => h.sandbox.close());

describe('Bridge pagination at volume', () => {
  it('serves 100,000 transactions at limit 500: every one exactly once, newest first, fast', async () => {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { resources, pages } = await h.pageAll<Row>('/v2/transactions?limit=500', token);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - started;
    // Server and client share this process, so its CPU time is what one core needs for the whole
    // exchange; wall time also counts waiting for other processes on a busy machine.
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `[sandbox] paged ${resources.length} Bridge transactions in ${pages} pages of 500: ` +
        `${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (server + client)`,
    );
    expect(resources).toHaveLength(100_000);
    expect(pages).toBe(200);
    expect(new Set(resources.map((row) => row.id)).size).toBe(100_000);
    expect(resources.every((row) => row.is_deleted === false)).toBe(true);
    for (let i = 1; i < resources.length; i++) {
      const previous = resources[i - 1] as Row;
      const row = resources[i] as Row;
      const ordered = previous.date > row.date || (previous.date === row.date && previous.id > row.id);
      if (!ordered) throw new Error(`order broken at ${i}: ${JSON.stringify([previous, row])}`);
    }
    // Nothing is missing either: the ids served are exactly the user's live transactions.
    expect(h.sandbox.bridge.control.transactionCount('demo@bankkit.dev')).toBe(100_000);
    expect(h.sandbox.requests.count({ path: '/v2/transactions' })).toBe(200);
    expect(cpuMs).toBeLessThan(2_000);
  });
});
