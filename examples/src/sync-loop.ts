/**
 * A provider-agnostic sync loop into your own store: what `syncProvider` and `SqliteLedger` do, in
 * fifty lines, for an app that keeps its data elsewhere.
 *
 * The rules that make it exact: ask for the changes since the cursor you stored; apply the batch
 * (upsert `added` and `modified` by id, delete `removed`) and store its cursor in ONE write, so a
 * crash leaves both or neither; call again while `hasMore`; when the provider says the data changed
 * mid-way (`SyncRestartRequiredError`), start again from the cursor the loop began with.
 *
 * Run it against the sandbox (after `pnpm build`):
 *
 *     pnpm exec node examples/src/sync-loop.ts
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BankingProvider, isSyncRestartRequiredError, type Transaction } from '@bankkit/core';
import { connectSandboxBanks } from './sandbox-banks.ts';

/** Everything one bank's sync keeps: the rows by id and the cursor they are current to. */
export interface StoreState {
  cursor?: string;
  rows: Record<string, Transaction>;
}

/** A whole-file JSON store: each save is one atomic rename, so rows and cursor always match. */
export class JsonFileStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<StoreState> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as StoreState;
    } catch {
      return { rows: {} };
    }
  }

  async save(state: StoreState): Promise<void> {
    const temporary = `${this.path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(state));
    await rename(temporary, this.path);
  }
}

/** Brings `store` up to date with `provider`; returns how many rows were added, changed and removed. */
export async function syncInto(
  provider: BankingProvider,
  store: JsonFileStore,
): Promise<{ added: number; modified: number; removed: number }> {
  const counts = { added: 0, modified: 0, removed: 0 };
  const state = await store.load();
  const began = state.cursor;
  for (let restarts = 0; ; ) {
    let batch: Awaited<ReturnType<BankingProvider['syncTransactions']>>;
    try {
      batch = await provider.syncTransactions(state.cursor === undefined ? {} : { cursor: state.cursor });
    } catch (error) {
      if (!isSyncRestartRequiredError(error) || ++restarts > 3) throw error;
      state.cursor = error.restartCursor ?? began;
      continue;
    }
    for (const row of [...batch.added, ...batch.modified]) state.rows[row.id] = row;
    for (const row of batch.removed) delete state.rows[row.id];
    state.cursor = batch.cursor;
    await store.save(state); // rows and cursor together, or not at all
    counts.added += batch.added.length;
    counts.modified += batch.modified.length;
    counts.removed += batch.removed.length;
    if (!batch.hasMore) return counts;
  }
}

async function main(): Promise<void> {
  const banks = await connectSandboxBanks();
  try {
    for (const provider of banks.providers) {
      const store = new JsonFileStore(join(tmpdir(), `bankkit-sync-example-${provider.id}.json`));
      const first = await syncInto(provider, store);
      const second = await syncInto(provider, store);
      const rows = Object.keys((await store.load()).rows).length;
      process.stdout.write(
        `${provider.id}: first sync +${first.added} ~${first.modified} -${first.removed}, ` +
          `second sync +${second.added} ~${second.modified} -${second.removed}; ${rows} rows stored in ${store.path}\n`,
      );
    }
  } finally {
    await banks.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
