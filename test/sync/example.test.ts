import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { JsonFileStore, syncInto } from '../../examples/src/sync-loop.ts';
import { bridgeProvider, bridgeUser, startSmallSandbox } from './support/sandbox.js';

it('the example sync loop keeps its own store equal to the bank', async () => {
  const sandbox = await startSmallSandbox(61, { bridge: { transactionsPerUser: 40 } });
  const folder = mkdtempSync(join(tmpdir(), 'bankkit-example-'));
  try {
    const provider = bridgeProvider(sandbox, { syncPageSize: 15 });
    const store = new JsonFileStore(join(folder, 'store.json'));
    expect(await syncInto(provider, store)).toMatchObject({ added: 40, removed: 0 });
    const user = bridgeUser(sandbox).email;
    const [first, second] = sandbox.bridge.control.transactions(user);
    sandbox.clock.advance(1_000);
    sandbox.bridge.control.deleteTransaction(user, first?.id ?? 0);
    sandbox.bridge.control.updateTransaction(user, second?.id ?? 0, { amount: '-7.00' });
    sandbox.bridge.control.addTransaction(user, { amount: '-1.00' });
    expect(await syncInto(provider, store)).toEqual({ added: 1, modified: 1, removed: 1 });
    const stored = (await store.load()).rows;
    expect(Object.keys(stored).sort()).toEqual(
      sandbox.bridge.control
        .transactions(user)
        .map((row) => String(row.id))
        .sort(),
    );
    expect(stored[String(second?.id)]?.amount.amount).toBe('-7.00');
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await sandbox.close();
  }
});
