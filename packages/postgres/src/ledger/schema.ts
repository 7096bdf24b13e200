/** The schema version this code writes; a database of a newer one is refused. */
export const SCHEMA_VERSION = 1;

/** A quoted SQL identifier. */
export function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Tables and indexes of the ledger in `schema` (idempotent). */
export function schemaStatements(schema: string): string[] {
  const s = identifier(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.bankkit_meta (
      key text PRIMARY KEY,
      value text NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.sync_cursors (
      source text PRIMARY KEY,
      cursor text NOT NULL,
      committed_at timestamptz NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.transactions (
      source text NOT NULL,
      id text NOT NULL,
      provider text NOT NULL,
      account_id text NOT NULL,
      booking_date text NOT NULL,
      status text NOT NULL,
      amount text NOT NULL,
      currency text NOT NULL,
      description text NOT NULL,
      pending_transaction_id text,
      data jsonb NOT NULL,
      PRIMARY KEY (source, id)
    )`,
    `CREATE INDEX IF NOT EXISTS transactions_by_account_date ON ${s}.transactions (account_id, booking_date)`,
    `CREATE INDEX IF NOT EXISTS transactions_by_date ON ${s}.transactions (booking_date)`,
  ];
}
