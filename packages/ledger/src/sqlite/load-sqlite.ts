import { ConfigurationError } from '@bankkit/core';

/** The `node:sqlite` module. */
export type NodeSqlite = typeof import('node:sqlite');

let loaded: NodeSqlite | undefined;

/**
 * Node's built-in SQLite, loaded on first use. It exists from Node 22.5 and works without a flag
 * from 22.13 and 23.4; on an older Node this says so instead of failing at import time.
 * @throws ConfigurationError when this Node has no usable `node:sqlite`.
 */
export function loadSqlite(): NodeSqlite {
  if (loaded) return loaded;
  let module: NodeSqlite | undefined;
  // Node flags node:sqlite as experimental and warns once on load. That one warning is left out:
  // a command-line tool built on the ledger would otherwise print it on every run. Any other
  // warning emitted meanwhile goes through.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning?.message;
    if (typeof text === 'string' && text.startsWith('SQLite is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    module = process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
  } catch {
    module = undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
  if (!module?.DatabaseSync) {
    throw new ConfigurationError(
      `SqliteLedger needs Node's built-in SQLite (node:sqlite), available without a flag from Node 22.13 (23.4 on the 23 line); this is Node ${process.versions.node}. Upgrade Node, or implement TransactionLedger on another store.`,
    );
  }
  loaded = module;
  return module;
}
