/**
 * Races and Paynet faults at the backend, over real HTTP against the simulator: many tabs
 * polling one session, webhooks racing polls, repeated webhooks, Paynet 5xx / dropped /
 * malformed / slow answers while the phone has paid, and cancel racing the payment. The
 * rules: a final state is never downgraded, a paid session is never reported failed,
 * expired or cancelled, and check_transaction per session stays within the min-interval
 * bound. Fault schedules and interleavings are generated with fast-check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { SimControl, clientConfig, errorSink, eventually, json, serveBackend, sleep, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const BASE = '/api/paynet';
const SALE = { amount: '25.00', instalment: 1, currency: 'TRY' } as const;
const RACE_RUNS = Math.max(1, Number(process.env.RACE_RUNS) || 12);

describe('races and Paynet faults at the backend', () => {
  let sim: Simulator;
  let control: SimControl;
  const toClose: ServedBackend[] = [];
  const sink = errorSink();
  const figures: string[] = [];

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
  });
  after(async () => {
    for (const line of figures) console.log(line);
    await Promise.all(toClose.map((b) => b.close()));
    await sim?.close();
  });

  async function backend(options: { statusMinIntervalMs: number; store?: MemorySessionStore; timeoutMs?: number }): Promise<ServedBackend> {
    const served = await serveBackend({
      paynet: clientConfig(sim.url, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      store: options.store ?? new MemorySessionStore(),
      statusMinIntervalMs: options.statusMinIntervalMs,
      rateLimit: false,
      onError: sink.onError,
    });
    toClose.push(served);
    return served;
  }
  async function createSale(api: ServedBackend): Promise<{ session: SessionResponse; psid: string }> {
    const response = await api.post(`${BASE}/sessions`, SALE);
    assert.equal(response.status, 201, await response.clone().text());
    const session = await json<SessionResponse>(response);
    return { session, psid: (await control.sessionByReference(session.referenceNo)).payment_session_id };
  }
  /** One poll: the HTTP status, and the session status when the answer is a 200. */
  async function poll(api: ServedBackend, session: SessionResponse): Promise<{ http: number; status?: StatusResponse['status']; code?: string; body: StatusResponse }> {
    const response = await api.fetch(session.statusUrl);
    const body = (await response.json()) as StatusResponse & { error?: { code: string } };
    return response.status === 200 ? { http: 200, status: body.status, body } : { http: response.status, code: body.error?.code ?? '', body };
  }
  async function checkCalls(psid: string): Promise<number> {
    return (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid).length;
  }

  it('50 tabs polling one session for 2.5 s: check_transaction stays within elapsed / interval + 1', async () => {
    const intervalMs = 200;
    const api = await backend({ statusMinIntervalMs: intervalMs });
    const { session, psid } = await createSale(api);
    // Date.now, the backend's own clock, so the bound is exact in whole milliseconds.
    const started = Date.now();
    const stopAt = started + 2_500;
    let answers = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (Date.now() < stopAt) {
          const answer = await poll(api, session);
          assert.equal(answer.http, 200);
          assert.equal(answer.status, 'pending');
          answers++;
        }
      }),
    );
    const elapsed = Date.now() - started;
    const calls = await checkCalls(psid);
    const bound = Math.floor(elapsed / intervalMs) + 1;
    figures.push(`races: 50 tabs, ${answers} polls in ${Math.round(elapsed)} ms → ${calls} check_transaction calls (bound ${bound})`);
    assert.ok(calls <= bound, `${calls} check_transaction calls in ${Math.round(elapsed)} ms, bound ${bound}`);
    assert.ok(calls >= 2, 'polling went on past one interval, so Paynet was asked again');
    assert.ok(answers > 100);
  });

  it('two backend processes sharing one store: the bound holds across them', async () => {
    const intervalMs = 200;
    const store = new MemorySessionStore();
    const [a, b] = [await backend({ statusMinIntervalMs: intervalMs, store }), await backend({ statusMinIntervalMs: intervalMs, store })];
    const { session, psid } = await createSale(a);
    const started = Date.now();
    const stopAt = started + 1_500;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        while (Date.now() < stopAt) assert.equal((await poll(i % 2 ? a : b, session)).status, 'pending');
      }),
    );
    const elapsed = Date.now() - started;
    const calls = await checkCalls(psid);
    const bound = Math.floor(elapsed / intervalMs) + 1;
    figures.push(`races: 2 processes × 20 tabs, ${Math.round(elapsed)} ms → ${calls} check_transaction calls (bound ${bound})`);
    assert.ok(calls <= bound, `${calls} calls, bound ${bound}`);
  });

  it('webhook and polls racing after the phone paid: every poll answers succeeded', async () => {
    const tally = { pending: 0, succeeded: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('poll', 'webhook'), { minLength: 10, maxLength: 60 }), fc.integer({ min: 0, max: 20 }), async (ops, jitterMs) => {
        const api = await backend({ statusMinIntervalMs: 100 });
        const { session, psid } = await createSale(api);
        await control.approve(psid);
        await Promise.all(
          ops.map(async (op, i) => {
            await sleep((i * jitterMs) % 25);
            if (op === 'webhook') {
              const response = await api.post(`${BASE}/webhook`, { object_name: 'softpos', payment_session_id: psid, is_succeed: true });
              assert.equal(response.status, 200);
              await response.body?.cancel();
              return;
            }
            const answer = await poll(api, session);
            assert.equal(answer.http, 200);
            tally[answer.status as 'pending' | 'succeeded']++;
            // One process with an in-memory store: a poll either starts the check, joins the
            // one in flight, or reads its result, so none may report the paid session pending.
            assert.equal(answer.status, 'succeeded', `poll ${i} (${op}s before it: ${ops.slice(0, i).join(',')})`);
          }),
        );
        await sleep(110);
        assert.equal((await poll(api, session)).status, 'succeeded');
        await api.close();
        toClose.splice(toClose.indexOf(api), 1);
      }),
      { numRuns: RACE_RUNS },
    );
    figures.push(`races: webhook vs polls after payment, ${RACE_RUNS} runs: ${tally.succeeded} polls answered succeeded, ${tally.pending} pending`);
  });

  it('the same webhook 20 times, at once and one after another: one payment, one transaction, no extra Paynet calls', async () => {
    const api = await backend({ statusMinIntervalMs: 60_000 });
    const { session, psid } = await createSale(api);
    await control.approve(psid);
    const notice = { object_name: 'softpos', payment_session_id: psid, reference_no: session.referenceNo, is_succeed: true };
    const burst = await Promise.all(Array.from({ length: 20 }, () => api.post(`${BASE}/webhook`, notice)));
    for (const response of burst) assert.deepEqual(await response.json(), { received: true });
    const first = await poll(api, session);
    assert.equal(first.status, 'succeeded');
    const callsAfterBurst = await checkCalls(psid);
    for (let i = 0; i < 20; i++) assert.equal((await api.post(`${BASE}/webhook`, notice)).status, 200);
    const again = await poll(api, session);
    assert.deepEqual(again.body.transaction, first.body.transaction, 'the same transaction every time');
    assert.equal(await checkCalls(psid), callsAfterBurst, 'a paid session is not checked again for repeated notices');
    assert.ok(callsAfterBurst >= 1 && callsAfterBurst <= 20, `${callsAfterBurst} checks for a burst of 20`);
    figures.push(`races: 20 concurrent + 20 sequential webhooks → ${callsAfterBurst} check_transaction call(s)`);
    const paid = (await control.sessions()).filter((s) => s.reference_no === session.referenceNo);
    assert.equal(paid.length, 1);
  });

  type Fault =
    | { kind: 'fail'; status: 500 | 502 | 503 | 504; count: number }
    | { kind: 'drop'; count: number }
    | { kind: 'malformed'; count: number }
    | { kind: 'slow' };
  const fault: fc.Arbitrary<Fault> = fc.oneof(
    fc.record({ kind: fc.constant('fail' as const), status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const), count: fc.integer({ min: 1, max: 6 }) }),
    fc.record({ kind: fc.constant('drop' as const), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('malformed' as const), count: fc.integer({ min: 1, max: 4 }) }),
    fc.constant({ kind: 'slow' as const }),
  );
  type Step = { op: 'fault'; fault: Fault; allPaths: boolean } | { op: 'poll'; tabs: number } | { op: 'approve' } | { op: 'clear' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('fault' as const), fault, allPaths: fc.boolean() }), weight: 3 },
    { arbitrary: fc.record({ op: fc.constant('poll' as const), tabs: fc.integer({ min: 1, max: 8 }) }), weight: 5 },
    { arbitrary: fc.constant({ op: 'approve' as const }), weight: 1 },
    { arbitrary: fc.constant({ op: 'clear' as const }), weight: 1 },
  );

  it('Paynet 5xx, dropped, malformed and slow answers while polling: never failed, expired or cancelled; succeeded once Paynet answers again', async () => {
    let polls = 0;
    let errorsSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 14 }), async (steps) => {
        // Faults apply to the whole simulator: tests of this file run one at a time, so no one else is affected.
        await control.clearFaults();
        const api = await backend({ statusMinIntervalMs: 0, timeoutMs: 150 });
        const { session, psid } = await createSale(api);
        let approved = false;
        let succeeded = false;
        try {
          for (const s of steps) {
            if (s.op === 'approve' && !approved) {
              await control.approve(psid);
              approved = true;
            } else if (s.op === 'clear') {
              await control.clearFaults();
            } else if (s.op === 'fault') {
              const path = s.allPaths ? {} : { path: PATHS.checkTransaction };
              const f = s.fault;
              await control.faults(
                f.kind === 'fail' ? { ...path, fail: { count: f.count, status: f.status } } : f.kind === 'slow' ? { ...path, latencyMs: 250 } : { ...path, [f.kind]: f.count },
              );
            } else if (s.op === 'poll') {
              const answers = await Promise.all(Array.from({ length: s.tabs }, () => poll(api, session)));
              for (const answer of answers) {
                polls++;
                if (answer.http !== 200) {
                  errorsSeen++;
                  assert.ok([502, 503].includes(answer.http) && ['paynet_unavailable', 'paynet_busy', 'busy'].includes(answer.code ?? ''), `${answer.http} ${answer.code}`);
                  continue;
                }
                assert.ok(answer.status === 'pending' || answer.status === 'succeeded', `a ${approved ? 'paid' : 'pending'} session answered ${answer.status}`);
                if (succeeded) assert.equal(answer.status, 'succeeded', 'downgraded after success');
                if (answer.status === 'succeeded') {
                  assert.ok(approved, 'succeeded before the phone paid');
                  succeeded = true;
                }
              }
            }
          }
          if (!approved) await control.approve(psid);
          await control.clearFaults();
          // Paynet is back; the circuit breaker may hold calls back for a few seconds after a run of failures.
          const final = await eventually(async () => {
            const answer = await poll(api, session);
            return answer.status === 'succeeded' ? answer : undefined;
          }, 'the paid session to be answered succeeded once Paynet is back', 15_000);
          assert.equal(final.status, 'succeeded', 'after the payment and with Paynet back, the session is paid');
        } finally {
          await control.clearFaults();
          await api.close();
          toClose.splice(toClose.indexOf(api), 1);
        }
      }),
      { numRuns: RACE_RUNS },
    );
    figures.push(`races: fault schedules ${RACE_RUNS} runs, ${polls} polls under faults, ${errorsSeen} answered 5xx (retryable)`);
    assert.ok(polls > RACE_RUNS);
  });

  it('cancel racing the payment: succeeded when the payment landed first, and a late payment still wins', async () => {
    let cancelledFirst = 0;
    let paidFirst = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), async (approveDelay, cancelDelay) => {
        const api = await backend({ statusMinIntervalMs: 50 });
        const { session, psid } = await createSale(api);
        let approvedAt = Infinity;
        const approve = sleep(approveDelay).then(async () => {
          await control.approve(psid);
          approvedAt = performance.now();
        });
        const cancel = sleep(cancelDelay).then(async () => {
          const sentAt = performance.now();
          const response = await api.post(`${session.statusUrl}/cancel`, {});
          assert.equal(response.status, 200);
          return { sentAt, answer: await json<StatusResponse>(response) };
        });
        const [, { sentAt, answer }] = await Promise.all([approve, cancel]);
        assert.ok(answer.status === 'cancelled' || answer.status === 'succeeded', answer.status);
        if (approvedAt < sentAt) assert.equal(answer.status, 'succeeded', 'the phone had paid before cancel was sent');
        if (answer.status === 'succeeded') paidFirst++;
        else cancelledFirst++;
        await sleep(60);
        const later = await poll(api, session);
        assert.equal(later.status, 'succeeded', 'a payment after cancel is still found');
        await api.close();
        toClose.splice(toClose.indexOf(api), 1);
      }),
      { numRuns: RACE_RUNS * 2 },
    );
    figures.push(`races: cancel vs approve ${RACE_RUNS * 2} runs: ${paidFirst} answered succeeded, ${cancelledFirst} cancelled then found paid`);
  });
});
