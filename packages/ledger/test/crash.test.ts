import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SqliteLedger } from '../src/index.js';

it('a process killed (SIGKILL) while committing leaves every batch with its cursor, or neither', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'bankkit-crash-'));
  try {
    const path = join(folder, 'ledger.db');
    const child = fork(fileURLToPath(new URL('./crash-writer.mjs', import.meta.url)), [path], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // The built package, as an app runs it (not the test run's source conditions).
      execArgv: [],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
    });
    // Let it commit a while longer, then kill it wherever it is.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const ledger = new SqliteLedger(path);
    const cursor = await ledger.getCursor('crash');
    const committed = Number(cursor?.slice(1));
    expect(committed).toBeGreaterThanOrEqual(3);
    const rows = await ledger.listTransactions({ source: 'crash' });
    expect(rows).toHaveLength(committed * 50);
    expect(new Set(rows.map((row) => row.id.split('-')[0]))).toEqual(
      new Set(Array.from({ length: committed }, (_, n) => String(n + 1))),
    );
    ledger.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
