import { type SyncSummary, syncProvider } from '@bankkit/core';
import type { SqliteLedger } from '@bankkit/ledger';
import type { CommandContext } from '../context.js';
import type { OpenedProvider } from '../providers/open-providers.js';
import { type BankSync, progressLine } from './sync-report.js';

/**
 * Syncs each provider into the ledger in turn (its source is the provider id), one progress line
 * per bank on stderr, and returns what each did. A bank that fails stops the command: what it
 * committed before stays, and the next run goes on from there.
 */
export async function syncBanks(
  context: CommandContext,
  providers: readonly OpenedProvider[],
  ledger: SqliteLedger,
): Promise<BankSync[]> {
  const results: BankSync[] = [];
  for (const { id, provider } of providers) {
    const progress = context.startProgress(`Syncing ${id}`);
    const summary: SyncSummary = await syncProvider(provider, ledger, {
      source: id,
      signal: context.signal,
      onProgress: (step) => progress.page(step.added + step.modified + step.removed),
    });
    context.info(progressLine(id, summary));
    const accounts = await provider.listAccounts({ signal: context.signal });
    results.push({
      provider: id,
      summary,
      accountNames: new Map(accounts.map((account) => [account.id, account.name])),
    });
  }
  return results;
}
