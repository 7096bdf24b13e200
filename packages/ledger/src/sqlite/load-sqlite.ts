import { ConfigurationError } from '@bankkit/core';

/** The `node:sqlite` module. */
export type NodeSqlite = typeof import('node:sqlite');

let loaded: NodeSqlite | undefined;

/**
 * Node's built-in SQLite, loaded on first use. It exists from Node 22.5 and works without a flag
 * from 22.13; on an older Node this says so instead of failing at import time.
 * @throws ConfigurationError when this Node has no usable `node:sqlite`.
 */
export function loadSqlite(): NodeSqlite {
  if (loaded) return loaded;
  let module: NodeSqlite | undefined;
  try {
    module = process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
  } catch {
    module = undefined;
  }
  if (!module?.DatabaseSync) {
    throw new ConfigurationError(
      `SqliteLedger needs Node's built-in SQLite (node:sqlite), available without a flag from Node 22.13; this is Node ${process.versions.node}. Upgrade Node, or implement TransactionLedger on another store.`,
    );
  }
  loaded = module;
  return module;
}
