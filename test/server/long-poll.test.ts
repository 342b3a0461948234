/**
 * Long-poll over real HTTP against the simulator: `GET {statusUrl}?wait=N` is held while the
 * session is pending and answered as soon as a webhook (on this instance, or on another sharing
 * one real Redis) records the payment; time-up answers what a plain GET answers; a client that
 * goes releases its waiter; `statusWaitSeconds: 0` turns it all off; 100 waiting tabs cost no
 * more Paynet calls than the per-session interval allows; a frozen store cannot hold a request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import type { PaynetCheckoutBackendOptions } from '../../server/backend.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { RedisSessionStore } from '../../server/store/redis-store.js';
import type { SessionStore } from '../../server/store/session-store.js';
import { startRedis, type RedisServer } from '../support/services.js';
import { SimControl, clientConfig, errorSink, eventually, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '25.00', instalment: 1, currency: 'TRY' };
/** Generous bounds for a loaded 2-core machine; the measured figures are printed. */
const WAKE_BOUND_MS = 1_500;

interface StatusChange {
  sessionId: string;
  status: string;
  at: number;
}

let sim: Simulator;
let control: SimControl;

before(async () => {
  sim = await startTestSimulator();
  control = new SimControl(sim.url);
});
after(async () => {
  await sim.close();
});

/** A backend over real HTTP that only learns by webhook (its own refresh interval is a minute). */
async function serve(overrides: Partial<PaynetCheckoutBackendOptions> = {}): Promise<ServedBackend & { changes: StatusChange[] }> {
  const changes: StatusChange[] = [];
  const served = await serveBackend({
    paynet: clientConfig(sim.url),
    store: new MemorySessionStore(),
    statusMinIntervalMs: 60_000,
    rateLimit: false,
    reconcile: false,
    webhookRateLimit: false,
    onStatusChange: (change) => changes.push(change),
    ...errorSink(),
    ...overrides,
  });
  return Object.assign(served, { changes });
}

async function createSale(api: ServedBackend): Promise<SessionResponse & { psid: string }> {
  const session = await json<SessionResponse>(await api.post('/api/paynet/sessions', SALE, { 'idempotency-key': crypto.randomUUID() }));
  const psid = (await control.sessionByReference(session.referenceNo)).payment_session_id;
  return { ...session, psid };
}

/** The long-poll, with when its answer arrived (Date.now(), as `onStatusChange` reports). */
async function longPoll(api: ServedBackend, statusUrl: string, query: string, signal?: AbortSignal): Promise<{ status: StatusResponse; response: Response; arrivedAt: number; tookMs: number }> {
  const sentAt = Date.now();
  const response = await api.fetch(`${statusUrl}${query}`, signal ? { signal } : {});
  const status = await json<StatusResponse>(response);
  const arrivedAt = Date.now();
  return { status, response, arrivedAt, tookMs: arrivedAt - sentAt };
}

async function held(api: ServedBackend, count: number): Promise<void> {
  await eventually(async () => (api.backend.waitingRequests() >= count ? true : undefined), `${count} held long-poll(s)`, 10_000);
}

/** The phone pays; Paynet's notice reaches `api`. */
async function payAndNotify(api: ServedBackend, session: { psid: string; referenceNo: string }): Promise<void> {
  await control.approve(session.psid);
  const answer = await api.post('/api/paynet/webhook', { object_name: 'SoftposTransaction', payment_session_id: session.psid, reference_no: session.referenceNo, is_succeed: true });
  assert.equal(answer.status, 200);
}

/** How long after the backend learned the success (onStatusChange) the held answer arrived; printed and bounded. */
function assertWokeSoon(changes: readonly StatusChange[], sessionId: string, arrivedAt: number, heldMs: number, what: string): void {
  const learned = changes.find((c) => c.sessionId === sessionId && c.status === 'succeeded');
  assert.ok(learned, 'onStatusChange reported the success');
  const wakeMs = arrivedAt - learned.at;
  console.log(`# long-poll wake, ${what}: ${wakeMs} ms after the backend learned the result (held ${heldMs} ms)`);
  assert.ok(wakeMs >= 0 && wakeMs < WAKE_BOUND_MS, `woke ${wakeMs} ms after the change`);
}

