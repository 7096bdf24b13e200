import {
  BankkitError,
  ConfigurationError,
  InvalidInputError,
  type LedgerQuery,
  type SyncBatch,
  type Transaction,
  type TransactionLedger,
} from '@bankkit/core';
import pg from 'pg';
import { identifier, SCHEMA_VERSION, schemaStatements } from './schema.js';
import { checkBatch, LedgerStatements, type Queryable } from './statements.js';

/** Options of {@link PostgresLedger}: a `pool` or a `connectionString`, not both. */
export interface PostgresLedgerOptions {
  /** A node-postgres pool you own (you end it). Leases take one connection each while held. */
  pool?: pg.Pool;
  /** A PostgreSQL URL (`postgres://user:password@host:5432/db`); the ledger then owns its pool. */
  connectionString?: string;
  /** Size of the pool the ledger makes from `connectionString`. Default 10. */
  maxConnections?: number;
  /** The schema holding the ledger's tables, created when missing. Default `bankkit`. */
  schema?: string;
}

/** Options of {@link PostgresLedger.lease}. */
export interface SyncLeaseOptions {
  /** How long to wait for a lease another worker holds. Default 0: do not wait, resolve undefined. */
  waitMs?: number;
  /**
   * The lease's session is ended by the server once it has been idle this long (a stalled or
   * partitioned worker), which frees the lease and fails the stalled worker's later writes. Keep
   * it above the longest pause between two batches of one sync (the bank's answer time, retries
   * included). Default 120 000 ms.
   */
  idleTimeoutMs?: number;
}

/**
 * The right to sync one source (an account, a login) alone, and a ledger whose writes go through
 * the session that holds that right. Release it when the sync is done.
 */
export interface SyncLease extends TransactionLedger {
  /** The name the lease was taken for. */
  readonly name: string;
  /** Gives the lease back (and its connection to the pool). Safe to call twice. */
  release(): Promise<void>;
}

/**
 * The sync ledger in PostgreSQL (node-postgres): every synced transaction and one cursor per source,
 * with the same behaviour as `SqliteLedger`. {@link PostgresLedger.applyBatch} writes a batch and
 * its cursor in one transaction, so after a crash at any moment the database holds both or neither;
 * queries are answered from the database alone.
 *
 * Many workers can share it. {@link PostgresLedger.lease} gives one worker at a time the right to
 * sync a source: a session-level advisory lock on a connection of its own. Writes made through the
 * lease use that same connection, so a worker whose lease ended (it died: the server ends its
 * session and frees the lock; it stalled past `idleTimeoutMs`: the server ends it too) can write
 * nothing more: its connection is gone with its lock.
 *
 * @example
 * ```ts
 * const ledger = new PostgresLedger({ connectionString: process.env.DATABASE_URL });
 * const lease = await ledger.lease(`sparebank1:${accountId}`);
 * if (lease) {
 *   try {
 *     await syncProvider(provider, lease, { source: lease.name, accountIds: [accountId] });
 *   } finally {
 *     await lease.release();
 *   }
 * }
 * ```
 */
export class PostgresLedger implements TransactionLedger {
  /** The schema holding the tables. */
  readonly schema: string;
  readonly #pool: pg.Pool;
  readonly #ownPool: boolean;
  readonly #sql: LedgerStatements;
  #ready: Promise<void> | undefined;

  /** @throws ConfigurationError without exactly one of `pool` and `connectionString`. */
  constructor(options: PostgresLedgerOptions) {
    const { pool, connectionString } = options ?? {};
    if ((pool === undefined) === (connectionString === undefined)) {
      throw new ConfigurationError(
        'PostgresLedger needs exactly one of `pool` (a pg.Pool) and `connectionString` (postgres://...).',
      );
    }
    this.schema = options.schema ?? 'bankkit';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) {
      throw new ConfigurationError('PostgresLedger option `schema` must be a plain SQL identifier.');
    }
    this.#sql = new LedgerStatements(this.schema);
    this.#ownPool = pool === undefined;
    this.#pool = pool ?? new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
    // An idle pooled connection the server dropped must not end the process.
    if (this.#ownPool) this.#pool.on('error', () => {});
  }

