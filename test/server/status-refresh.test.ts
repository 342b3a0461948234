/**
 * StatusRefresher against a real simulator: a poll whose copy of the session was read before
 * another refresh recorded the payment must not answer "pending" (with a networked store the
 * read and the refresher's call are separated by I/O, so this gap is real).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaynetClient } from '../../server/paynet-client.js';
import { StatusRefresher } from '../../server/status-refresh.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { clientConfig, errorSink, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

let sim: Simulator;
let served: ServedBackend;
const store = new MemorySessionStore();

before(async () => {
  sim = await startTestSimulator();
  served = await serveBackend({ paynet: clientConfig(sim.url), store, rateLimit: false, ...errorSink() });
});
after(async () => {
  await served.close();
  await sim.close();
});

describe('StatusRefresher', () => {
  it('answers a stale copy of a session with the payment recorded since it was read', async () => {
    const created = await json<{ sessionId: string }>(
      await served.post('/api/paynet/sessions', { amount: '25.00', instalment: 1, currency: 'TRY' }, { 'idempotency-key': 'stale-copy-1' }),
    );
    const refresher = new StatusRefresher({
      client: new PaynetClient(clientConfig(sim.url)),
      store,
      minIntervalMs: 60_000,
      latePaymentWindowMs: 60_000,
      reviewGraceMs: 60_000,
      cardCheckAfterMs: 30_000,
      answerWithinMs: 2_000,
      finishedRetentionMs: 60_000,
      onNeedsReview: () => {},
      now: Date.now,
      onError: () => {},
    });
    const staleCopy = await store.get(created.sessionId);
    assert.equal(staleCopy?.status, 'pending');
    // Another poll (or the webhook) finished its check and recorded the payment meanwhile.
    await refresher.record(created.sessionId, {
      type: 'paid',
      transaction: { referenceNo: staleCopy.referenceNo, amount: '25.00', currency: 'TRY', instalment: 1, cardMasked: '4355 08** **** 4358' },
    });
    // Not due (just checked), nothing in flight: the answer must still be the stored truth.
    const answer = await refresher.current({ ...staleCopy, lastCheckedAt: Date.now() });
    assert.equal(answer.status, 'succeeded');
  });
});
