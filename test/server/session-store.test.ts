/**
 * One contract, four stores: every test runs against MemorySessionStore, RedisSessionStore on
 * a real redis-server, and SqlSessionStore on PGlite (a directory on disk) and on a real
 * PostgreSQL server, both started here. CI installs redis-server and postgresql; without
 * them this file fails, on purpose, rather than skipping.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { openPgliteClient, openPgliteStore } from '../../server/store/pglite.js';
import { openPostgresStore } from '../../server/store/postgres.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { updateSession, type SessionStore, type StoredSession } from '../../server/store/session-store.js';
import { SqlSessionStore, type SqlClient } from '../../server/store/sql-store.js';
import { sampleSession } from './sample-session.js';
import { startPostgres, startRedis, type PostgresCluster, type RedisServer } from '../support/services.js';

/** A lease short enough to watch lapse, long enough that two back-to-back calls stay inside it. */
const LEASE_MS = 800;
/** Time that certainly outlasts LEASE_MS, on a store's own clock. */
const PAST_LEASE_MS = 1_300;
/** PGlite's first open initialises a cluster: ~8 s on a loaded machine, more on a cold one. */
const DATABASE_START_TIMEOUT_MS = 180_000;

function paidTransaction(session: StoredSession): NonNullable<StoredSession['transaction']> {
  return { referenceNo: session.referenceNo, amount: session.amount, currency: 'TRY', instalment: 1 };
}

interface Fixture {
  store: SessionStore;
  /** Lets `ms` pass on the store's clock (a fake clock, or real time for a server's clock). */
  advance: (ms: number) => Promise<void> | void;
}

interface Traits {
  /** Memory and Redis forget a session at `retainUntil`; the SQL store keeps the shop's record. */
  forgetsAfterRetention: boolean;
}

