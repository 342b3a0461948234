/**
 * A session whose fate Paynet will not tell (an answer outside its published code table, every
 * time) is never left pending and never called expired: past its window it becomes
 * `needs_review`, visible in the status answer and the back office, with the shop's hook called
 * once; Paynet's own notice later resolves it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import type { StoredSession } from '../../server/store/session-store.js';
import type { TransactionsResponse } from '../../server/types.js';
import { SimControl, clientConfig, errorSink, eventually, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '25.00', instalment: 1, currency: 'TRY' };
const TTL_MS = 60_000;
const GRACE_MS = 30_000;

describe('needs_review', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;
  let clock = Date.now();
  const reviewed: StoredSession[] = [];

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
    api = await serveBackend({
      paynet: clientConfig(sim.url, { circuitBreaker: false }),
      store: new MemorySessionStore({ now: () => clock }),
      now: () => clock,
      sessionTtlMs: TTL_MS,
      reviewGraceMs: GRACE_MS,
      statusMinIntervalMs: 0,
      rateLimit: false,
      reconcile: false,
      exposeTransactions: true,
      onNeedsReview: (session) => reviewed.push(session),
      onError: errorSink().onError,
    });
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  const status = async (session: SessionResponse): Promise<StatusResponse> => json<StatusResponse>(await api.fetch(session.statusUrl));

  it('turns a paid sale Paynet answers only with an unknown code into needs_review, not expired, and a later notice resolves it', async () => {
    const session = await json<SessionResponse>(await api.post('/api/paynet/sessions', SALE, { 'idempotency-key': crypto.randomUUID() }));
    const psid = (await control.sessionByReference(session.referenceNo)).payment_session_id;
    await control.faults({ path: PATHS.checkTransaction, code: { value: 999, count: 1_000 }, afterWork: true });
    await control.approve(psid);

    assert.equal((await status(session)).status, 'pending', 'within its window: still pending');
    clock += TTL_MS + 1_000;
    assert.equal((await status(session)).status, 'pending', 'past expiry, Paynet still unreadable: not expired');
    clock += GRACE_MS;
    const review = await status(session);
    assert.equal(review.status, 'needs_review');
    assert.equal(review.reason?.code, 'needs_review');
    assert.equal(reviewed.length, 1, 'the shop is told once');
    assert.equal(reviewed[0]!.unknown?.code, 999, 'Paynet\'s code is kept');
    await status(session);
    assert.equal(reviewed.length, 1, 'and only once');

    const office = await json<TransactionsResponse>(await api.fetch('/api/paynet/transactions'));
    assert.deepEqual(office.needsReview.map((r) => [r.sessionId, r.paynetCode]), [[session.sessionId, 999]]);

    // Paynet readable again, and its notice arrives: the money it took is recorded.
    await control.clearFaults();
    const notice = await api.post('/api/paynet/webhook', { payment_session_id: psid });
    assert.equal(notice.status, 200);
    const paid = await eventually(async () => {
      const answer = await status(session);
      return answer.status === 'succeeded' ? answer : undefined;
    }, 'the notice to resolve the review', 10_000);
    assert.equal(paid.transaction?.amount, '25.00');
  });

  it('calls an unpaid sale expired (not needs_review) when Paynet answers at its expiry', async () => {
    const session = await json<SessionResponse>(await api.post('/api/paynet/sessions', SALE, { 'idempotency-key': crypto.randomUUID() }));
    clock += TTL_MS + 1_000;
    assert.equal((await status(session)).status, 'expired');
  });
});
