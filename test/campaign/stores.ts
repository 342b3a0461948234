/**
 * The stores the campaign runs on, each real: memory, Redis (a redis-server started here),
 * PGlite (a directory on disk) and PostgreSQL (a cluster started here). Every scenario has its
 * own simulator, so it gets its own part of the shared database (a key prefix, or tables with a
 * prefix): the kit's reconciler walks every unsettled session of its store, and must not ask
 * one scenario's Paynet about another's sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { Pool } from 'pg';
import { openPgliteClient } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { SessionStore } from '../../server/store/session-store.js';
import { SqlSessionStore } from '../../server/store/sql-store.js';
import { startPostgres, startRedis, type RedisServer } from '../support/services.js';

export type StoreName = 'memory' | 'redis' | 'pglite' | 'postgres';
export const STORE_NAMES: readonly StoreName[] = ['memory', 'redis', 'pglite', 'postgres'];

export interface CampaignStore {
  name: StoreName;
  /** A store for one scenario (its own keys or tables in the shared server). */
  forScenario(): Promise<SessionStore>;
  /** The redis-server process, for the freeze check. */
  redisServer?: RedisServer;
  redisPort?: number;
  dispose(): Promise<void>;
}

function scenarioTables(): string {
  return `c_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}_`;
}

function unclosable(store: SessionStore): SessionStore {
  return new Proxy(store, { get: (target, property, receiver) => (property === 'close' ? async () => undefined : Reflect.get(target, property, receiver)) });
}

export async function openCampaignStore(name: StoreName): Promise<CampaignStore> {
  switch (name) {
    case 'memory':
      return { name, forScenario: async () => new MemorySessionStore(), dispose: async () => undefined };
    case 'redis': {
      const server = await startRedis();
      const redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
      return {
        name,
        redisServer: server,
        redisPort: server.port,
        forScenario: async () => unclosable(new RedisSessionStore({ redis, keyPrefix: `campaign:${crypto.randomUUID()}:`, durabilityCheck: false })),
        async dispose() {
          redis.disconnect();
          await server.stop();
        },
      };
    }
    case 'pglite': {
      const dir = mkdtempSync(join(tmpdir(), 'paynet-campaign-pglite-'));
      const client = await openPgliteClient(dir);
      return {
        name,
        forScenario: async () => unclosable(await SqlSessionStore.open(client, { tablePrefix: scenarioTables() })),
        async dispose() {
          await client.close?.();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'postgres': {
      const cluster = await startPostgres();
      const pool = new Pool({ connectionString: cluster.connectionString, max: 12 });
      return {
        name,
        forScenario: async () => unclosable(await openPostgresStore({ pool, tablePrefix: scenarioTables() })),
        async dispose() {
          await pool.end();
          cluster.stop();
        },
      };
    }
  }
}
