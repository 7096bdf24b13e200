import { InvalidInputError, type LedgerQuery, type SyncBatch, type Transaction } from '@bankkit/core';
import { identifier } from './schema.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What runs one statement: a pool, a pooled client or a lease's own session. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** The SQL of one ledger, bound to its schema. */
export class LedgerStatements {
  readonly #s: string;

  constructor(schema: string) {
    this.#s = identifier(schema);
  }

  async getCursor(db: Queryable, source: string): Promise<string | undefined> {
    const { rows } = await db.query(`SELECT cursor FROM ${this.#s}.sync_cursors WHERE source = $1`, [source]);
    const cursor = rows[0]?.cursor;
    return typeof cursor === 'string' ? cursor : undefined;
  }

  /** Upserts, deletes and the cursor; the caller wraps it in one transaction. */
  async applyBatch(db: Queryable, source: string, batch: SyncBatch): Promise<void> {
    // One row per id (a later entry wins, as applying them one by one would): a multi-row upsert
    // may not touch a row twice.
    const rows = new Map<string, Transaction>();
    for (const row of [...batch.added, ...batch.modified]) {
      if (typeof row?.id !== 'string' || row.id === '' || typeof row.accountId !== 'string') {
        throw new InvalidInputError('A synced transaction needs an id and an accountId.', { field: 'id' });
      }
      rows.set(row.id, row);
    }
    if (rows.size > 0) {
      const list = [...rows.values()];
      await db.query(
        `INSERT INTO ${this.#s}.transactions
           (source, id, provider, account_id, booking_date, status, amount, currency, description, pending_transaction_id, data)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::jsonb[])
         ON CONFLICT (source, id) DO UPDATE SET provider = excluded.provider, account_id = excluded.account_id,
           booking_date = excluded.booking_date, status = excluded.status, amount = excluded.amount,
           currency = excluded.currency, description = excluded.description,
           pending_transaction_id = excluded.pending_transaction_id, data = excluded.data`,
        [
          source,
          list.map((row) => row.id),
          list.map((row) => row.provider),
          list.map((row) => row.accountId),
          list.map((row) => row.bookingDate),
          list.map((row) => row.status),
          list.map((row) => row.amount.amount),
          list.map((row) => row.amount.currency),
          list.map((row) => row.description),
          list.map((row) => row.pendingTransactionId ?? null),
          list.map((row) => JSON.stringify(row)),
        ],
      );
    }
    if (batch.removed.length > 0) {
      await db.query(`DELETE FROM ${this.#s}.transactions WHERE source = $1 AND id = ANY($2::text[])`, [
        source,
        batch.removed.map((row) => row.id),
      ]);
    }
    await db.query(
      `INSERT INTO ${this.#s}.sync_cursors (source, cursor, committed_at) VALUES ($1, $2, now())
       ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, committed_at = excluded.committed_at`,
      [source, batch.cursor],
    );
  }

  async listTransactions(db: Queryable, query: LedgerQuery): Promise<Transaction[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (query.source !== undefined) {
      values.push(query.source);
      where.push(`source = $${values.length}`);
    }
    if (query.accountIds !== undefined) {
      if (query.accountIds.length === 0) return [];
      values.push([...query.accountIds]);
      where.push(`account_id = ANY($${values.length}::text[])`);
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
      values.push(value);
      where.push(`booking_date ${operator} $${values.length}`);
    }
    // Byte order, as SQLite sorts, whatever the database's collation.
    const { rows } = await db.query(
      `SELECT data FROM ${this.#s}.transactions${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY booking_date COLLATE "C" DESC, id COLLATE "C" DESC`,
      values,
    );
    return rows.map((row) => row.data as Transaction);
  }
}

/** Checks what every ledger write needs before a transaction is opened. */
export function checkBatch(source: string, batch: SyncBatch): void {
  if (typeof source !== 'string' || source === '') {
    throw new InvalidInputError('A ledger source name is required.', { field: 'source' });
  }
  if (typeof batch?.cursor !== 'string' || batch.cursor === '') {
    throw new InvalidInputError('A sync batch must carry its cursor.', { field: 'cursor' });
  }
}
