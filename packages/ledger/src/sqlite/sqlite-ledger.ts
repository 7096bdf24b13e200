import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  ConfigurationError,
  InvalidInputError,
  type LedgerQuery,
  type SyncBatch,
  type Transaction,
  type TransactionLedger,
} from '@bankkit/core';
import { loadSqlite } from './load-sqlite.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Options of {@link SqliteLedger}. */
export interface SqliteLedgerOptions {
  /**
   * How long a write waits for another process holding the file, in milliseconds. Default 5,000.
   */
  busyTimeoutMs?: number;
}

/** How many rows each source holds, and its cursor. */
export interface LedgerSourceInfo {
  source: string;
  transactions: number;
  /** When its last batch was committed (ISO 8601). */
  committedAt?: string;
}

/**
 * The sync ledger in one SQLite file (Node's built-in `node:sqlite`, no native dependency): every
 * synced transaction and one cursor per source. {@link SqliteLedger.applyBatch} writes a batch and its
 * cursor in one transaction (WAL journal, `synchronous=FULL`), so after a crash at any moment the
 * file holds both or neither. Queries are answered from the file alone.
 *
 * @example
 * ```ts
 * const ledger = new SqliteLedger('bankkit.db');
 * await syncProvider(provider, ledger);
 * const rows = await ledger.listTransactions({ accountIds: ['123'], from: '2026-01-01' });
 * ledger.close();
 * ```
 */
export class SqliteLedger implements TransactionLedger {
  /** Where the file is (`:memory:` for a ledger that lives in memory only). */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #delete: StatementSync;
  readonly #getCursor: StatementSync;
  readonly #setCursor: StatementSync;

