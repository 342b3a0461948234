/**
 * The SQL store's tables, in PostgreSQL's dialect: the same text runs on PostgreSQL (through
 * `pg`) and on PGlite. Every statement is idempotent, and the whole schema is created by one
 * `DO` block under a transaction-scoped advisory lock, so several processes starting at once
 * against one database neither race nor half-create it.
 *
 * Times are epoch milliseconds in `bigint` columns, as in `StoredSession`. The session itself
 * is the `data` jsonb; the other columns copy the fields that are searched or compared, and
 * are written together with it by every insert and compare-and-set.
 */

/** Bumped by a change to the tables; a database written by a newer kit is refused. */
export const SQL_SCHEMA_VERSION = 1;

/** Default table name prefix: tables `paynet_checkout_sessions`, `…_idempotency`, `…_schema`. */
export const DEFAULT_TABLE_PREFIX = 'paynet_checkout_';

const TABLE_PREFIX_RE = /^[a-z_][a-z0-9_]{0,29}$/;

export interface SqlTables {
  sessions: string;
  idempotency: string;
  schema: string;
  /** Prefix of index names. */
  prefix: string;
}

/** Table names for a prefix: lower-case letters, digits and `_` only (it is spliced into SQL). */
export function sqlTables(prefix: string = DEFAULT_TABLE_PREFIX): SqlTables {
  if (!TABLE_PREFIX_RE.test(prefix)) {
    throw new Error(`tablePrefix must match ${TABLE_PREFIX_RE} (it becomes part of table names): ${JSON.stringify(prefix)}`);
  }
  return { sessions: `${prefix}sessions`, idempotency: `${prefix}idempotency`, schema: `${prefix}schema`, prefix };
}

/** The SQL expression for "now" in epoch ms, on the database's clock (one clock for every process). */
export const SQL_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

/**
 * One statement creating everything that is missing and recording the schema version (a
 * database created by this version gets `SQL_SCHEMA_VERSION`; an existing row is left as it is
 * for the caller to compare).
 *
 * - `settled` is true when the kit knows the session's fate for good (`!isUnsettled(session)`:
 *   `settled` set, or status `succeeded` / `needs_review`); the reconciler walks the others.
 * - `id` sorts in "C" collation, so ties in the lists break by plain code-unit order.
 * - An idempotency row is a lease: live while `lease_until` (epoch ms, database clock) is in
 *   the future. Lapsed rows are taken over by the next claim, or deleted by a sweep.
 */
export function createSchemaSql(t: SqlTables): string {
  return `DO $paynet$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('paynet-checkout schema ${t.prefix}'));
  CREATE TABLE IF NOT EXISTS ${t.schema} (
    id integer PRIMARY KEY CHECK (id = 1),
    version integer NOT NULL
  );
  INSERT INTO ${t.schema} (id, version) VALUES (1, ${SQL_SCHEMA_VERSION}) ON CONFLICT (id) DO NOTHING;
  CREATE TABLE IF NOT EXISTS ${t.sessions} (
    id text COLLATE "C" PRIMARY KEY,
    version integer NOT NULL,
    status text NOT NULL,
    kind text NOT NULL,
    channel text NOT NULL,
    reference_no text NOT NULL UNIQUE,
    payment_session_id text,
    expires_at bigint NOT NULL,
    created_at bigint NOT NULL,
    settled boolean NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${t.prefix}sessions_payment_session_id
    ON ${t.sessions} (payment_session_id) WHERE payment_session_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS ${t.prefix}sessions_unsettled
    ON ${t.sessions} (expires_at, id) WHERE NOT settled;
  CREATE INDEX IF NOT EXISTS ${t.prefix}sessions_needs_review
    ON ${t.sessions} (created_at DESC, id DESC) WHERE status = 'needs_review';
  CREATE INDEX IF NOT EXISTS ${t.prefix}sessions_succeeded_sales
    ON ${t.sessions} (created_at DESC, id DESC) WHERE status = 'succeeded' AND kind = 'sale';
  CREATE TABLE IF NOT EXISTS ${t.idempotency} (
    key text PRIMARY KEY,
    session_id text NOT NULL,
    fingerprint text NOT NULL,
    lease_until bigint NOT NULL
  );
  CREATE INDEX IF NOT EXISTS ${t.prefix}idempotency_lease_until ON ${t.idempotency} (lease_until);
END
$paynet$`;
}
