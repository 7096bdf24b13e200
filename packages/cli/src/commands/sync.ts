import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SqliteLedger } from '@bankkit/ledger';
import type { ProviderId } from '../config/settings.js';
import type { CommandContext } from '../context.js';
import { openProviders } from '../providers/open-providers.js';
import { resolveTarget, type Target } from '../providers/target.js';
import { defaultLedgerPath } from '../sync/ledger-path.js';
import { syncBanks } from '../sync/sync-banks.js';
import { renderSyncTable } from '../sync/sync-report.js';

/** Options of `bankkit sync`. */
export interface SyncCommandOptions {
  provider: ProviderId[];
  /** The ledger file; default {@link defaultLedgerPath}. */
  db?: string | undefined;
  /** Forget what the ledger holds of the chosen banks and sync them from the beginning. */
  full?: boolean | undefined;
}

/**
 * `bankkit sync`: brings the ledger up to date with every configured bank (or the chosen ones):
 * only what changed since the last sync is fetched, and each batch is committed with its cursor.
 * Progress per bank on stderr; a table of added, modified and removed rows per account on stdout.
 */
export async function syncCommand(context: CommandContext, options: SyncCommandOptions): Promise<void> {
  let target: Target | undefined;
  let ledger: SqliteLedger | undefined;
  try {
    target = await resolveTarget(context);
    const sandbox = target.kind === 'sandbox';
    const path = options.db ?? defaultLedgerPath(context.io.env, sandbox);
    await mkdir(dirname(path), { recursive: true });
    ledger = new SqliteLedger(path);
    const providers = await openProviders(context, target, options.provider);
    if (options.full) {
      for (const { id } of providers) {
        const forgotten = await ledger.forget(id);
        context.info(
          `Forgot ${forgotten.toLocaleString('en-US')} ${id} transactions and their cursor (--full).`,
        );
      }
    }
    context.info(`Syncing into ${path}…`);
    const banks = await syncBanks(context, providers, ledger);
    context.clearProgress();
    context.io.stdout.write(`${renderSyncTable(banks, { sandbox })}\n`);
  } finally {
    context.clearProgress();
    ledger?.close();
    await target?.close();
  }
}