const realTime = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function contract(name: string, makeStore: () => Fixture | Promise<Fixture>, traits: Traits): void {
  describe(`${name} (SessionStore contract)`, () => {
    it('stores and returns a session, and refuses a second insert with the same id', async () => {
      const { store } = await makeStore();
      const session = sampleSession();
      assert.equal(await store.insert(session), true);
      assert.deepEqual(await store.get(session.id), session);
      assert.equal(await store.insert({ ...session, amount: '1.00' }), false);
      assert.equal((await store.get(session.id))?.amount, '149.90');
    });

    it('finds a session by payment_session_id and by reference_no', async () => {
      const { store } = await makeStore();
      const session = sampleSession();
      await store.insert(session);
      assert.equal((await store.findByPaymentSessionId(session.secrets.paymentSessionId!))?.id, session.id);
      assert.equal((await store.findByReferenceNo(session.referenceNo))?.id, session.id);
      assert.equal(await store.findByPaymentSessionId('nope'), undefined);
    });

    it('refuses a write based on a stale version', async () => {
      const { store } = await makeStore();
      const session = sampleSession();
      await store.insert(session);
      assert.equal(await store.compareAndSet({ ...session, version: 2, lastCheckedAt: 1 }, 1), true);
      assert.equal(await store.compareAndSet({ ...session, version: 2, lastCheckedAt: 2 }, 1), false);
      assert.equal(await store.compareAndSet({ ...session, version: 4, lastCheckedAt: 3 }, 2), false);
      assert.equal((await store.get(session.id))?.lastCheckedAt, 1);
    });

    it('never turns a success into anything else, even with the right version', async () => {
      const { store } = await makeStore();
      const session = sampleSession();
      await store.insert(session);
      const paid = { ...session, version: 2, status: 'succeeded' as const, settled: true, transaction: paidTransaction(session) };
      assert.equal(await store.compareAndSet(paid, 1), true);
      for (const status of ['cancelled', 'expired', 'failed', 'needs_review', 'pending'] as const) {
        assert.equal(await store.compareAndSet({ ...paid, version: 3, status }, 2), false, status);
      }
      assert.equal((await store.get(session.id))?.status, 'succeeded');
      assert.deepEqual(await store.listNeedsReview(100), []);
      assert.equal(await store.compareAndSet({ ...paid, version: 3, reversedBySessionId: 'r1' }, 2), true);
    });

    it('lets a cancelled session become a success (a late payment is money taken)', async () => {
      const { store } = await makeStore();
      const session = sampleSession({ status: 'cancelled' });
      await store.insert(session);
      assert.equal(await store.compareAndSet({ ...session, version: 2, status: 'succeeded' }, 1), true);
    });

    it('applies concurrent updates one after another, losing none', async () => {
      const { store } = await makeStore();
      const session = sampleSession({ lastCheckedAt: 0 });
      await store.insert(session);
      await Promise.all(Array.from({ length: 10 }, () => updateSession(store, session.id, (s) => ({ ...s, lastCheckedAt: (s.lastCheckedAt ?? 0) + 1 }))));
      const final = await store.get(session.id);
      assert.equal(final?.lastCheckedAt, 10);
      assert.equal(final?.version, 11);
    });

    it('lets exactly one of several writers of the same version win', async () => {
      const { store } = await makeStore();
      const session = sampleSession();
      await store.insert(session);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.compareAndSet({ ...session, version: 2, lastCheckedAt: i + 1 }, 1)));
      assert.equal(results.filter(Boolean).length, 1);
      const stored = await store.get(session.id);
      assert.equal(stored?.version, 2);
      assert.equal(stored?.lastCheckedAt, results.indexOf(true) + 1);
    });

    it('ends a success racing a cancel and a stale expiry as a success, whoever writes first', async () => {
      const { store } = await makeStore();
      for (let round = 0; round < 5; round++) {
        const session = sampleSession();
        await store.insert(session);
        const [, cancelled] = await Promise.all([
          updateSession(store, session.id, (s) => ({ ...s, status: 'succeeded', settled: true, transaction: paidTransaction(s) })),
          updateSession(store, session.id, (s) => (s.status === 'pending' ? { ...s, status: 'cancelled' } : undefined)),
          // A writer that read version 1 and never re-reads.
          store.compareAndSet({ ...session, version: 2, status: 'expired', settled: true }, 1),
        ]);
        assert.ok(cancelled);
        const final = await store.get(session.id);
        assert.equal(final?.status, 'succeeded', `round ${round}`);
        assert.equal((await store.listUnsettled(100)).some((s) => s.id === session.id), false);
      }
    });

    it('claims an idempotency key once, and frees only its own claim', async () => {
      const { store } = await makeStore();
      const key = `sessions:${crypto.randomUUID()}`;
      assert.equal(await store.claimIdempotencyKey(key, { sessionId: 'a', fingerprint: 'f1' }, 60_000), undefined);
      assert.deepEqual(await store.claimIdempotencyKey(key, { sessionId: 'b', fingerprint: 'f2' }, 60_000), { sessionId: 'a', fingerprint: 'f1' });
      await store.releaseIdempotencyKey(key, 'b');
      assert.deepEqual(await store.findByIdempotencyKey(key), { sessionId: 'a', fingerprint: 'f1' });
      await store.releaseIdempotencyKey(key, 'a');
      assert.equal(await store.findByIdempotencyKey(key), undefined);
      const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimIdempotencyKey(key, { sessionId: `r${i}`, fingerprint: 'f' }, 60_000)));
      assert.equal(racers.filter((r) => r === undefined).length, 1);
    });

    it('lets a claim nobody renews lapse after its lease, so a retry can take the key', async () => {
      const { store, advance } = await makeStore();
      const key = `sessions:${crypto.randomUUID()}`;
      assert.equal(await store.claimIdempotencyKey(key, { sessionId: 'a', fingerprint: 'f' }, LEASE_MS), undefined);
      assert.deepEqual(await store.claimIdempotencyKey(key, { sessionId: 'b', fingerprint: 'f' }, LEASE_MS), { sessionId: 'a', fingerprint: 'f' });
      await advance(PAST_LEASE_MS);
      assert.equal(await store.findByIdempotencyKey(key), undefined);
      const racers = await Promise.all(['b', 'c', 'd'].map((sessionId) => store.claimIdempotencyKey(key, { sessionId, fingerprint: 'g' }, 60_000)));
      assert.equal(racers.filter((r) => r === undefined).length, 1);
      const winner = ['b', 'c', 'd'][racers.indexOf(undefined)]!;
      assert.deepEqual(await store.findByIdempotencyKey(key), { sessionId: winner, fingerprint: 'g' });
    });

    it('keeps a renewed claim past its first lease, and renews only its own live claim', async () => {
      const { store, advance } = await makeStore();
      const renewed = `sessions:${crypto.randomUUID()}`;
      const lapsed = `sessions:${crypto.randomUUID()}`;
      const taken = `sessions:${crypto.randomUUID()}`;
      for (const key of [renewed, lapsed, taken]) assert.equal(await store.claimIdempotencyKey(key, { sessionId: 'a', fingerprint: 'f' }, LEASE_MS), undefined);
      assert.equal(await store.renewIdempotencyKey(renewed, 'b', 60_000), false);
      assert.equal(await store.renewIdempotencyKey(renewed, 'a', 60_000), true);
      assert.equal(await store.renewIdempotencyKey(`sessions:${crypto.randomUUID()}`, 'a', 60_000), false);
      await advance(PAST_LEASE_MS);

      assert.deepEqual(await store.claimIdempotencyKey(renewed, { sessionId: 'b', fingerprint: 'f' }, 60_000), { sessionId: 'a', fingerprint: 'f' });
      assert.equal(await store.renewIdempotencyKey(renewed, 'a', 60_000), true);
      // Lapsed and not taken: gone, so not ours any more either.
      assert.equal(await store.renewIdempotencyKey(lapsed, 'a', 60_000), false);
      assert.equal(await store.findByIdempotencyKey(lapsed), undefined);
      // Lapsed and taken by another request: its claim stands.
      assert.equal(await store.claimIdempotencyKey(taken, { sessionId: 'b', fingerprint: 'f' }, 60_000), undefined);
      assert.equal(await store.renewIdempotencyKey(taken, 'a', 60_000), false);
      await store.releaseIdempotencyKey(taken, 'a');
      assert.deepEqual(await store.findByIdempotencyKey(taken), { sessionId: 'b', fingerprint: 'f' });
    });

    it('lists unsettled sessions soonest expiry first, leaving out the settled, paid and in-review ones', async () => {
      const { store } = await makeStore();
      const t = Date.now();
      const later = sampleSession({ expiresAt: t + 30_000 });
      const soon = sampleSession({ expiresAt: t + 10_000, status: 'cancelled' });
      const middle = sampleSession({ expiresAt: t + 20_000, unknown: { since: t, attempts: 2, code: 99, message: 'unreadable' } });
      const others = [
        sampleSession({ expiresAt: t + 1_000, status: 'failed', settled: true }),
        sampleSession({ expiresAt: t + 1_000, status: 'succeeded' }),
        sampleSession({ expiresAt: t + 1_000, status: 'needs_review' }),
      ];
      for (const s of [later, soon, middle, ...others]) assert.equal(await store.insert(s), true);
      assert.deepEqual((await store.listUnsettled(100)).map((s) => s.id), [soon.id, middle.id, later.id]);
      assert.deepEqual((await store.listUnsettled(2)).map((s) => s.id), [soon.id, middle.id]);
      assert.deepEqual((await store.listUnsettled(100))[1], middle);
    });

    it('drops a session from the unsettled list once a write settles it, and re-sorts one whose expiry moved', async () => {
      const { store } = await makeStore();
      const t = Date.now();
      const [expired, paid, review, checked, other] = [1, 2, 3, 4, 5].map((n) => sampleSession({ expiresAt: t + n * 1_000 }));
      for (const s of [expired, paid, review, checked, other]) await store.insert(s!);
      assert.equal(await store.compareAndSet({ ...expired!, version: 2, status: 'expired', settled: true }, 1), true);
      assert.equal(await store.compareAndSet({ ...paid!, version: 2, status: 'succeeded', transaction: paidTransaction(paid!) }, 1), true);
      assert.equal(await store.compareAndSet({ ...review!, version: 2, status: 'needs_review', reason: { code: 'unknown_outcome', message: 'x' } as StoredSession['reason'] }, 1), true);
      assert.equal(await store.compareAndSet({ ...checked!, version: 2, expiresAt: t + 10_000, unknown: { since: t, attempts: 1 } }, 1), true);
      assert.deepEqual((await store.listUnsettled(100)).map((s) => s.id), [other!.id, checked!.id]);
      assert.equal(await store.compareAndSet({ ...other!, version: 2, expiresAt: t + 20_000 }, 1), true);
      assert.deepEqual((await store.listUnsettled(100)).map((s) => s.id), [checked!.id, other!.id]);
      assert.equal((await store.listUnsettled(100))[0]?.version, 2);
    });

    it('lists sessions in review newest first, and drops one a late payment settles', async () => {
      const { store } = await makeStore();
      const t = Date.now();
      const oldest = sampleSession({ createdAt: t - 3_000 });
      const middle = sampleSession({ createdAt: t - 2_000 });
      const newest = sampleSession({ createdAt: t - 1_000, status: 'needs_review' });
      const pending = sampleSession({ createdAt: t });
      for (const s of [oldest, middle, newest, pending]) await store.insert(s);
      for (const s of [oldest, middle]) assert.equal(await store.compareAndSet({ ...s, version: 2, status: 'needs_review' }, 1), true);
      assert.deepEqual((await store.listNeedsReview(100)).map((s) => s.id), [newest.id, middle.id, oldest.id]);
      assert.deepEqual((await store.listNeedsReview(2)).map((s) => s.id), [newest.id, middle.id]);
      assert.equal(await store.compareAndSet({ ...middle, version: 3, status: 'succeeded', transaction: paidTransaction(middle) }, 2), true);
      assert.deepEqual((await store.listNeedsReview(100)).map((s) => s.id), [newest.id, oldest.id]);
      assert.deepEqual((await store.listSucceededSales(100)).map((s) => s.id), [middle.id]);
      assert.deepEqual((await store.listUnsettled(100)).map((s) => s.id), [pending.id]);
    });

    it('lists succeeded sales newest first', async () => {
      const { store } = await makeStore();
      const tag = crypto.randomUUID();
      const older = sampleSession({ createdAt: Date.now() - 1_000, orderReference: tag });
      const newer = sampleSession({ createdAt: Date.now(), orderReference: tag });
      const unpaid = sampleSession({ orderReference: tag });
      for (const s of [older, newer, unpaid]) await store.insert(s);
      for (const s of [older, newer]) await store.compareAndSet({ ...s, version: 2, status: 'succeeded' }, 1);
      const listed = (await store.listSucceededSales(100)).filter((s) => s.orderReference === tag).map((s) => s.id);
      assert.deepEqual(listed, [newer.id, older.id]);
    });

    if (traits.forgetsAfterRetention) {
      it('forgets a session after its retention time, in lookups and lists', async () => {
        const { store, advance } = await makeStore();
        const session = sampleSession({ retainUntil: Date.now() + 150 });
        const review = sampleSession({ retainUntil: Date.now() + 150, status: 'needs_review' });
        await store.insert(session);
        await store.insert(review);
        assert.ok(await store.get(session.id));
        assert.equal((await store.listUnsettled(100)).length, 1);
        await advance(300);
        assert.equal(await store.get(session.id), undefined);
        assert.equal(await store.findByPaymentSessionId(session.secrets.paymentSessionId!), undefined);
        assert.deepEqual(await store.listUnsettled(100), []);
        assert.deepEqual(await store.listNeedsReview(100), []);
      });
    } else {
      it("keeps a session past its retention time: the shop's record is never deleted", async () => {
        const { store } = await makeStore();
        const session = sampleSession({ retainUntil: Date.now() - 60_000 });
        await store.insert(session);
        assert.deepEqual(await store.get(session.id), session);
        assert.equal((await store.findByReferenceNo(session.referenceNo))?.id, session.id);
        assert.deepEqual((await store.listUnsettled(100)).map((s) => s.id), [session.id]);
      });
    }
  });
}

