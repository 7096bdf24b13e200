/**
 * @bankkit/ledger: the sync ledger on SQLite. `SqliteLedger` keeps synced transactions and one
 * cursor per source in a file; `syncProvider` (from `@bankkit/core`, re-exported here) fills it.
 *
 * @packageDocumentation
 */
export {
  type LedgerQuery,
  type SyncCounts,
  type SyncProgress,
  type SyncProviderOptions,
  type SyncSummary,
  syncProvider,
  type TransactionLedger,
} from '@bankkit/core';
export { type LedgerSourceInfo, SqliteLedger, type SqliteLedgerOptions } from './sqlite/sqlite-ledger.js';
