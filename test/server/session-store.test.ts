/**
 * One contract, two stores: every test runs against MemorySessionStore and against
 * RedisSessionStore on a real redis-server started here (CI installs it; without it this file
 * fails, on purpose, rather than skipping).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import { updateSession, type SessionStore, type StoredSession } from '../../server/store/session-store.js';

function sampleSession(overrides: Partial<StoredSession> = {}): StoredSession {
  const id = overrides.id ?? `s${crypto.randomUUID().replace(/-/g, '').slice(0, 21)}`;
  return {
    id,
    version: 1,
    kind: 'sale',
    channel: 'paypos',
    status: 'pending',
    referenceNo: `PC${id}`,
    amount: '149.90',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: 'paypos://pay?session=x',
    createdAt: Date.now(),
    expiresAt: Date.now() + 60_000,
    retainUntil: Date.now() + 3_600_000,
    secrets: { paymentSessionId: `psid-${id}`, encryptionKey: 'enc_sim_test' },
    ...overrides,
  };
}

function contract(name: string, makeStore: () => { store: SessionStore; advance: (ms: number) => Promise<void> | void }): void {
  describe(`${name} (SessionStore contract)`, () => {
    it('stores and returns a session, and refuses a second insert with the same id', async () => {
      const { store } = makeStore();
      const session = sampleSession();
      assert.equal(await store.insert(session), true);
      assert.deepEqual(await store.get(session.id), session);
      assert.equal(await store.insert({ ...session, amount: '1.00' }), false);
      assert.equal((await store.get(session.id))?.amount, '149.90');
    });

    it('finds a session by payment_session_id and by reference_no', async () => {
      const { store } = makeStore();
      const session = sampleSession();
      await store.insert(session);
      assert.equal((await store.findByPaymentSessionId(session.secrets.paymentSessionId!))?.id, session.id);
      assert.equal((await store.findByReferenceNo(session.referenceNo))?.id, session.id);
      assert.equal(await store.findByPaymentSessionId('nope'), undefined);
    });

    it('refuses a write based on a stale version', async () => {
      const { store } = makeStore();
      const session = sampleSession();
      await store.insert(session);
      assert.equal(await store.compareAndSet({ ...session, version: 2, lastCheckedAt: 1 }, 1), true);
      assert.equal(await store.compareAndSet({ ...session, version: 2, lastCheckedAt: 2 }, 1), false);
      assert.equal((await store.get(session.id))?.lastCheckedAt, 1);
    });

    it('never turns a success into anything else, even with the right version', async () => {
      const { store } = makeStore();
      const session = sampleSession();
      await store.insert(session);
      const paid = { ...session, version: 2, status: 'succeeded' as const, transaction: { referenceNo: session.referenceNo, amount: '149.90', currency: 'TRY' as const, instalment: 1 } };
      assert.equal(await store.compareAndSet(paid, 1), true);
      assert.equal(await store.compareAndSet({ ...paid, version: 3, status: 'cancelled' }, 2), false);
      assert.equal(await store.compareAndSet({ ...paid, version: 3, status: 'expired' }, 2), false);
      assert.equal((await store.get(session.id))?.status, 'succeeded');
      assert.equal(await store.compareAndSet({ ...paid, version: 3, reversedBySessionId: 'r1' }, 2), true);
    });

    it('lets a cancelled session become a success (a late payment is money taken)', async () => {
      const { store } = makeStore();
      const session = sampleSession({ status: 'cancelled' });
      await store.insert(session);
      assert.equal(await store.compareAndSet({ ...session, version: 2, status: 'succeeded' }, 1), true);
    });

    it('applies concurrent updates one after another, losing none', async () => {
      const { store } = makeStore();
      const session = sampleSession({ lastCheckedAt: 0 });
      await store.insert(session);
      await Promise.all(Array.from({ length: 10 }, () => updateSession(store, session.id, (s) => ({ ...s, lastCheckedAt: (s.lastCheckedAt ?? 0) + 1 }))));
      const final = await store.get(session.id);
      assert.equal(final?.lastCheckedAt, 10);
      assert.equal(final?.version, 11);
    });

    it('claims an idempotency key once, and frees only its own claim', async () => {
      const { store } = makeStore();
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

    it('lists succeeded sales newest first', async () => {
      const { store } = makeStore();
      const tag = crypto.randomUUID();
      const older = sampleSession({ createdAt: Date.now() - 1_000, orderReference: tag });
      const newer = sampleSession({ createdAt: Date.now(), orderReference: tag });
      const unpaid = sampleSession({ orderReference: tag });
      for (const s of [older, newer, unpaid]) await store.insert(s);
      for (const s of [older, newer]) await store.compareAndSet({ ...s, version: 2, status: 'succeeded' }, 1);
      const listed = (await store.listSucceededSales(100)).filter((s) => s.orderReference === tag).map((s) => s.id);
      assert.deepEqual(listed, [newer.id, older.id]);
    });

    it('forgets a session after its retention time', async () => {
      const { store, advance } = makeStore();
      const session = sampleSession({ retainUntil: Date.now() + 150 });
      await store.insert(session);
      assert.ok(await store.get(session.id));
      await advance(300);
      assert.equal(await store.get(session.id), undefined);
      assert.equal(await store.findByPaymentSessionId(session.secrets.paymentSessionId!), undefined);
    });
  });
}

let clock = Date.now();
contract('MemorySessionStore', () => ({
  store: new MemorySessionStore({ now: () => clock }),
  advance: (ms) => {
    clock += ms;
  },
}));

describe('RedisSessionStore against a real redis-server', () => {
  let server: ChildProcess | undefined;
  let redis: Redis;
  const stores: RedisSessionStore[] = [];

  before(async () => {
    const binary = findRedisServer();
    const port = await freePort();
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log.slice(-500)}`)));
    });
    redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
  });
  after(async () => {
    await redis?.quit();
    server?.kill('SIGTERM');
  });

  contract('RedisSessionStore', () => {
    const store = new RedisSessionStore({ redis, keyPrefix: `test:${crypto.randomUUID()}:` });
    stores.push(store);
    // Redis expires keys on its own clock: let real time pass.
    return { store, advance: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  });
});

function findRedisServer(): string {
  for (const candidate of ['/usr/bin/redis-server', 'redis-server']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error('redis-server is not installed: the RedisSessionStore tests need it (apt-get install redis-server)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
