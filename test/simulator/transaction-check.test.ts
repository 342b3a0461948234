import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BAD_REQUEST,
  DECLINED_PAN,
  TEST_CARD,
  UNAUTHORIZED,
  assertPaynetError,
  chargesFor,
  checkByReference,
  control,
  deleteJson,
  payByCard,
  paymentSessionId,
  softposClient,
  startTestSimulator,
} from './helpers.js';

type Transaction = Record<string, unknown>;

/** §4's fields of a transaction in v1/transaction/check's Data. */
const CHECKED_FIELDS = [
  'xact_id', 'id', 'xact_date', 'transaction_type', 'pos_type', 'is_tds', 'agent_id', 'note', 'ratio', 'agent_reference', 'bank_id',
  'card_no', 'card_holder', 'amount', 'net_amount', 'comission', 'comission_tax', 'currency', 'authorization_code', 'reference_code',
  'is_succeed', 'status',
];

describe('simulator: v1/transaction/check', async () => {
  let clockMs = Date.parse('2026-06-01T09:00:00Z');
  const sim = await startTestSimulator({ now: () => clockMs });
  const data = async (body: Record<string, unknown>): Promise<Transaction[]> => {
    const answer = await checkByReference(sim, body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.code, 0);
    assert.equal(typeof answer.body.object_name, 'string');
    assert.equal(typeof answer.body.message, 'string');
    return answer.body.Data as Transaction[];
  };

  it('finds a card payment by reference_no and by xact_id, with the fields of §4 and status 3', async () => {
    const paid = await payByCard(sim, { amount: '149,90', reference_no: 'check-card', description: 'Sipariş 42' });
    const byReference = await data({ reference_no: 'check-card' });
    assert.equal(byReference.length, 1);
    const [transaction] = byReference as [Transaction];
    for (const field of CHECKED_FIELDS) assert.ok(field in transaction, `field ${field}`);
    assert.equal(transaction.xact_id, paid.body.xact_id);
    assert.equal(transaction.id, paid.body.id);
    assert.equal(transaction.agent_reference, 'check-card');
    assert.equal(transaction.transaction_type, 1);
    assert.equal(transaction.is_succeed, true);
    assert.equal(transaction.status, 3);
    assert.equal(transaction.card_no, '435508******4358');
    assert.equal(transaction.amount, 149.9);
    assert.equal(transaction.note, 'Sipariş 42');
    assert.equal(transaction.authorization_code, paid.body.bank_authorization_code);
    assert.equal(transaction.xact_date, '2026-06-01T12:00:00.000+03:00');
    assert.ok(!JSON.stringify(byReference).includes(TEST_CARD.pan), 'never the full card number');
    assert.deepEqual(await data({ xact_id: paid.body.xact_id }), byReference);
    assert.deepEqual(await data({ xact_id: paid.body.xact_id, reference_no: 'check-card' }), byReference);
  });

  it('lists each attempt under a reference_no: a declined one with status 4, then the success', async () => {
    await payByCard(sim, { amount: '20,00', reference_no: 'check-retry', pan: DECLINED_PAN });
    clockMs += 1_000;
    await payByCard(sim, { amount: '20,00', reference_no: 'check-retry' });
    const attempts = await data({ reference_no: 'check-retry' });
    assert.deepEqual(
      attempts.map((transaction) => [transaction.is_succeed, transaction.status]),
      [
        [false, 4],
        [true, 3],
      ],
    );
  });

  it('answers code 0 with an empty Data when nothing was done under it, or the two fields do not match', async () => {
    assert.deepEqual(await data({ reference_no: 'never-used' }), []);
    assert.deepEqual(await data({ xact_id: 'no-such-xact' }), []);
    const paid = await payByCard(sim, { amount: '1,00', reference_no: 'check-mismatch' });
    assert.deepEqual(await data({ xact_id: paid.body.xact_id, reference_no: 'check-card' }), []);
  });

  it('needs the Basic secret key, and xact_id or reference_no', async () => {
    assertPaynetError(await checkByReference(sim, { reference_no: 'check-card' }, 'sck_wrong'), UNAUTHORIZED);
    assertPaynetError(await checkByReference(sim, {}), BAD_REQUEST);
    assertPaynetError(await checkByReference(sim, { reference_no: '', xact_id: '' }), BAD_REQUEST);
    assertPaynetError(await checkByReference(sim, { reference_no: 42 }), BAD_REQUEST);
  });

  it('finds a PayPOS sale by its reference_no: nothing while pending, status 3 once paid, 5 once cancelled', async () => {
    const softpos = await softposClient(sim);
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 75, reference_no: 'check-paypos', description: 'Masa 4' }));
    assert.deepEqual(await data({ reference_no: 'check-paypos' }), []);
    await control(sim, `sessions/${id}/approve`);
    const [sale] = (await data({ reference_no: 'check-paypos' })) as [Transaction];
    assert.equal(sale.status, 3);
    assert.equal(sale.is_succeed, true);
    assert.equal(sale.transaction_type, 1);
    assert.equal(sale.agent_reference, 'check-paypos');
    assert.equal(sale.note, 'Masa 4');
    assert.equal(sale.amount, 75);
    const cancel = paymentSessionId(await softpos('init_reversal_transaction', { xact_id: sale.xact_id }));
    await control(sim, `sessions/${cancel}/approve`);
    const after = await data({ xact_id: sale.xact_id });
    assert.equal(after.length, 1, 'the cancel itself is not listed');
    assert.equal(after[0]?.status, 5);
  });
});

describe('simulator: a card payment whose answer was lost is found again and never charged twice', async () => {
  const sim = await startTestSimulator();

  it('drop → transaction/check finds is_succeed true → the retry answers code 100 without a second charge', async () => {
    assert.equal((await control(sim, 'faults', { path: '/v2/transaction/payment', drop: 1 })).status, 200);
    await assert.rejects(payByCard(sim, { amount: '99,90', reference_no: 'lost-answer' }), TypeError, 'the answer never came');
    const [found] = (await checkByReference(sim, { reference_no: 'lost-answer' })).body.Data as Transaction[];
    assert.ok(found, 'Paynet took the payment before the answer was lost');
    assert.equal(found.is_succeed, true);
    assert.equal(found.status, 3);
    const retry = await payByCard(sim, { amount: '99,90', reference_no: 'lost-answer' });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.code, 100);
    assert.equal(retry.body.message, 'Önceki Başarılı İşlem');
    assert.equal(retry.body.xact_id, found.xact_id);
    const charges = await chargesFor(sim, 'lost-answer');
    assert.equal(charges.length, 1, 'charged once');
    assert.equal(charges[0]?.is_succeed, true);
    assert.equal(charges[0]?.xact_id, found.xact_id);
    await deleteJson(sim, '/_sim/faults');
  });
});
