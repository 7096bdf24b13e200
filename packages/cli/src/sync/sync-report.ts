import type { SyncCounts, SyncSummary } from '@bankkit/core';
import Table from 'cli-table3';
import { isProviderId, PROVIDER_NAMES } from '../config/settings.js';

/** One bank's sync, for the report. */
export interface BankSync {
  provider: string;
  summary: SyncSummary;
  /** Account names by account id, for the rows. */
  accountNames: ReadonlyMap<string, string>;
}

function bankName(provider: string): string {
  return isProviderId(provider) ? PROVIDER_NAMES[provider] : provider;
}

/** One line of progress for a bank: batches so far and the changes they held. */
export function progressLine(provider: string, counts: SyncCounts & { batches: number }): string {
  return `${bankName(provider)}: ${counts.batches} batch${counts.batches === 1 ? '' : 'es'}, +${counts.added} added, ~${counts.modified} modified, -${counts.removed} removed`;
}

/**
 * The changes per account, one row each (accounts without a change are left out), and a total row
 * per bank. `sandbox` marks the rows as sandbox data, as every other table does.
 */
export function renderSyncTable(banks: readonly BankSync[], options: { sandbox?: boolean } = {}): string {
  const table = new Table({
    head: ['Provider', 'Account', 'Added', 'Modified', 'Removed'],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right'],
  });
  const mark = options.sandbox ? ' (sandbox)' : '';
  for (const { provider, summary, accountNames } of banks) {
    const accounts = Object.entries(summary.accounts).sort(([a], [b]) =>
      (accountNames.get(a) ?? a).localeCompare(accountNames.get(b) ?? b),
    );
    for (const [accountId, counts] of accounts) {
      table.push([
        `${bankName(provider)}${mark}`,
        accountNames.get(accountId) ?? accountId,
        String(counts.added),
        String(counts.modified),
        String(counts.removed),
      ]);
    }
    table.push([
      `${bankName(provider)}${mark}`,
      accounts.length === 0 ? '(no changes)' : 'all accounts',
      String(summary.added),
      String(summary.modified),
      String(summary.removed),
    ]);
  }
  return table.toString();
}