contract(
  'MemorySessionStore',
  () => {
    let offset = 0;
    return {
      store: new MemorySessionStore({ now: () => Date.now() + offset }),
      advance: (ms) => {
        offset += ms;
      },
    };
  },
  { forgetsAfterRetention: true },
);

describe('RedisSessionStore against a real redis-server', () => {
  let server: RedisServer | undefined;
  let redis: Redis;

  before(async () => {
    // Its own directory (startRedis makes one): a test turns RDB snapshots on for a moment.
    server = await startRedis();
    redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
  });
  after(async () => {
    await redis?.quit();
    await server?.stop();
  });

  contract(
    'RedisSessionStore',
    () => {
      const store = new RedisSessionStore({ redis, keyPrefix: `test:${crypto.randomUUID()}:`, durabilityCheck: false });
      // Redis expires keys on its own clock: let real time pass.
      return { store, advance: realTime };
    },
    { forgetsAfterRetention: true },
  );

  describe('durability check', () => {
    it('warns at construction when a restart would lose every session (no AOF, no snapshots)', async () => {
      const warning = await new Promise<string>((resolve) => {
        new RedisSessionStore({ redis, onWarning: resolve });
      });
      assert.match(warning, /may not keep its data across a restart/);
      assert.match(warning, /appendonly="no" save=""/);
      const store = new RedisSessionStore({ redis, durabilityCheck: false });
      const result = await store.checkDurability();
      assert.equal(result.durable, false);
      assert.equal(result.appendonly, 'no');
      assert.equal(result.save, '');
    });

    it('counts RDB snapshots as durable, noting what a crash can still lose', async () => {
      const store = new RedisSessionStore({ redis, durabilityCheck: false });
      await redis.config('SET', 'save', '3600 1');
      try {
        const result = await store.checkDurability();
        assert.equal(result.durable, true);
        assert.equal(result.save, '3600 1');
        assert.match(result.note ?? '', /since the last snapshot/);
      } finally {
        await redis.config('SET', 'save', '');
      }
    });

    it('answers "not durable, cannot tell" when CONFIG is refused (an ACL or a managed Redis)', async () => {
      await redis.call('ACL', 'SETUSER', 'no-config', 'on', 'nopass', '~*', '&*', '+@all', '-config');
      const limited = new Redis({ host: '127.0.0.1', port: server!.port, username: 'no-config', password: 'unused', maxRetriesPerRequest: 1 });
      try {
        const warning = await new Promise<string>((resolve) => {
          new RedisSessionStore({ redis: limited, onWarning: resolve });
        });
        assert.match(warning, /CONFIG GET failed/);
        const result = await new RedisSessionStore({ redis: limited, durabilityCheck: false }).checkDurability();
        assert.deepEqual({ ...result, note: undefined }, { durable: false, appendonly: 'unknown', save: 'unknown', note: undefined });
        assert.match(result.note ?? '', /NOPERM/);
      } finally {
        await limited.quit();
        await redis.call('ACL', 'DELUSER', 'no-config');
      }
    });
  });
});

