/**
 * The kit in a process of its own, so the campaign can kill it mid-call (SIGKILL: no close, no
 * cleanup) and start another on the same durable store. Configured by environment:
 * SIM_URL, SIM_SECRET, STORE (redis|pglite|postgres), STORE_AT (port, directory or connection
 * string). Prints "ready <port>" when it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createPaynetCheckoutBackend } from '../../server/backend.js';
import { toNodeListener } from '../../server/node.js';
import { openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { SessionStore } from '../../server/store/session-store.js';
import { TIMING } from './scenario.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function openStore(): Promise<SessionStore> {
  const at = env('STORE_AT');
  switch (env('STORE')) {
    case 'redis':
      return new RedisSessionStore({ redis: new Redis({ host: '127.0.0.1', port: Number(at), maxRetriesPerRequest: 1 }), keyPrefix: 'kill:', ownsClient: true, durabilityCheck: false });
    case 'pglite':
      return openPgliteStore({ dataDir: at });
    case 'postgres':
      return openPostgresStore({ connectionString: at, max: 4 });
    default:
      throw new Error('STORE must be redis, pglite or postgres');
  }
}

const backend = createPaynetCheckoutBackend({
  paynet: {
    baseUrl: env('SIM_URL'),
    secretKey: env('SIM_SECRET'),
    agentId: 'sim-agent',
    userId: 'sim-user',
    domain: 'campaign.example',
    timeoutMs: 30_000,
    readRetryDelaysMs: [50, 100],
    paymentRetryDelaysMs: [],
  },
  store: await openStore(),
  sessionTtlMs: TIMING.sessionTtlMs,
  latePaymentWindowMs: TIMING.latePaymentWindowMs,
  reviewGraceMs: TIMING.reviewGraceMs,
  statusMinIntervalMs: TIMING.statusMinIntervalMs,
  cardCheckAfterMs: 1_000,
  idempotencyLeaseMs: 3_000,
  requestDeadlineMs: 60_000,
  reconcile: { intervalMs: 250, minIntervalMs: 500 },
  rateLimit: false,
  exposeTransactions: true,
  onError: () => undefined,
  onNeedsReview: () => undefined,
});
const server = createServer(toNodeListener(backend.handle));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
