import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { DevicesResponse, ErrorResponse, SessionResponse, StatusResponse } from '../../src/contract.js';
import { PATHS } from '../../server/paynet-client.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import type { TransactionsResponse } from '../../server/types.js';
import { SIM_DEVICES, SimControl, clientConfig, errorSink, eventually, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '250.00', instalment: 1, currency: 'TRY' } as const;
const CARD = { holder: 'Ayşe Yılmaz', number: '4111111111111111', month: 12, year: new Date().getUTCFullYear() + 3, cvc: '917' };
const DECLINED_CARD = { ...CARD, number: '4000000000000002' };

describe('backend: reversals, card payments, POS terminals', () => {
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
      statusMinIntervalMs: 0,
      rateLimit: false,
      devices: SIM_DEVICES,
      exposeTransactions: true,
      callbackUrl: 'https://shop.example/checkout/return',
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

  async function paidSale(): Promise<SessionResponse> {
    const response = await api.post('/api/paynet/sessions', SALE);
    assert.equal(response.status, 201);
    const sale = await json<SessionResponse>(response);
    await control.approve((await control.sessionByReference(sale.referenceNo)).payment_session_id);
    assert.equal((await json<StatusResponse>(await api.fetch(sale.statusUrl))).status, 'succeeded');
    return sale;
  }

  describe('reversals', () => {
    it('cancels a paid sale through a reversal session completed on the phone', async () => {
      const sale = await paidSale();
      const response = await api.post('/api/paynet/reversals', { saleSessionId: sale.sessionId }, { 'idempotency-key': crypto.randomUUID() });
      assert.equal(response.status, 201);
      const reversal = await json<SessionResponse>(response);
      assert.equal(reversal.kind, 'reversal');
      assert.equal(reversal.amount, sale.amount);
      assert.notEqual(reversal.referenceNo, sale.referenceNo);
      assert.match(reversal.deeplinkUrl ?? '', /^paypos:/);
      const simReversal = await control.sessionByReference(reversal.referenceNo);
      assert.equal(simReversal.kind, 'reversal');
      assert.equal(simReversal.reversal_type, 'cancel');

      assert.equal((await json<StatusResponse>(await api.fetch(reversal.statusUrl))).status, 'pending');
      await control.approve(simReversal.payment_session_id);
      const done = await json<StatusResponse>(await api.fetch(reversal.statusUrl));
      assert.equal(done.status, 'succeeded');
      assert.equal(done.kind, 'reversal');

      const listed = await json<TransactionsResponse>(await api.fetch('/api/paynet/transactions'));
      const entry = listed.transactions.find((t) => t.sessionId === sale.sessionId);
      assert.equal(entry?.reversible, false);
      assert.equal(entry?.reversedBySessionId, reversal.sessionId);
      const again = await api.post('/api/paynet/reversals', { saleSessionId: sale.sessionId });
      assert.equal(again.status, 422);
      assert.equal((await json<ErrorResponse>(again)).error.code, 'not_reversible');
    });

    it('refunds a sale from an earlier day', async () => {
      const sale = await paidSale();
      const xactId = (await store.get(sale.sessionId))?.secrets.xactId;
      assert.ok(xactId);
      await control.ageTransaction(xactId, 2);
      const reversal = await json<SessionResponse>(await api.post('/api/paynet/reversals', { saleSessionId: sale.sessionId }));
      assert.equal((await control.sessionByReference(reversal.referenceNo)).reversal_type, 'refund');
    });

    it('refuses to reverse an unpaid, unknown or foreign sale with 422 not_reversible', async () => {
      const reversalsBefore = (await control.calls(PATHS.initReversal)).length;
      const unpaid = await json<SessionResponse>(await api.post('/api/paynet/sessions', SALE));
      for (const saleSessionId of [unpaid.sessionId, 'AAAAAAAAAAAAAAAAAAAAAA']) {
        const response = await api.post('/api/paynet/reversals', { saleSessionId });
        assert.equal(response.status, 422);
        assert.equal((await json<ErrorResponse>(response)).error.code, 'not_reversible');
      }
      const malformed = await api.post('/api/paynet/reversals', { xact_id: 'from-the-browser' });
      assert.equal(malformed.status, 400);
      assert.equal((await control.calls(PATHS.initReversal)).length, reversalsBefore, 'nothing reached Paynet');
    });

    it('returns the same reversal for a retried Idempotency-Key', async () => {
      const sale = await paidSale();
      const key = crypto.randomUUID();
      const first = await json<SessionResponse>(await api.post('/api/paynet/reversals', { saleSessionId: sale.sessionId }, { 'idempotency-key': key }));
      const second = await json<SessionResponse>(await api.post('/api/paynet/reversals', { saleSessionId: sale.sessionId }, { 'idempotency-key': key }));
      assert.equal(second.sessionId, first.sessionId);
    });
  });

  describe('card payments without 3D', () => {
    it('charges the card and answers succeeded with a masked card', async () => {
      const response = await api.post('/api/paynet/payments', { ...SALE, card: CARD }, { 'idempotency-key': crypto.randomUUID() });
      assert.equal(response.status, 200);
      const text = await response.text();
      const answer = JSON.parse(text) as StatusResponse;
      assert.equal(answer.status, 'succeeded');
      assert.equal(answer.transaction?.amount, '250.00');
      assert.match(answer.transaction?.cardMasked ?? '', /^4111 11\*\* \*{4} 1111$/);
      assert.ok(!text.includes(CARD.number) && !text.includes(CARD.cvc));
    });

    it('answers a decline as 200 failed with a reason', async () => {
      const response = await api.post('/api/paynet/payments', { ...SALE, card: DECLINED_CARD });
      assert.equal(response.status, 200);
      const answer = await json<StatusResponse>(response);
      assert.equal(answer.status, 'failed');
      assert.ok(answer.reason?.message);
    });

    it('finds a charge whose answer Paynet dropped by its reference, in the same request', async () => {
      await control.faults({ path: PATHS.payment, drop: 10 });
      const response = await api.post('/api/paynet/payments', { ...SALE, card: CARD }, { 'idempotency-key': crypto.randomUUID() });
      assert.equal(response.status, 200);
      const answer = await json<StatusResponse>(response);
      assert.equal(answer.status, 'succeeded');
      const stored = await store.get(answer.sessionId);
      assert.equal((sim.state.cardPayments.get(stored!.referenceNo) ?? []).filter((p) => p.isSucceed).length, 1, 'one charge at Paynet');
      assert.ok((await control.calls(PATHS.transactionCheck)).length >= 1, 'asked v1/transaction/check');
      await control.clearFaults();
    });

    it('charges once when the browser retries after Paynet dropped the answer and the lookup failed too', async () => {
      const key = crypto.randomUUID();
      await control.faults({ path: PATHS.payment, drop: 10 });
      await control.faults({ path: PATHS.transactionCheck, fail: { count: 100, status: 503 } });
      const lost = await api.post('/api/paynet/payments', { ...SALE, card: CARD }, { 'idempotency-key': key });
      assert.equal(lost.status, 503);
      assert.equal(lost.headers.get('retry-after'), '2');
      assert.equal((await json<ErrorResponse>(lost)).error.code, 'paynet_unavailable');
      await control.clearFaults();
      // As the element does: retry with the same key while the answer is a 503 (the circuit
      // breaker may hold Paynet calls back for a few seconds after that many failures).
      const answer = await eventually(async () => {
        const retried = await api.post('/api/paynet/payments', { ...SALE, card: CARD }, { 'idempotency-key': key });
        return retried.status === 503 ? undefined : json<StatusResponse>(retried);
      }, 'the retried payment to be answered', 15_000);
      assert.equal(answer.status, 'succeeded');
      const again = await json<StatusResponse>(await api.post('/api/paynet/payments', { ...SALE, card: CARD }, { 'idempotency-key': key }));
      assert.equal(again.sessionId, answer.sessionId);
      assert.equal(again.status, 'succeeded');
      const referenceNo = (await store.get(answer.sessionId))!.referenceNo;
      const charges = (sim.state.cardPayments.get(referenceNo) ?? []).filter((p) => p.isSucceed);
      assert.equal(new Set(charges.map((c) => c.xactId)).size, 1, 'one charge at Paynet');
    });

    const badCards: Array<[string, object, string]> = [
      ['a number failing Luhn', { ...CARD, number: '4111111111111112' }, 'invalid_card_number'],
      ['a number with spaces', { ...CARD, number: '4111 1111 1111 1111' }, 'invalid_card_number'],
      ['an expired card', { ...CARD, year: 2020 }, 'card_expired'],
      ['month 13', { ...CARD, month: 13 }, 'invalid_card_expiry'],
      ['a two-digit year', { ...CARD, year: 30 }, 'invalid_card_expiry'],
      ['a five-digit cvc', { ...CARD, cvc: '12345' }, 'invalid_cvc'],
      ['no holder', { ...CARD, holder: '' }, 'invalid_card_holder'],
    ];
    for (const [what, card, code] of badCards) {
      it(`refuses ${what} with 400 ${code} before calling Paynet`, async () => {
        const before = (await control.calls(PATHS.payment)).length;
        const response = await api.post('/api/paynet/payments', { ...SALE, card });
        assert.equal(response.status, 400);
        const text = await response.text();
        assert.equal((JSON.parse(text) as ErrorResponse).error.code, code);
        assert.ok(!text.includes(CARD.number.slice(0, 12)));
        assert.equal((await control.calls(PATHS.payment)).length, before);
      });
    }

    it('keeps card data out of the store and out of error logs', async () => {
      await api.post('/api/paynet/payments', { ...SALE, card: CARD });
      await control.faults({ path: PATHS.payment, fail: { count: 10, status: 500 } });
      await api.post('/api/paynet/payments', { ...SALE, card: CARD });
      const everything = JSON.stringify(await store.listSucceededSales(100)) + JSON.stringify(sink.errors.map((e) => [String(e.error), e.context, (e.error as Error).stack]));
      assert.ok(!everything.includes(CARD.number));
      assert.ok(!everything.includes(`"${CARD.cvc}"`));
    });
  });

  describe('POS terminals', () => {
    it('lists the configured terminals', async () => {
      const answer = await json<DevicesResponse>(await api.fetch('/api/paynet/devices'));
      assert.deepEqual(answer.devices, SIM_DEVICES);
    });

    it('answers a device session at once, while the terminal still holds the sale, then reports its approval', async () => {
      const response = await api.post('/api/paynet/sessions', { ...SALE, handoff: 'device', deviceId: 'P00134' });
      assert.equal(response.status, 201);
      const session = await json<SessionResponse>(response);
      assert.equal(session.handoff, 'device');
      assert.equal(session.deeplinkUrl, null);
      assert.deepEqual(session.device, SIM_DEVICES[0]);
      const held = await eventually(async () => (await control.deviceTransactions('pending')).find((t) => t.transactionReferenceId === session.referenceNo), 'the held sale');
      assert.equal(held.amount, 250);
      assert.equal((await json<StatusResponse>(await api.fetch(session.statusUrl))).status, 'pending');
      await control.approveDevice(session.referenceNo);
      const paid = await eventually(async () => {
        const answer = await json<StatusResponse>(await api.fetch(session.statusUrl));
        return answer.status === 'pending' ? undefined : answer;
      }, 'the device result');
      assert.equal(paid.status, 'succeeded');
      assert.equal(typeof paid.transaction?.paymentId, 'string');
    });

    it('reports a terminal decline as failed', async () => {
      const session = await json<SessionResponse>(await api.post('/api/paynet/sessions', { ...SALE, handoff: 'device', deviceId: 'P00135' }));
      await eventually(async () => (await control.deviceTransactions('pending')).find((t) => t.transactionReferenceId === session.referenceNo), 'the held sale');
      await control.declineDevice(session.referenceNo);
      const failed = await eventually(async () => {
        const answer = await json<StatusResponse>(await api.fetch(session.statusUrl));
        return answer.status === 'pending' ? undefined : answer;
      }, 'the device result');
      assert.equal(failed.status, 'failed');
    });
  });
});
