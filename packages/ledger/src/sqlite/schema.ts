/** The schema version this code writes; a ledger file of a newer one is refused. */
export const SCHEMA_VERSION = 1;

/** Tables and indexes of a ledger file (idempotent). */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS bankkit_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sync_cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  committed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transactions (
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  provider TEXT NOT NULL,
  account_id TEXT NOT NULL,
  booking_date TEXT NOT NULL,
  status TEXT NOT NULL,
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  description TEXT NOT NULL,
  pending_transaction_id TEXT,
  data TEXT NOT NULL,
  PRIMARY KEY (source, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS transactions_by_account_date ON transactions (account_id, booking_date);
CREATE INDEX IF NOT EXISTS transactions_by_date ON transactions (booking_date);
`;
