/**
 * The SQL store on a PostgreSQL server, through `pg` (an optional peer dependency, imported
 * only when the store opens its own pool). Several backend processes may share one database:
 * compare-and-set and idempotency claims are single statements, atomic in PostgreSQL.
 */
import { SqlSessionStore, type SqlClient, type SqlSessionStoreOptions } from './sql-store.js';

/** What the store needs of a `pg` Pool (or Client): `pool.query(text, values)`. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export type PostgresStoreOptions = Omit<SqlSessionStoreOptions, 'ownsClient'> &
  (
    | {
        /** e.g. process.env.DATABASE_URL; the store opens a `pg.Pool` and ends it on `close()`. */
        connectionString: string;
        /** Pool size. Default `pg`'s (10). */
        max?: number;
      }
    | {
        /** Your own `pg.Pool` (or Client); `close()` leaves it open. */
        pool: PgQueryable;
      }
  );

/**
 * `await openPostgresStore({ connectionString: process.env.DATABASE_URL! })`, or
 * `await openPostgresStore({ pool })` with a pool you own. Creates the tables when missing.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlSessionStore> {
  if ('pool' in options) {
    return SqlSessionStore.open(pgClient(options.pool), { tablePrefix: options.tablePrefix });
  }
  let Pool: typeof import('pg').Pool;
  try {
    ({ Pool } = await import('pg'));
  } catch (error) {
    throw new Error('openPostgresStore needs the optional peer dependency pg: npm install pg', { cause: error });
  }
  const pool = new Pool({ connectionString: options.connectionString, max: options.max });
  // An idle client losing its server (a restart) is reported here; the next query reconnects.
  pool.on('error', () => undefined);
  const client = pgClient(pool, () => pool.end());
  try {
    return await SqlSessionStore.open(client, { tablePrefix: options.tablePrefix, ownsClient: true });
  } catch (error) {
    await pool.end();
    throw error;
  }
}

function pgClient(pool: PgQueryable, close?: () => Promise<void>): SqlClient {
  return {
    query: async <T>(text: string, params?: unknown[]) => ({ rows: (await pool.query(text, params)).rows as T[] }),
    close,
  };
}