describe('long-poll, memory store', () => {
  let api: ServedBackend & { changes: StatusChange[] };
  let store: MemorySessionStore;
  before(async () => {
    store = new MemorySessionStore();
    api = await serve({ store, statusWaitSeconds: 5 });
  });
  after(async () => {
    await api.close();
  });

  it('advertises the longest hold in the session answer', async () => {
    const session = await createSale(api);
    assert.equal(session.statusWaitSeconds, 5);
  });

  it('wakes a held request within moments of the webhook, with the payment', async () => {
    const session = await createSale(api);
    const poll = longPoll(api, session.statusUrl, '?wait=5');
    await held(api, 1);
    await payAndNotify(api, session);
    const { status, tookMs, arrivedAt } = await poll;
    assert.equal(status.status, 'succeeded');
    assertWokeSoon(api.changes, session.sessionId, arrivedAt, tookMs, 'memory store');
    assert.equal(api.backend.waitingRequests(), 0);
    assert.equal(store.listenerCount, 0);
  });

  it('answers at time-up exactly what a plain GET answers', async () => {
    const session = await createSale(api);
    const { status, response, tookMs } = await longPoll(api, session.statusUrl, '?wait=1');
    const plain = await api.fetch(session.statusUrl);
    assert.deepEqual(status, await json<StatusResponse>(plain));
    assert.equal(status.status, 'pending');
    assert.equal(response.headers.get('retry-after'), plain.headers.get('retry-after'));
    assert.ok(tookMs >= 900, `held ${tookMs} ms for wait=1`);
  });

  it('answers a session that is not pending at once', async () => {
    const session = await createSale(api);
    await payAndNotify(api, session);
    await eventually(async () => ((await json<StatusResponse>(await api.fetch(session.statusUrl))).status === 'succeeded' ? true : undefined), 'the payment recorded');
    const { status, tookMs } = await longPoll(api, session.statusUrl, '?wait=5');
    assert.equal(status.status, 'succeeded');
    assert.ok(tookMs < 1_000, `answered in ${tookMs} ms`);
  });

  it('clamps wait: not a number, zero or negative answers at once; a huge one holds for the maximum', async () => {
    const session = await createSale(api);
    for (const query of ['?wait=abc', '?wait=-3', '?wait=0', '?wait=', '?wait=NaN']) {
      const { status, tookMs } = await longPoll(api, session.statusUrl, query);
      assert.equal(status.status, 'pending');
      assert.ok(tookMs < 1_000, `${query} answered in ${tookMs} ms`);
    }
    const short = await serve({ statusWaitSeconds: 1 });
    try {
      const other = await createSale(short);
      const { status, tookMs } = await longPoll(short, other.statusUrl, '?wait=1e999');
      assert.equal(status.status, 'pending');
      assert.ok(tookMs >= 900 && tookMs < 4_000, `wait=1e999 held ${tookMs} ms with a 1 s maximum`);
    } finally {
      await short.close();
    }
  });

  it('releases the waiter and its store listener when the client goes', async () => {
    const session = await createSale(api);
    const controller = new AbortController();
    const poll = longPoll(api, session.statusUrl, '?wait=5', controller.signal).catch((error: unknown) => error);
    await held(api, 1);
    assert.equal(store.listenerCount, 1);
    controller.abort();
    await poll;
    await eventually(async () => (api.backend.waitingRequests() === 0 && store.listenerCount === 0 ? true : undefined), 'the waiter released');
  });

  it('holds many requests on one session with one store listener, and answers them all', async () => {
    const session = await createSale(api);
    const polls = Array.from({ length: 20 }, () => longPoll(api, session.statusUrl, '?wait=5'));
    await held(api, 20);
    assert.equal(store.listenerCount, 1);
    await payAndNotify(api, session);
    for (const { status } of await Promise.all(polls)) assert.equal(status.status, 'succeeded');
    assert.equal(store.listenerCount, 0);
  });

  it('reports a cancel through onStatusChange and answers a held request with it', async () => {
    const session = await createSale(api);
    const poll = longPoll(api, session.statusUrl, '?wait=5');
    await held(api, 1);
    assert.equal((await api.post(`${session.statusUrl}/cancel`, {})).status, 200);
    assert.equal((await poll).status.status, 'cancelled');
    assert.ok(api.changes.some((c) => c.sessionId === session.sessionId && c.status === 'cancelled'));
  });
});

