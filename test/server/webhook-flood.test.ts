/**
 * Webhooks are hints, not commands: a burst naming a real session costs at most two Paynet
 * calls (one at once, one after the interval), unknown references cost none, and one client
 * flooding the route is told 429.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { SimControl, clientConfig, errorSink, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '25.00', instalment: 1, currency: 'TRY' };
const MIN_INTERVAL_MS = 1_000;

describe('webhook flood', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
    api = await serveBackend({
      paynet: clientConfig(sim.url),
      store: new MemorySessionStore(),
      statusMinIntervalMs: MIN_INTERVAL_MS,
      rateLimit: false,
      reconcile: false,
      webhookRateLimit: { capacity: 60, refillPerMinute: 60 },
      onError: errorSink().onError,
    });
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('answers a burst of 50 notices naming a real reference with at most two Paynet calls, and records the payment', async () => {
    const session = await json<SessionResponse>(await api.post('/api/paynet/sessions', SALE, { 'idempotency-key': crypto.randomUUID() }));
    const psid = (await control.sessionByReference(session.referenceNo)).payment_session_id;
    await control.approve(psid);
    const before = (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid).length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => api.post('/api/paynet/webhook', { reference_no: session.referenceNo })));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    // Wait past the interval, so a deferred check has had its chance to run too.
    await new Promise((resolve) => setTimeout(resolve, MIN_INTERVAL_MS * 2));
    const calls = (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid).length - before;
    assert.ok(calls >= 1 && calls <= 2, `${calls} check_transaction calls for 50 notices`);
    const status = await json<StatusResponse>(await api.fetch(session.statusUrl));
    assert.equal(status.status, 'succeeded');
  });

  // The three tests share one client address and its bucket of 60: 50 + 5 stay under it, the flood goes over.
  it('costs no Paynet call for a reference it does not know', async () => {
    const before = (await control.calls()).length;
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => api.post('/api/paynet/webhook', { reference_no: `PC-UNKNOWN-${i}` })));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.equal((await control.calls()).length, before);
  });

  it('tells one client flooding the route to slow down', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) statuses.push((await api.post('/api/paynet/webhook', { reference_no: `PC-FLOOD-${i}` })).status);
    assert.ok(statuses.includes(429), 'some notices answered 429');
    const limited = await api.post('/api/paynet/webhook', { reference_no: 'PC-FLOOD-x' });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});
