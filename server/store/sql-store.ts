/**
 * SessionStore on SQL, in PostgreSQL's dialect: the same schema and the same queries run on a
 * PostgreSQL server (`openPostgresStore`, through `pg`) and on PGlite, PostgreSQL compiled to
 * WASM with a directory on disk (`openPgliteStore`). It works over `SqlClient`, a one-method
 * interface either driver fits.
 *
 * The rules of `SessionStore` hold in the database, not in this process: compare-and-set is
 * one `UPDATE … WHERE id AND version AND NOT (a success turned into something else)`, and an
 * idempotency claim is one `INSERT … ON CONFLICT DO UPDATE … WHERE the lease lapsed`. Leases
 * run on the database's clock, so processes on several machines agree on when one lapses.
 *
 * The SQL store never deletes a session: it is the shop's record of what was charged, kept
 * until the shop removes it. `retainUntil` is stored (in the session) but not acted on.
 * Lapsed idempotency claims are deleted, at most once an hour, by the next claim.
 */
import { isUnsettled, type IdempotencyRecord, type SessionStore, type StoredSession } from './session-store.js';
import { SessionChanges } from './session-changes.js';
import { createSchemaSql, SQL_NOW_MS, SQL_SCHEMA_VERSION, sqlTables, type SqlTables } from './sql-schema.js';

/**
 * The little the store needs from a driver: `pg`'s Pool and Client and PGlite all answer
 * `query(text, params)` with `{ rows }`. Numbered parameters (`$1`); the store reads back
 * only text, integer and boolean columns, so the drivers' different bigint/jsonb parsing does
 * not matter.
 */
export interface SqlClient {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close?(): Promise<void>;
}

export interface SqlSessionStoreOptions {
  /**
   * Prefix of the table and index names (lower-case letters, digits, `_`; at most 30).
   * Default "paynet_checkout_". Lets several shops or test runs share one database.
   */
  tablePrefix?: string;
  /** `close()` also closes the client. Default false (the openers set it). */
  ownsClient?: boolean;
}

/** How often a claim also deletes lapsed idempotency rows. */
export const SQL_IDEMPOTENCY_SWEEP_INTERVAL_MS = 3_600_000;
/** At most this many lapsed rows per sweep (one short statement). */
const SQL_IDEMPOTENCY_SWEEP_BATCH = 10_000;

interface DataRow {
  data: string;
}
interface IdempotencyRow {
  session_id: string;
  fingerprint: string;
}

export class SqlSessionStore implements SessionStore {
  private nextSweepAt = 0;
  private closed = false;
  /** In-process only: another process's write is seen by a long-poll at its next re-read (the refresh interval). */
  private readonly changes = new SessionChanges();

  private constructor(
    private readonly client: SqlClient,
    private readonly t: SqlTables,
    private readonly ownsClient: boolean,
  ) {}

  /**
   * Creates the tables that are missing (safe when several processes start at once) and
   * returns the store. Refuses a database whose schema a newer version of the kit wrote.
   */
  static async open(client: SqlClient, options: SqlSessionStoreOptions = {}): Promise<SqlSessionStore> {
    const tables = sqlTables(options.tablePrefix);
    await client.query(createSchemaSql(tables));
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${tables.schema} WHERE id = 1`);
    const version = rows[0]?.version;
    if (version !== SQL_SCHEMA_VERSION) {
      throw new Error(
        `the ${tables.schema} table says schema version ${String(version)}, this kit knows ${SQL_SCHEMA_VERSION}: ` +
          'a newer paynet-checkout wrote this database (or it was edited by hand)',
      );
    }
    return new SqlSessionStore(client, tables, options.ownsClient ?? false);
  }

  async get(id: string): Promise<StoredSession | undefined> {
    return this.one(`SELECT data::text AS data FROM ${this.t.sessions} WHERE id = $1`, [id]);
  }

  /** False when the id (or, which the kit never does, the reference_no) is taken. */
  async insert(session: StoredSession): Promise<boolean> {
    const { rows } = await this.client.query(
      `INSERT INTO ${this.t.sessions}
         (id, version, status, kind, channel, reference_no, payment_session_id, expires_at, created_at, settled, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [session.id, ...columns(session)],
    );
    return rows.length === 1;
  }

  async compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean> {
    if (next.version !== expectedVersion + 1) return false;
    // $3 is the new status: the never-downgrade rule is part of the WHERE.
    const { rows } = await this.client.query(
      `UPDATE ${this.t.sessions}
          SET version = $2, status = $3::text, kind = $4, channel = $5, reference_no = $6, payment_session_id = $7,
              expires_at = $8, created_at = $9, settled = $10, data = $11::jsonb
        WHERE id = $1 AND version = $12
          AND NOT (status = 'succeeded' AND $3::text <> 'succeeded')
        RETURNING id`,
      [next.id, ...columns(next), expectedVersion],
    );
    if (rows.length !== 1) return false;
    this.changes.emit(next.id);
    return true;
  }

  /** Writes by this process; other processes' writes are not notified (no LISTEN/NOTIFY). */
  subscribe(id: string, listener: () => void): () => void {
    return this.changes.subscribe(id, listener);
  }

