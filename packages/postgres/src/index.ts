/**
 * @bankkit/postgres: the sync ledger on PostgreSQL (`PostgresLedger`), with a per-source sync lease
 * so that two workers never sync the same account at once. `syncProvider` (from `@bankkit/core`,
 * re-exported here) fills it.
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
export {
  PostgresLedger,
  type PostgresLedgerOptions,
  type SyncLease,
  type SyncLeaseOptions,
} from './ledger/postgres-ledger.js';
