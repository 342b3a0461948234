import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { SimControl, clientConfig, errorSink, eventually, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '149.90', instalment: 1, currency: 'TRY' } as const;

describe('backend: PayPOS sale sessions', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;
  let store: MemorySessionStore;
  const sink = errorSink();

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
  });
  beforeEach(async () => {
    store = new MemorySessionStore();
    api = await serveBackend({
      paynet: clientConfig(sim.url),
      store,
      statusMinIntervalMs: 60_000,
      rateLimit: false,
      publicBaseUrl: 'https://shop.example',
      // The tests reach it on loopback; the shop's own name is the only other host it answers.
      allowedHosts: ['shop.example', '127.0.0.1'],
      onError: sink.onError,
    });
  });
  afterEach(async () => {
    await api.close();
    await control.clearFaults();
  });
  after(async () => {
    await sim.close();
  });

  async function createSale(body: object = SALE, headers: Record<string, string> = {}): Promise<SessionResponse> {
    const response = await api.post('/api/paynet/sessions', body, headers);
    assert.equal(response.status, 201, await response.clone().text());
    return json<SessionResponse>(response);
  }
  async function paymentSessionIdOf(session: SessionResponse): Promise<string> {
    return (await control.sessionByReference(session.referenceNo)).payment_session_id;
  }
  async function status(session: SessionResponse): Promise<StatusResponse> {
    const response = await api.fetch(session.statusUrl);
    assert.equal(response.status, 200);
    return json<StatusResponse>(response);
  }

  it('creates a session with a deeplink and the amount the backend asked Paynet for', async () => {
    const session = await createSale();
    assert.equal(session.kind, 'sale');
    assert.equal(session.handoff, 'paypos');
    assert.equal(session.amount, '149.90');
    assert.match(session.deeplinkUrl ?? '', /^paypos:/);
    assert.match(session.sessionId, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(session.statusUrl, `/api/paynet/sessions/${session.sessionId}`);
    assert.ok(Date.parse(session.expiresAt) > Date.now());
    const simSession = await control.sessionByReference(session.referenceNo);
    assert.equal(simSession.amount, 149.9);
  });

  it('reports pending with a Retry-After hint, then success once the phone pays', async () => {
    const session = await createSale();
    const pending = await api.fetch(session.statusUrl);
    assert.equal(pending.headers.get('retry-after'), '60');
    assert.equal((await json<StatusResponse>(pending)).status, 'pending');

    await control.approve(await paymentSessionIdOf(session));
    // The 60 s refresh interval is not over: the webhook path is what learns of it here.
    const webhook = await api.post('/api/paynet/webhook', { object_name: 'SoftposTransaction', payment_session_id: await paymentSessionIdOf(session), reference_no: session.referenceNo, is_succeed: true });
    assert.equal(webhook.status, 200);
    const paid = await status(session);
    assert.equal(paid.status, 'succeeded');
    assert.equal(paid.transaction?.amount, '149.90');
    assert.equal(paid.transaction?.referenceNo, session.referenceNo);
    assert.match(paid.transaction?.cardMasked ?? '', /^\d{4} \d{2}\*\* \*{4} \d{4}$/);
  });

  it('learns of the payment by polling alone once the refresh interval allows', async () => {
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store, statusMinIntervalMs: 0, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    assert.equal((await status(session)).status, 'pending');
    await control.approve(await paymentSessionIdOf(session));
    assert.equal((await status(session)).status, 'succeeded');
  });

  it('reports failure with a reason when the card is declined on the phone', async () => {
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store, statusMinIntervalMs: 0, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    await control.decline(await paymentSessionIdOf(session), 'Yetersiz bakiye');
    const failed = await status(session);
    assert.equal(failed.status, 'failed');
    assert.equal(typeof failed.reason?.message, 'string');
    assert.equal(failed.transaction, undefined);
  });

  it('asks Paynet at most once per interval however many tabs poll at once', async () => {
    const session = await createSale();
    const psid = await paymentSessionIdOf(session);
    const answers = await Promise.all(Array.from({ length: 20 }, () => status(session)));
    assert.ok(answers.every((a) => a.status === 'pending'));
    const checks = (await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid);
    assert.equal(checks.length, 1);
    await Promise.all(Array.from({ length: 20 }, () => status(session)));
    assert.equal((await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid).length, 1);
  });

  it('keeps a success a success, whatever Paynet says later', async () => {
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store, statusMinIntervalMs: 0, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    await control.approve(await paymentSessionIdOf(session));
    assert.equal((await status(session)).status, 'succeeded');
    await control.faults({ path: PATHS.checkTransaction, fail: { count: 10, status: 500 } });
    const cancel = await api.post(`${session.statusUrl}/cancel`, {});
    assert.equal((await json<StatusResponse>(cancel)).status, 'succeeded');
    assert.equal((await status(session)).status, 'succeeded');
  });

  it('answers cancel with success when the phone already paid', async () => {
    const session = await createSale();
    await control.approve(await paymentSessionIdOf(session));
    const response = await api.post(`${session.statusUrl}/cancel`, {});
    assert.equal(response.status, 200);
    const answer = await json<StatusResponse>(response);
    assert.equal(answer.status, 'succeeded');
    assert.ok(answer.transaction);
  });

  it('cancels an unpaid session, and still reports success when the phone pays after cancel', async () => {
    const session = await createSale();
    const cancelled = await json<StatusResponse>(await api.post(`${session.statusUrl}/cancel`, {}));
    assert.equal(cancelled.status, 'cancelled');
    await control.approve(await paymentSessionIdOf(session));
    const webhook = await api.post('/api/paynet/webhook', { payment_session_id: await paymentSessionIdOf(session), is_succeed: true });
    assert.equal(webhook.status, 200);
    assert.equal((await status(session)).status, 'succeeded');
  });

  it('ignores a forged webhook that Paynet does not confirm', async () => {
    const session = await createSale();
    const psid = await paymentSessionIdOf(session);
    const forged = await api.post('/api/paynet/webhook', { object_name: 'SoftposTransaction', payment_session_id: psid, reference_no: session.referenceNo, xact_id: 'forged', is_succeed: true });
    assert.equal(forged.status, 200);
    assert.equal((await status(session)).status, 'pending');
    const unknown = await api.post('/api/paynet/webhook', { payment_session_id: 'no-such-session', is_succeed: true });
    assert.equal(unknown.status, 200);
    const malformed = await api.post('/api/paynet/webhook', { hello: 'world' });
    assert.equal(malformed.status, 400);
    const notJson = await api.fetch('/api/paynet/webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payment_session_id":' });
    assert.equal(notJson.status, 400);
  });

  it('treats repeated webhooks for a paid session as one', async () => {
    const session = await createSale();
    const psid = await paymentSessionIdOf(session);
    await control.approve(psid);
    const notice = { payment_session_id: psid, reference_no: session.referenceNo, is_succeed: true };
    const answers = await Promise.all([1, 2, 3].map(() => api.post('/api/paynet/webhook', notice)));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
    const again = await api.post('/api/paynet/webhook', notice);
    assert.equal(again.status, 200);
    const stored = await store.get(session.sessionId);
    assert.equal(stored?.status, 'succeeded');
    assert.equal((await status(session)).status, 'succeeded');
  });

  it('returns the same session for a retried Idempotency-Key and 409 for a different body', async () => {
    const key = crypto.randomUUID();
    const first = await createSale(SALE, { 'idempotency-key': key });
    const second = await createSale(SALE, { 'idempotency-key': key });
    assert.equal(second.sessionId, first.sessionId);
    const conflict = await api.post('/api/paynet/sessions', { ...SALE, amount: '1.00' }, { 'idempotency-key': key });
    assert.equal(conflict.status, 409);
    assert.equal((await json<{ error: { code: string } }>(conflict)).error.code, 'idempotency_conflict');
    const sales = (await control.sessions()).filter((s) => s.reference_no === first.referenceNo);
    assert.equal(sales.length, 1);
  });

  it('never creates two Paynet sessions for concurrent requests with one Idempotency-Key', async () => {
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => api.post('/api/paynet/sessions', SALE, { 'idempotency-key': key })));
    const created = responses.filter((r) => r.status === 201);
    assert.ok(created.length >= 1);
    assert.ok(responses.every((r) => r.status === 201 || r.status === 409), responses.map((r) => r.status).join());
    const ids = new Set(await Promise.all(created.map(async (r) => (await json<SessionResponse>(r)).sessionId)));
    assert.equal(ids.size, 1);
  });

  it('expires a session past its time after one last check', async () => {
    let clock = Date.now();
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store: new MemorySessionStore({ now: () => clock }), now: () => clock, sessionTtlMs: 60_000, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    const psid = await paymentSessionIdOf(session);
    clock += 61_000;
    const expired = await status(session);
    assert.equal(expired.status, 'expired');
    assert.equal((await control.calls(PATHS.checkTransaction)).filter((c) => c.payment_session_id === psid).length, 1);
  });

  it('finds a payment made just before expiry at the last check', async () => {
    let clock = Date.now();
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store: new MemorySessionStore({ now: () => clock }), now: () => clock, sessionTtlMs: 60_000, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    await control.approve(await paymentSessionIdOf(session));
    clock += 61_000;
    assert.equal((await status(session)).status, 'succeeded');
  });

  it('calls a session expired at its own expiry when Paynet holds nothing paid on it, and settles it after the late window', async () => {
    let clock = Date.now();
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url), store: new MemorySessionStore({ now: () => clock }), now: () => clock, sessionTtlMs: 60_000, latePaymentWindowMs: 60_000, statusMinIntervalMs: 0, rateLimit: false, reconcile: false, onError: sink.onError });
    const session = await createSale();
    await control.expire(await paymentSessionIdOf(session));
    // Paynet's pages give no code for "expired": an expired session reads as nothing paid yet.
    assert.equal((await status(session)).status, 'pending');
    clock += 61_000;
    assert.equal((await status(session)).status, 'expired');
    assert.notEqual((await api.backend.store.get(session.sessionId))?.settled, true);
    clock += 60_000;
    await status(session);
    assert.equal((await api.backend.store.get(session.sessionId))?.settled, true);
  });

  it('keeps answering from the store while Paynet is down', async () => {
    await api.close();
    api = await serveBackend({ paynet: clientConfig(sim.url, { readRetryDelaysMs: [] }), store, statusMinIntervalMs: 0, rateLimit: false, onError: sink.onError });
    const session = await createSale();
    await control.faults({ path: PATHS.checkTransaction, fail: { count: 5, status: 503 } });
    const response = await api.fetch(session.statusUrl);
    assert.equal(response.status, 200);
    assert.equal((await json<StatusResponse>(response)).status, 'pending');
  });

  it('marks a session paid from the webhook Paynet sends, with no poll in between', async () => {
    sim.setWebhookUrl(`${api.url}/api/paynet/webhook`);
    try {
      const session = await createSale();
      await control.approve(await paymentSessionIdOf(session));
      const stored = await eventually(async () => {
        const current = await store.get(session.sessionId);
        return current?.status === 'succeeded' ? current : undefined;
      }, 'the webhook');
      assert.equal(stored.transaction?.amount, '149.90');
    } finally {
      sim.setWebhookUrl(undefined);
    }
  });

  it('answers 404 for an unknown or malformed session id', async () => {
    assert.equal((await api.fetch('/api/paynet/sessions/AAAAAAAAAAAAAAAAAAAAAA')).status, 404);
    assert.equal((await api.fetch('/api/paynet/sessions/..%2F..%2Fetc')).status, 404);
    assert.equal((await api.post('/api/paynet/sessions/AAAAAAAAAAAAAAAAAAAAAA/cancel', {})).status, 404);
  });
});