describe('SqlSessionStore on PGlite (a directory on disk)', () => {
  let dir: string;
  let client: SqlClient | undefined;

  before(
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'paynet-pglite-'));
      client = await openPgliteClient(join(dir, 'contract'));
    },
    { timeout: DATABASE_START_TIMEOUT_MS },
  );
  after(async () => {
    await client?.close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  // One database; each test gets its own tables, as each Redis test gets its own key prefix.
  contract('SqlSessionStore on PGlite', async () => ({ store: await SqlSessionStore.open(client!, { tablePrefix: tablePrefix() }), advance: realTime }), {
    forgetsAfterRetention: false,
  });

  it('loses nothing across a close and reopen, nor when its process is killed (SIGKILL, no close)', { timeout: 3 * DATABASE_START_TIMEOUT_MS }, async () => {
    const dataDir = join(dir, 'restarted');
    const first = await openPgliteStore({ dataDir });
    const open = sampleSession();
    const paid = sampleSession({ createdAt: Date.now() - 1_000 });
    const review = sampleSession({ status: 'needs_review' });
    for (const s of [open, paid, review]) await first.insert(s);
    await first.compareAndSet({ ...paid, version: 2, status: 'succeeded', settled: true, transaction: paidTransaction(paid) }, 1);
    await first.claimIdempotencyKey('sessions:k1', { sessionId: open.id, fingerprint: 'f' }, 600_000);
    await first.close();

    const reopened = await openPgliteStore({ dataDir });
    try {
      assert.deepEqual(await reopened.get(open.id), open);
      assert.equal((await reopened.get(paid.id))?.status, 'succeeded');
      assert.equal((await reopened.findByPaymentSessionId(paid.secrets.paymentSessionId!))?.version, 2);
      assert.deepEqual((await reopened.listUnsettled(100)).map((s) => s.id), [open.id]);
      assert.deepEqual((await reopened.listNeedsReview(100)).map((s) => s.id), [review.id]);
      assert.deepEqual((await reopened.listSucceededSales(100)).map((s) => s.id), [paid.id]);
      assert.deepEqual(await reopened.findByIdempotencyKey('sessions:k1'), { sessionId: open.id, fingerprint: 'f' });
    } finally {
      await reopened.close();
    }

    // Another process writes, is told the writes are done, and dies without closing anything.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openPgliteStore } = await import(process.env.PGLITE_MODULE);
         const store = await openPgliteStore({ dataDir: process.env.PGLITE_DIR });
         const session = JSON.parse(process.env.SESSION);
         if (!(await store.compareAndSet({ ...session, version: 2, status: 'succeeded', settled: true }, 1))) throw new Error('refused');
         process.stdout.write('written\\n', () => process.kill(process.pid, 'SIGKILL'));`,
      ],
      {
        env: { ...process.env, PGLITE_MODULE: new URL('../../server/store/pglite.ts', import.meta.url).href, PGLITE_DIR: dataDir, SESSION: JSON.stringify(open) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    assert.equal(signal, 'SIGKILL', `the writing process ended with ${code}: ${output}`);
    assert.match(output, /written/);

    const afterKill = await openPgliteStore({ dataDir });
    try {
      const stored = await afterKill.get(open.id);
      assert.equal(stored?.status, 'succeeded');
      assert.equal(stored?.version, 2);
      assert.deepEqual(await afterKill.listUnsettled(100), []);
      assert.deepEqual((await afterKill.listSucceededSales(100)).map((s) => s.id), [open.id, paid.id]);
    } finally {
      await afterKill.close();
    }
  });
});

describe('SqlSessionStore on a real PostgreSQL server', () => {
  let cluster: PostgresCluster | undefined;
  let pool: Pool | undefined;

  before(
    async () => {
      cluster = await startPostgres();
      pool = new Pool({ host: '127.0.0.1', port: cluster.port, user: 'postgres', database: 'postgres', max: 8 });
    },
    { timeout: DATABASE_START_TIMEOUT_MS },
  );
  after(async () => {
    await pool?.end();
    cluster?.stop();
  });

  contract('SqlSessionStore on PostgreSQL', async () => ({ store: await openPostgresStore({ pool: pool!, tablePrefix: tablePrefix() }), advance: realTime }), {
    forgetsAfterRetention: false,
  });

  it('opens its own pool from a connection string; several processes starting at once create the tables once', async () => {
    const prefix = tablePrefix();
    const connectionString = `postgres://postgres@127.0.0.1:${cluster!.port}/postgres`;
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ connectionString, tablePrefix: prefix, max: 2 })));
    try {
      const session = sampleSession();
      assert.equal(await stores[0]!.insert(session), true);
      assert.deepEqual(await stores[3]!.get(session.id), session);
      const { rows } = await pool!.query<{ n: string }>('SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE $1', [`${prefix}%`]);
      assert.equal(rows[0]?.n, '3');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('refuses a database whose schema a newer version of the kit wrote', async () => {
    const prefix = tablePrefix();
    await openPostgresStore({ pool: pool!, tablePrefix: prefix });
    await pool!.query(`UPDATE ${prefix}schema SET version = 99`);
    await assert.rejects(openPostgresStore({ pool: pool!, tablePrefix: prefix }), /schema version 99/);
  });
});

/** Fresh table names for one test, in a database the tests share. */
function tablePrefix(): string {
  return `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}_`;
}