  /**
   * Opens (creating when missing) the ledger file at `path`.
   * @throws ConfigurationError when Node has no `node:sqlite`, or the file is of a newer schema.
   */
  constructor(path: string, options: SqliteLedgerOptions = {}) {
    if (typeof path !== 'string' || path === '') {
      throw new InvalidInputError('SqliteLedger needs the path of its database file.', { field: 'path' });
    }
    const { DatabaseSync } = loadSqlite();
    this.path = path;
    this.#db = new DatabaseSync(path);
    try {
      this.#db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec('PRAGMA synchronous = FULL');
      this.#db.exec(SCHEMA);
      this.#checkSchemaVersion();
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#upsert = this.#db.prepare(
      `INSERT INTO transactions (source, id, provider, account_id, booking_date, status, amount, currency, description, pending_transaction_id, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, id) DO UPDATE SET provider = excluded.provider, account_id = excluded.account_id,
         booking_date = excluded.booking_date, status = excluded.status, amount = excluded.amount,
         currency = excluded.currency, description = excluded.description,
         pending_transaction_id = excluded.pending_transaction_id, data = excluded.data`,
    );
    this.#delete = this.#db.prepare('DELETE FROM transactions WHERE source = ? AND id = ?');
    this.#getCursor = this.#db.prepare('SELECT cursor FROM sync_cursors WHERE source = ?');
    this.#setCursor = this.#db.prepare(
      `INSERT INTO sync_cursors (source, cursor, committed_at) VALUES (?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, committed_at = excluded.committed_at`,
    );
  }

  #checkSchemaVersion(): void {
    const row = this.#db.prepare("SELECT value FROM bankkit_meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    if (row === undefined) {
      this.#db
        .prepare("INSERT INTO bankkit_meta (key, value) VALUES ('schema_version', ?)")
        .run(String(SCHEMA_VERSION));
      return;
    }
    if (Number(row.value) > SCHEMA_VERSION) {
      throw new ConfigurationError(
        `The ledger ${this.path} was written by a newer bankkit (schema ${row.value}; this one reads ${SCHEMA_VERSION}). Upgrade @bankkit/ledger.`,
      );
    }
  }

  /** The cursor stored for `source`; undefined when it was never synced. */
  async getCursor(source: string): Promise<string | undefined> {
    const row = this.#getCursor.get(source) as { cursor: string } | undefined;
    return row?.cursor;
  }

  /**
   * Upserts `added` and `modified`, deletes `removed` and stores the cursor, in one transaction:
   * if anything fails, nothing of the batch is kept.
   */
  async applyBatch(source: string, batch: SyncBatch): Promise<void> {
    if (typeof source !== 'string' || source === '') {
      throw new InvalidInputError('A ledger source name is required.', { field: 'source' });
    }
    if (typeof batch?.cursor !== 'string' || batch.cursor === '') {
      throw new InvalidInputError('A sync batch must carry its cursor.', { field: 'cursor' });
    }
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const row of batch.added) this.#write(source, row);
      for (const row of batch.modified) this.#write(source, row);
      for (const row of batch.removed) this.#delete.run(source, row.id);
      this.#setCursor.run(source, batch.cursor, new Date().toISOString());
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #write(source: string, row: Transaction): void {
    if (typeof row?.id !== 'string' || row.id === '' || typeof row.accountId !== 'string') {
      throw new InvalidInputError('A synced transaction needs an id and an accountId.', { field: 'id' });
    }
    this.#upsert.run(
      source,
      row.id,
      row.provider,
      row.accountId,
      row.bookingDate,
      row.status,
      row.amount.amount,
      row.amount.currency,
      row.description,
      row.pendingTransactionId ?? null,
      JSON.stringify(row),
    );
  }

  /** Stored rows, newest first, filtered like a provider's `listTransactions`; no network. */
  async listTransactions(query: LedgerQuery = {}): Promise<Transaction[]> {
    const where: string[] = [];
    const parameters: string[] = [];
    if (query.source !== undefined) {
      where.push('source = ?');
      parameters.push(query.source);
    }
    if (query.accountIds !== undefined) {
      if (query.accountIds.length === 0) return [];
      where.push(`account_id IN (${query.accountIds.map(() => '?').join(', ')})`);
      parameters.push(...query.accountIds);
    }
    for (const [field, operator] of [
      ['from', '>='],
      ['to', '<='],
    ] as const) {
      const value = query[field];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !ISO_DATE.test(value)) {
        throw new InvalidInputError(`${field} must be a date written YYYY-MM-DD.`, { field });
      }
      where.push(`booking_date ${operator} ?`);
      parameters.push(value);
    }
    const sql = `SELECT data FROM transactions${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY booking_date DESC, id DESC`;
    const rows = this.#db.prepare(sql).all(...parameters) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as Transaction);
  }

  /**
   * Deletes every row and the cursor of `source`, in one transaction: its next sync starts from the
   * beginning. For a cursor that can no longer be used (`SyncCursorError`), e.g. after switching a
   * login to another API version. Returns how many rows were deleted.
   */
  async forget(source: string): Promise<number> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const { changes } = this.#db.prepare('DELETE FROM transactions WHERE source = ?').run(source);
      this.#db.prepare('DELETE FROM sync_cursors WHERE source = ?').run(source);
      this.#db.exec('COMMIT');
      return Number(changes);
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Every source in the ledger with its row count and last commit time. */
  async sources(): Promise<LedgerSourceInfo[]> {
    const rows = this.#db
      .prepare(
        `SELECT s.source AS source, COUNT(t.id) AS transactions, c.committed_at AS committedAt
         FROM (SELECT source FROM sync_cursors UNION SELECT DISTINCT source FROM transactions) s
         LEFT JOIN transactions t ON t.source = s.source
         LEFT JOIN sync_cursors c ON c.source = s.source
         GROUP BY s.source ORDER BY s.source`,
      )
      .all() as { source: string; transactions: number; committedAt: string | null }[];
    return rows.map((row) => ({
      source: row.source,
      transactions: Number(row.transactions),
      ...(row.committedAt ? { committedAt: row.committedAt } : {}),
    }));
  }

  /** Closes the file. The ledger cannot be used afterwards. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
