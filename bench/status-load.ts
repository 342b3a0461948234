/**
 * The status route under load with 1 / 100 / 1,000 pending sessions, on the memory store and on
 * the Redis store (a real redis-server started here on a loopback port, stopped after).
 * autocannon rotates its requests over every session's status URL, as that many shoppers'
 * polls would arrive. Each (store, sessions) pair gets a fresh stack, so no run inherits
 * another's pending sessions or refresh timers.
 *
 * Beside requests/s and latency: the check_transaction calls the simulator received during
 * the run, against the kit's bound, sessions × (seconds / statusMinIntervalMs + 1): a session
 * is refreshed on its first poll, then at most once per interval (the reconciler's checks
 * count too, under the same bound).
 */
import { randomUUID } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { Redis } from 'ioredis';
import { DEFAULT_STATUS_MIN_INTERVAL_MS, RedisSessionStore, type SessionStore } from '../server/index.js';
import { startRedis, type RedisServer } from '../test/support/services.js';
import { checkCalls, createSales, numberFlag, statusPath } from './bench-sessions.js';
import { startStack } from './http-stack.js';
import type { HttpFigures } from './http-throughput.js';
import type { Section } from './sections.js';
import type { Table } from './table.js';

export const SESSION_COUNTS = [1, 100, 1_000] as const;
export type StoreName = 'memory' | 'redis';
/** Untimed load before each row; the first row of the process also warms the JIT and the lazy imports. */
const WARM_UP_SECONDS = 1;
const FIRST_WARM_UP_SECONDS = 3;

/** The http section's figures of one autocannon run, with the store, the session count and Paynet's calls. */
export interface StatusLoadFigures extends HttpFigures {
  store: StoreName;
  sessions: number;
  maxMs: number;
  timeouts: number;
  paynetCalls: number;
  /** sessions × (seconds / statusMinIntervalMs + 1), with seconds as autocannon measured them. */
  paynetBound: number;
  backendErrors: number;
}

export interface StatusLoadReport {
  minIntervalMs: number;
  runs: StatusLoadFigures[];
  firstBackendError?: string;
}

export const statusLoadSection: Section = {
  name: 'status-load',
  title: 'backend status route req/s and p99 with 1 / 100 / 1,000 pending sessions, memory and Redis stores, with Paynet calls vs the bound',
  async run({ connections, flags, log }) {
    // Short runs: six of them, each after creating its sessions, in about a minute and a half.
    const seconds = numberFlag(flags, 'status-seconds', 4);
    const report = await measureStatusLoad({ connections, seconds, log });
    return { tables: [statusLoadTable(report)], figures: report, environment: { redis: report.redisVersion ?? 'unknown' } };
  },
};

export async function measureStatusLoad({ connections, seconds, log }: { connections: number; seconds: number; log(line: string): void }): Promise<StatusLoadReport & { redisVersion?: string }> {
  const runs: StatusLoadFigures[] = [];
  let firstBackendError: string | undefined;
  const redisServer: RedisServer = await startRedis();
  const redis = new Redis({ host: '127.0.0.1', port: redisServer.port, maxRetriesPerRequest: 1, lazyConnect: false });
  try {
    const info = await redis.info('server');
    const redisVersion = /redis_version:(\S+)/.exec(info)?.[1];
    for (const store of ['memory', 'redis'] as const) {
      for (const sessions of SESSION_COUNTS) {
        log(`status-load: ${store} store, ${sessions} sessions`);
        // The stack closes its store; the Redis client stays ours (ownsClient false).
        const sessionStore: SessionStore | undefined =
          store === 'redis' ? new RedisSessionStore({ redis, keyPrefix: `bench:${randomUUID()}:`, durabilityCheck: false }) : undefined;
        const warmUp = runs.length === 0 ? FIRST_WARM_UP_SECONDS : WARM_UP_SECONDS;
        const { figures, firstError } = await loadOnce(store, sessionStore, sessions, connections, seconds, warmUp);
        runs.push(figures);
        firstBackendError ??= firstError;
      }
    }
    return { minIntervalMs: DEFAULT_STATUS_MIN_INTERVAL_MS, runs, ...(firstBackendError ? { firstBackendError } : {}), ...(redisVersion ? { redisVersion } : {}) };
  } finally {
    redis.disconnect();
    await redisServer.stop();
  }
}

async function loadOnce(
  store: StoreName,
  sessionStore: SessionStore | undefined,
  sessions: number,
  connections: number,
  seconds: number,
  warmUpSeconds: number,
): Promise<{ figures: StatusLoadFigures; firstError?: string }> {
  const stack = await startStack(sessionStore ? { store: sessionStore } : {});
  try {
    const created = await createSales(stack.url, sessions);
    const paths = created.map((session) => statusPath(session, stack.url));
    let next = 0;
    const load = async (duration: number): Promise<Result> =>
      await autocannon({
        url: stack.url,
        connections,
        duration,
        timeout: 10,
        // One step, its path rotated over every session: each connection asks for the next one.
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
      });
    // Untimed first, so the JIT and the connection pools are warm whichever row runs first.
    await load(warmUpSeconds);
    const started = Date.now();
    const result = await load(seconds);
    const paynetCalls = checkCalls(stack.sim, started, Date.now());
    const measured = result.duration;
    return {
      figures: {
        name: `GET /sessions/:id, ${store} store, ${sessions} sessions`,
        store,
        sessions,
        connections,
        seconds: measured,
        requests: result.requests.total,
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        paynetCalls,
        paynetBound: sessions * (Math.floor((measured * 1_000) / DEFAULT_STATUS_MIN_INTERVAL_MS) + 1),
        backendErrors: stack.errors.length,
      },
      ...(stack.errors[0] ? { firstError: `${stack.errors[0].context}: ${stack.errors[0].message}` } : {}),
    };
  } finally {
    await stack.close();
  }
}

export function statusLoadTable(report: StatusLoadReport): Table {
  const first = report.runs[0];
  const notes = [
    `autocannon, ${first?.connections ?? '?'} connections, ${first ? first.seconds.toFixed(1) : '?'} s per run after a 1 s warm-up (3 s before the first), requests rotated over every session's status URL; fresh stack per row.`,
    `Paynet bound = sessions × (seconds / ${report.minIntervalMs} ms + 1): the kit refreshes a session on its first poll, then at most once per statusMinIntervalMs.`,
    'Redis: redis-server on loopback, no persistence. Client, backend and simulator share one process and event loop: the figures are a floor.',
  ];
  if (report.firstBackendError) notes.push(`Backend reported errors, first: ${report.firstBackendError}`);
  return {
    title: 'Status route under load: GET /sessions/:id with many pending sessions',
    columns: ['store', 'sessions', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'failed', 'Paynet calls', 'bound', 'backend errors'],
    rows: report.runs.map((r) => [r.store, r.sessions, r.requests, Math.round(r.reqPerSec), r.p50Ms, r.p99Ms, r.maxMs, r.non2xx + r.errors + r.timeouts, r.paynetCalls, r.paynetBound, r.backendErrors]),
    notes,
  };
}