describe('long-poll off (statusWaitSeconds: 0)', () => {
  it('does not advertise it and answers wait at once', async () => {
    const api = await serve({ statusWaitSeconds: 0 });
    try {
      const session = await createSale(api);
      assert.equal('statusWaitSeconds' in session, false);
      const { status, tookMs } = await longPoll(api, session.statusUrl, '?wait=5');
      assert.equal(status.status, 'pending');
      assert.ok(tookMs < 1_000, `answered in ${tookMs} ms`);
      assert.equal(api.backend.waitingRequests(), 0);
    } finally {
      await api.close();
    }
  });
});

describe('long-poll keeps Paynet calls bounded by the per-session interval', () => {
  it('100 requests waiting on one session over several intervals: check_transaction calls ≤ intervals + 1', async () => {
    const intervalMs = 400;
    const api = await serve({ statusMinIntervalMs: intervalMs, statusWaitSeconds: 3 });
    try {
      const session = await createSale(api);
      const count = async () => (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === session.psid).length;
      const before = await count();
      const startedAt = Date.now();
      const polls = await Promise.all(Array.from({ length: 100 }, () => longPoll(api, session.statusUrl, '?wait=3')));
      const elapsedMs = Date.now() - startedAt;
      for (const { status } of polls) assert.equal(status.status, 'pending');
      const calls = (await count()) - before;
      const intervals = Math.ceil(elapsedMs / intervalMs);
      console.log(`# 100 waiters for ${elapsedMs} ms (${intervals} intervals of ${intervalMs} ms): ${calls} check_transaction calls`);
      assert.ok(calls <= intervals + 1, `${calls} calls in ${intervals} intervals`);
      // Webhooks may be off or lost: the waiting still asks Paynet.
      assert.ok(calls >= 2, `${calls} calls: the waiters refreshed from Paynet`);
    } finally {
      await api.close();
    }
  });
});

describe('long-poll when something behind it hangs', () => {
  it('a store that freezes mid-hold does not keep the request past its wait', async () => {
    const memory = new MemorySessionStore();
    let frozen = false;
    const never = new Promise<never>(() => undefined);
    const store: SessionStore = new Proxy(memory, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function' || property === 'close' || property === 'subscribe') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => (frozen ? never : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    const api = await serve({ store, statusMinIntervalMs: 300, statusWaitSeconds: 2, storeTimeoutMs: 300 });
    try {
      const session = await createSale(api);
      const poll = longPoll(api, session.statusUrl, '?wait=2');
      await held(api, 1);
      frozen = true;
      const { status, tookMs } = await poll;
      assert.equal(status.status, 'pending');
      assert.ok(tookMs < 2_000 + 3_000, `answered in ${tookMs} ms`);
    } finally {
      frozen = false;
      await api.close();
    }
  });

  it('a Paynet that hangs does not keep the request past its wait', async () => {
    const api = await serve({ statusMinIntervalMs: 300, statusWaitSeconds: 2 });
    try {
      const session = await createSale(api);
      await control.faults({ path: PATHS.checkTransaction, hang: 100 });
      const { status, tookMs } = await longPoll(api, session.statusUrl, '?wait=2');
      assert.equal(status.status, 'pending');
      assert.ok(tookMs < 2_000 + 3_000, `answered in ${tookMs} ms`);
    } finally {
      await control.clearFaults();
      await api.close();
    }
  });
});

describe('long-poll across two instances sharing one real Redis', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await server?.stop();
  });

  const redisStore = (prefix: string): RedisSessionStore => {
    const redis = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 1 });
    clients.push(redis);
    return new RedisSessionStore({ redis, keyPrefix: prefix, durabilityCheck: false });
  };

  it("a webhook on instance A wakes the request held on instance B (pub/sub), and B's listener goes after", async () => {
    const prefix = `lp:${crypto.randomUUID()}:`;
    const storeA = redisStore(prefix);
    const storeB = redisStore(prefix);
    const a = await serve({ store: storeA, statusWaitSeconds: 10 });
    const b = await serve({ store: storeB, statusWaitSeconds: 10 });
    try {
      const session = await createSale(a);
      // Held on B, which refreshes only once a minute: only A's write can wake it in time.
      const poll = longPoll(b, session.statusUrl, '?wait=10');
      await held(b, 1);
      await payAndNotify(a, session);
      const { status, arrivedAt, tookMs } = await poll;
      assert.equal(status.status, 'succeeded');
      assert.equal(b.changes.length, 0, 'instance B wrote nothing');
      assertWokeSoon(a.changes, session.sessionId, arrivedAt, tookMs, 'across instances (Redis pub/sub)');
      assert.equal(b.backend.waitingRequests(), 0);
      assert.equal(storeB.listenerCount, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
