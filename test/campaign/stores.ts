/**
 * The stores the campaign runs on, each real: memory, Redis (a redis-server started here),
 * PGlite (a directory on disk) and PostgreSQL (a cluster started here). A scenario gets a view
 * of the shared store whose `close` is a no-op, since the backend closes its store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { SessionStore } from '../../server/store/session-store.js';
import { startPostgres, startRedis, type RedisServer } from '../support/services.js';

export type StoreName = 'memory' | 'redis' | 'pglite' | 'postgres';
export const STORE_NAMES: readonly StoreName[] = ['memory', 'redis', 'pglite', 'postgres'];

export interface CampaignStore {
  name: StoreName;
  /** A store for one scenario (shared underneath; its close does nothing). */
  forScenario(): SessionStore;
  /** The redis-server process, for the freeze check. */
  redisServer?: RedisServer;
  redisPort?: number;
  dispose(): Promise<void>;
}

function unclosable(store: SessionStore): SessionStore {
  return new Proxy(store, { get: (target, property, receiver) => (property === 'close' ? async () => undefined : Reflect.get(target, property, receiver)) });
}

export async function openCampaignStore(name: StoreName): Promise<CampaignStore> {
  switch (name) {
    case 'memory':
      return { name, forScenario: () => new MemorySessionStore(), dispose: async () => undefined };
    case 'redis': {
      const server = await startRedis();
      const redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
      return {
        name,
        redisServer: server,
        redisPort: server.port,
        forScenario: () => unclosable(new RedisSessionStore({ redis, keyPrefix: `campaign:${crypto.randomUUID()}:`, durabilityCheck: false })),
        async dispose() {
          redis.disconnect();
          await server.stop();
        },
      };
    }
    case 'pglite': {
      const dir = mkdtempSync(join(tmpdir(), 'paynet-campaign-pglite-'));
      const store = await openPgliteStore({ dataDir: dir });
      return {
        name,
        forScenario: () => unclosable(store),
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    case 'postgres': {
      const cluster = await startPostgres();
      const store = await openPostgresStore({ connectionString: cluster.connectionString, max: 8 });
      return {
        name,
        forScenario: () => unclosable(store),
        async dispose() {
          await store.close();
          cluster.stop();
        },
      };
    }
  }
}
