/**
 * The SQL store on PGlite: PostgreSQL compiled to WebAssembly, running inside this Node
 * process, with a directory on disk as its data. One process, like `MemorySessionStore`, but a
 * restart loses nothing. Never open one directory from two processes (or twice in one): PGlite
 * is a single-user PostgreSQL with no locking between instances.
 *
 * `@electric-sql/pglite` is an optional peer dependency, imported only when a store is opened.
 * The first open of an empty directory initialises a cluster (seconds); a reopen is faster.
 */
import { SqlSessionStore, type SqlClient, type SqlSessionStoreOptions } from './sql-store.js';

export interface PgliteStoreOptions extends Omit<SqlSessionStoreOptions, 'ownsClient'> {
  /** The data directory (created when missing), or "memory://" for a throwaway database. */
  dataDir: string;
}

/** Opens (creating when needed) the PGlite database in `dataDir`, as a client the store uses. */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  let module: typeof import('@electric-sql/pglite');
  try {
    module = await import('@electric-sql/pglite');
  } catch (error) {
    throw new Error('openPgliteStore needs the optional peer dependency @electric-sql/pglite: npm install @electric-sql/pglite@0.5', {
      cause: error,
    });
  }
  const db = await module.PGlite.create(dataDir);
  return {
    query: async <T>(text: string, params?: unknown[]) => ({ rows: (await db.query<T>(text, params)).rows }),
    close: () => db.close(),
  };
}

/**
 * `await openPgliteStore({ dataDir: './data/paynet' })`: the SQL store on a PGlite database in
 * that directory; `close()` closes the database.
 */
export async function openPgliteStore(options: PgliteStoreOptions): Promise<SqlSessionStore> {
  const client = await openPgliteClient(options.dataDir);
  try {
    return await SqlSessionStore.open(client, { tablePrefix: options.tablePrefix, ownsClient: true });
  } catch (error) {
    await client.close?.();
    throw error;
  }
}