  async findByPaymentSessionId(paymentSessionId: string): Promise<StoredSession | undefined> {
    return this.one(
      `SELECT data::text AS data FROM ${this.t.sessions} WHERE payment_session_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [paymentSessionId],
    );
  }

  async findByReferenceNo(referenceNo: string): Promise<StoredSession | undefined> {
    return this.one(`SELECT data::text AS data FROM ${this.t.sessions} WHERE reference_no = $1`, [referenceNo]);
  }

  async claimIdempotencyKey(key: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyRecord | undefined> {
    // A lapsed claim is taken over in the same statement; a live one is left alone.
    for (;;) {
      const { rows } = await this.client.query(
        `INSERT INTO ${this.t.idempotency} AS i (key, session_id, fingerprint, lease_until)
         VALUES ($1, $2, $3, ${SQL_NOW_MS} + $4::bigint)
         ON CONFLICT (key) DO UPDATE
           SET session_id = excluded.session_id, fingerprint = excluded.fingerprint, lease_until = excluded.lease_until
           WHERE i.lease_until <= ${SQL_NOW_MS}
         RETURNING i.key`,
        [key, record.sessionId, record.fingerprint, wholeMs(leaseMs)],
      );
      if (rows.length === 1) {
        await this.sweepIdempotencyIfDue();
        return undefined;
      }
      // Held by someone else; it may lapse before we read it, and then we claim again.
      const existing = await this.findByIdempotencyKey(key);
      if (existing) return existing;
    }
  }

  async renewIdempotencyKey(key: string, sessionId: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.client.query(
      `UPDATE ${this.t.idempotency} SET lease_until = ${SQL_NOW_MS} + $3::bigint
        WHERE key = $1 AND session_id = $2 AND lease_until > ${SQL_NOW_MS}
        RETURNING key`,
      [key, sessionId, wholeMs(ttlMs)],
    );
    return rows.length === 1;
  }

  async findByIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.client.query<IdempotencyRow>(
      `SELECT session_id, fingerprint FROM ${this.t.idempotency} WHERE key = $1 AND lease_until > ${SQL_NOW_MS}`,
      [key],
    );
    const row = rows[0];
    return row && { sessionId: row.session_id, fingerprint: row.fingerprint };
  }

  async releaseIdempotencyKey(key: string, sessionId: string): Promise<void> {
    await this.client.query(`DELETE FROM ${this.t.idempotency} WHERE key = $1 AND session_id = $2`, [key, sessionId]);
  }

  async listSucceededSales(limit: number): Promise<StoredSession[]> {
    return this.many(
      `SELECT data::text AS data FROM ${this.t.sessions}
        WHERE status = 'succeeded' AND kind = 'sale' ORDER BY created_at DESC, id DESC LIMIT $1`,
      limit,
    );
  }

  async listUnsettled(limit: number): Promise<StoredSession[]> {
    return this.many(`SELECT data::text AS data FROM ${this.t.sessions} WHERE NOT settled ORDER BY expires_at, id LIMIT $1`, limit);
  }

  async listNeedsReview(limit: number): Promise<StoredSession[]> {
    return this.many(
      `SELECT data::text AS data FROM ${this.t.sessions} WHERE status = 'needs_review' ORDER BY created_at DESC, id DESC LIMIT $1`,
      limit,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.close?.();
  }

  private async one(text: string, params: unknown[]): Promise<StoredSession | undefined> {
    const { rows } = await this.client.query<DataRow>(text, params);
    return rows[0] && (JSON.parse(rows[0].data) as StoredSession);
  }

  private async many(text: string, limit: number): Promise<StoredSession[]> {
    const { rows } = await this.client.query<DataRow>(text, [Math.max(0, Math.floor(limit))]);
    return rows.map((row) => JSON.parse(row.data) as StoredSession);
  }

  /** Deletes lapsed claims (invisible to every method already) so the table does not grow forever. */
  private async sweepIdempotencyIfDue(): Promise<void> {
    const now = Date.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SQL_IDEMPOTENCY_SWEEP_INTERVAL_MS;
    try {
      await this.client.query(
        `DELETE FROM ${this.t.idempotency} WHERE key IN (
           SELECT key FROM ${this.t.idempotency} WHERE lease_until <= ${SQL_NOW_MS} LIMIT ${SQL_IDEMPOTENCY_SWEEP_BATCH})
         AND lease_until <= ${SQL_NOW_MS}`,
      );
    } catch {
      // Housekeeping only: the claim it follows stands, and the next sweep tries again.
    }
  }
}

/** $2…$11 of insert and compare-and-set: the searched fields, then the whole session. */
function columns(session: StoredSession): unknown[] {
  return [
    session.version,
    session.status,
    session.kind,
    session.channel,
    session.referenceNo,
    session.secrets.paymentSessionId ?? null,
    session.expiresAt,
    session.createdAt,
    !isUnsettled(session),
    // jsonb refuses "\u0000" in a string; the kit's validation keeps control characters out.
    JSON.stringify(session),
  ];
}

/** A lease in whole milliseconds, at least 1. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
