import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_REQUEST, DUPLICATE, NO_DATA, NO_PROCESS, assertPaynetError, control, getJson, paymentSessionId, softposClient, startTestSimulator } from './helpers.js';

type Row = Record<string, unknown>;

describe('simulator: init_reversal_transaction', async () => {
  // 12:00 in Istanbul (UTC+3).
  let clockMs = Date.parse('2026-06-01T09:00:00Z');
  // The clock jumps across days here; the session key must outlive that.
  const sim = await startTestSimulator({ now: () => clockMs, sessionKeyTtlMs: 30 * 24 * 60 * 60_000 });
  const softpos = await softposClient(sim);

  async function transactionOf(id: string): Promise<Row> {
    const [transaction] = (await softpos('check_transaction', { payment_session_id: id })).body.Data as Row[];
    assert.ok(transaction, `no transaction for ${id}`);
    return transaction;
  }

  async function paidSale(amount = 300): Promise<Row> {
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount }));
    await control(sim, `sessions/${id}/approve`, { card: 'troy' });
    return transactionOf(id);
  }

  async function reversalType(id: string): Promise<unknown> {
    const sessions = (await getJson(sim, '/_sim/sessions')).body.sessions as Row[];
    const session = sessions.find((candidate) => candidate.payment_session_id === id);
    assert.equal(session?.kind, 'reversal');
    return session.reversal_type;
  }

  it('starts a cancel on the day of the sale, completed on the phone like a sale', async () => {
    const sale = await paidSale(300);
    const started = await softpos('init_reversal_transaction', { xact_id: sale.xact_id, reference_no: 'rev-1', callback_url: null });
    assert.equal(started.status, 200);
    assert.equal(started.body.code, 0);
    const id = paymentSessionId(started);
    assert.equal(started.body.deeplink_url, `paypos://pay?session=${id}`);
    assert.equal(typeof started.body.encryption_key, 'string');
    assert.equal(await reversalType(id), 'cancel');
    assert.deepEqual((await softpos('check_transaction', { payment_session_id: id })).body.Data, []);

    await control(sim, `sessions/${id}/approve`);
    const cancel = await transactionOf(id);
    assert.equal(cancel.transaction_type, 'cancel');
    assert.equal(cancel.is_succeed, true);
    assert.equal(cancel.amount, 300);
    assert.equal(cancel.card_no_masked, sale.card_no_masked);
    assert.equal(cancel.xact_transaction_id, sale.xact_transaction_id);
    assert.notEqual(cancel.xact_id, sale.xact_id);
  });

  it('refuses a second reversal of a reversed sale with 400 noprocess (6)', async () => {
    const sale = await paidSale();
    const id = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    await control(sim, `sessions/${id}/approve`);
    const again = await softpos('init_reversal_transaction', { xact_id: sale.xact_id });
    assertPaynetError(again, NO_PROCESS);
  });

  it('refuses a second reversal while one is still open on the phone', async () => {
    const sale = await paidSale();
    assert.equal((await softpos('init_reversal_transaction', { xact_id: sale.xact_id })).body.code, 0);
    assertPaynetError(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }), NO_PROCESS);
  });

  it('lets the sale be reversed again after a reversal was declined on the phone', async () => {
    const sale = await paidSale();
    const first = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    await control(sim, `sessions/${first}/decline`);
    assert.equal((await transactionOf(first)).is_succeed, false);
    assert.equal((await softpos('init_reversal_transaction', { xact_id: sale.xact_id })).body.code, 0);
  });

  it('starts a refund instead once the sale is aged by a day', async () => {
    const sale = await paidSale(75.25);
    const aged = await control(sim, `transactions/${encodeURIComponent(String(sale.xact_id))}/age`, { days: 1 });
    assert.equal(aged.status, 200);
    const id = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    assert.equal(await reversalType(id), 'refund');
    await control(sim, `sessions/${id}/approve`);
    const refund = await transactionOf(id);
    assert.equal(refund.transaction_type, 'refund');
    assert.equal(refund.amount, 75.25);
  });

  it('starts a refund after midnight in Istanbul even if less than a day has passed', async () => {
    clockMs = Date.parse('2026-06-02T20:30:00Z'); // 23:30 in Istanbul
    const sale = await paidSale();
    clockMs = Date.parse('2026-06-02T21:30:00Z'); // 00:30 the next day in Istanbul
    const id = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    assert.equal(await reversalType(id), 'refund');
  });

  it('refuses to reverse a failed sale with noprocess (6)', async () => {
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 40 }));
    await control(sim, `sessions/${id}/decline`);
    const failed = await transactionOf(id);
    const answer = await softpos('init_reversal_transaction', { xact_id: failed.xact_id });
    assertPaynetError(answer, NO_PROCESS);
  });

  it('refuses to reverse a reversal with noprocess (6)', async () => {
    const sale = await paidSale();
    const id = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    await control(sim, `sessions/${id}/approve`);
    const cancel = await transactionOf(id);
    assertPaynetError(await softpos('init_reversal_transaction', { xact_id: cancel.xact_id }), NO_PROCESS);
  });

  it('answers an unknown xact_id with 404 nodata (12) and a missing one with badrequest (11)', async () => {
    assertPaynetError(await softpos('init_reversal_transaction', { xact_id: 'unknown-xact' }), NO_DATA);
    assertPaynetError(await softpos('init_reversal_transaction', {}), BAD_REQUEST);
  });

  it('refuses a reversal reference_no already used by a sale with duplicatedata (5)', async () => {
    await softpos('init_sale_transaction', { amount: 10, reference_no: 'taken-ref' });
    const sale = await paidSale();
    assertPaynetError(await softpos('init_reversal_transaction', { xact_id: sale.xact_id, reference_no: 'taken-ref' }), DUPLICATE);
  });

  it('answers 404 when aging an unknown transaction', async () => {
    assert.equal((await control(sim, 'transactions/nope/age', { days: 2 })).status, 404);
    assert.equal((await control(sim, 'transactions/nope/age', { days: -1 })).status, 400);
  });
});