  /** Creates the schema and tables when missing (done by every other method on first use). */
  migrate(): Promise<void> {
    this.#ready ??= this.#migrate().catch((error) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #migrate(): Promise<void> {
    const client = await this.#connect();
    try {
      await client.query('BEGIN');
      // Workers starting together must not race on CREATE ... IF NOT EXISTS.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `bankkit-ledger-migrate:${this.schema}`,
      ]);
      for (const statement of schemaStatements(this.schema)) await client.query(statement);
      const meta = `${identifier(this.schema)}.bankkit_meta`;
      const { rows } = await client.query(`SELECT value FROM ${meta} WHERE key = 'schema_version'`);
      const version = rows[0]?.value;
      if (version === undefined) {
        await client.query(`INSERT INTO ${meta} (key, value) VALUES ('schema_version', $1)`, [
          String(SCHEMA_VERSION),
        ]);
      } else if (Number(version) > SCHEMA_VERSION) {
        throw new ConfigurationError(
          `The ledger schema "${this.schema}" was written by a newer bankkit (schema ${version}; this one reads ${SCHEMA_VERSION}). Upgrade @bankkit/postgres.`,
        );
      }
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      client.release(true);
      throw wrap(error, 'create the ledger tables');
    }
  }

  /** The cursor stored for `source`; undefined when it was never synced. */
  async getCursor(source: string): Promise<string | undefined> {
    await this.migrate();
    return run(() => this.#sql.getCursor(this.#pool, source), 'read the cursor');
  }

  /**
   * Upserts `added` and `modified`, deletes `removed` and stores the cursor, in one transaction.
   * Without a lease, nothing stops two workers from syncing the same source at once (each batch is
   * still applied whole); use {@link PostgresLedger.lease} for that.
   */
  async applyBatch(source: string, batch: SyncBatch): Promise<void> {
    checkBatch(source, batch);
    await this.migrate();
    const client = await this.#connect();
    await inTransaction(client, () => this.#sql.applyBatch(client, source, batch)).then(
      () => client.release(),
      (error) => {
        client.release(true);
        throw error;
      },
    );
  }

  /** Stored rows, newest first, filtered like a provider's `listTransactions`; no network. */
  async listTransactions(query: LedgerQuery = {}): Promise<Transaction[]> {
    await this.migrate();
    return run(() => this.#sql.listTransactions(this.#pool, query), 'list the transactions');
  }

  /**
   * Takes the sync lease of `name` (e.g. `sparebank1:<account id>`): only one holder at a time,
   * across every worker sharing the database. Resolves undefined when another worker holds it and
   * `waitMs` passed (immediately by default).
   */
  async lease(name: string, options: SyncLeaseOptions = {}): Promise<SyncLease | undefined> {
    if (typeof name !== 'string' || name === '') {
      throw new InvalidInputError('A sync lease needs a name (e.g. the source it syncs).', { field: 'name' });
    }
    const waitMs = Math.max(0, Math.trunc(options.waitMs ?? 0));
    const idleTimeoutMs = Math.max(1_000, Math.trunc(options.idleTimeoutMs ?? 120_000));
    await this.migrate();
    const client = await this.#connect();
    const lockName = `bankkit-sync:${this.schema}:${name}`;
    try {
      await client.query(`SET idle_session_timeout = ${idleTimeoutMs}`);
      let taken: boolean;
      if (waitMs === 0) {
        const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [
          lockName,
        ]);
        taken = rows[0]?.taken === true;
      } else {
        await client.query(`SET lock_timeout = ${waitMs}`);
        taken = await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName]).then(
          () => true,
          (error) => {
            if ((error as { code?: string }).code === '55P03') return false;
            throw error;
          },
        );
        await client.query('SET lock_timeout = 0');
      }
      if (!taken) {
        await client.query('RESET idle_session_timeout');
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release(true);
      throw wrap(error, 'take the sync lease');
    }
    return new LeaseLedger(name, lockName, client, this.#sql);
  }

  /** Ends the pool the ledger made from `connectionString`; a pool passed in is left to its owner. */
  async close(): Promise<void> {
    if (this.#ownPool) await this.#pool.end();
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (error) {
      throw wrap(error, 'connect to PostgreSQL');
    }
  }
}

/** A held lease: the ledger, through the session that holds the lock. */
class LeaseLedger implements SyncLease {
  readonly name: string;
  readonly #lockName: string;
  readonly #client: pg.PoolClient;
  readonly #sql: LedgerStatements;
  #released = false;
  #lost: unknown;

  constructor(name: string, lockName: string, client: pg.PoolClient, sql: LedgerStatements) {
    this.name = name;
    this.#lockName = lockName;
    this.#client = client;
    this.#sql = sql;
    // The server ended the session (idle timeout, restart): the lock is gone with it.
    client.on('error', (error) => {
      this.#lost = error;
    });
  }

  async getCursor(source: string): Promise<string | undefined> {
    this.#check();
    return run(() => this.#sql.getCursor(this.#client, source), 'read the cursor');
  }

  async applyBatch(source: string, batch: SyncBatch): Promise<void> {
    checkBatch(source, batch);
    this.#check();
    await inTransaction(this.#client, () => this.#sql.applyBatch(this.#client, source, batch));
  }

  async listTransactions(query: LedgerQuery = {}): Promise<Transaction[]> {
    this.#check();
    return run(() => this.#sql.listTransactions(this.#client, query), 'list the transactions');
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    if (this.#lost !== undefined) {
      this.#client.release(true);
      return;
    }
    try {
      await this.#client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.#lockName]);
      await this.#client.query('RESET idle_session_timeout');
      this.#client.release();
    } catch {
      // Ending the session frees the lock too.
      this.#client.release(true);
    }
  }

  #check(): void {
    if (this.#released) {
      throw new BankkitError(
        'sync_lease_lost',
        `The sync lease "${this.name}" was released; take a new one.`,
      );
    }
    if (this.#lost !== undefined) {
      throw new BankkitError(
        'sync_lease_lost',
        `The sync lease "${this.name}" was lost: its PostgreSQL session ended (idle past the lease's idleTimeoutMs, ` +
          'or the server restarted), so another worker may be syncing it now. Nothing more is written through it.',
        { cause: this.#lost },
      );
    }
  }
}

async function inTransaction(client: Queryable, work: () => Promise<void>): Promise<void> {
  try {
    await client.query('BEGIN');
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw wrap(error, 'apply the batch (nothing of it was kept)');
  }
}

async function run<T>(work: () => Promise<T>, action: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw wrap(error, action);
  }
}

/** A PostgreSQL failure as a typed error; bankkit's own errors pass through. */
function wrap(error: unknown, action: string): unknown {
  if (error instanceof BankkitError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return new BankkitError(
    'ledger_failed',
    `Could not ${action} in PostgreSQL (${typeof code === 'string' ? `${code}: ` : ''}${message}).`,
    { cause: error },
  );
}
