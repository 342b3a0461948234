import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_REQUEST, DUPLICATE, SECRET_KEY, UNAUTHORIZED, assertPaynetError, postJson, softposClient, startTestSimulator, type JsonAnswer } from './helpers.js';
import type { Simulator } from '../../simulator/index.js';

const CARD = { card_holder: 'TEST TEST', pan: '4355084355084358', month: '8', year: '2031', cvc: '000' };

function pay(sim: Simulator, body: Record<string, unknown>, secret = SECRET_KEY): Promise<JsonAnswer> {
  return postJson(sim, '/v2/transaction/payment', { domain: 'shop.example', ...CARD, ...body }, { authorization: `Basic ${secret}` });
}

describe('simulator: v2/transaction/payment', async () => {
  const sim = await startTestSimulator({ now: () => Date.parse('2026-06-01T09:00:00Z') });

  it('charges a card and answers the reference fields with a masked card number', async () => {
    const answer = await pay(sim, { amount: '149,90', reference_no: 'pay-1', instalment: 0 });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.equal(answer.body.message, 'Başarılı İşlem');
    assert.equal(answer.body.object_name, 'payment_response');
    assert.equal(answer.body.is_succeed, true);
    assert.equal(answer.body.amount, 149.9);
    assert.equal(answer.body.comission, 3.73);
    assert.equal(answer.body.net_amount, 146.17);
    assert.equal(answer.body.card_no_masked, '435508******4358');
    assert.equal(answer.body.reference_no, 'pay-1');
    assert.equal(answer.body.transaction_type, 1);
    assert.equal(typeof answer.body.xact_id, 'string');
    assert.equal(typeof answer.body.id, 'number');
    assert.equal(answer.body.xact_date, '2026-06-01T12:00:00.000+03:00');
    assert.match(String(answer.body.bank_authorization_code), /^\d{6}$/);
    assert.ok(!JSON.stringify(answer.body).includes(CARD.pan), 'the full PAN is never echoed');
  });

  it('answers a retry of a successful reference_no with the same transaction and code 100', async () => {
    const first = await pay(sim, { amount: '50,00', reference_no: 'pay-retry' });
    const retry = await pay(sim, { amount: '50,00', reference_no: 'pay-retry' });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.code, 100);
    assert.equal(retry.body.message, 'Önceki Başarılı İşlem');
    assert.equal(retry.body.xact_id, first.body.xact_id);
    assert.equal(retry.body.id, first.body.id);
    assert.equal(retry.body.is_succeed, true);
    assert.equal(sim.state.cardPayments.get('pay-retry')?.length, 1, 'charged once');
  });

  it('declines the insufficient-funds test card with HTTP 200, code 0 and the error fields', async () => {
    const answer = await pay(sim, { amount: '20,00', reference_no: 'pay-decline', pan: '4000000000000002' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.equal(answer.body.is_succeed, false);
    assert.notEqual(answer.body.paynet_error_id, '');
    assert.notEqual(answer.body.paynet_error_message, '');
    assert.equal(answer.body.bank_error_id, '51');
  });

  it('declines the expired-card test card', async () => {
    const answer = await pay(sim, { amount: '20,00', reference_no: 'pay-expired-card', pan: '4000000000000069' });
    assert.equal(answer.body.is_succeed, false);
    assert.equal(answer.body.bank_error_id, '54');
  });

  it('lets a declined reference_no be tried again with another card', async () => {
    await pay(sim, { amount: '20,00', reference_no: 'pay-again', pan: '4000000000000002' });
    const second = await pay(sim, { amount: '20,00', reference_no: 'pay-again' });
    assert.equal(second.body.code, 0);
    assert.equal(second.body.is_succeed, true);
    assert.equal(sim.state.cardPayments.get('pay-again')?.length, 2);
  });

  it("takes the amount in each form Paynet's page uses: JSON number, comma string, dot string", async () => {
    const forms: Array<[unknown, number]> = [
      [12.5, 12.5],
      ['12,50', 12.5],
      ['12.50', 12.5],
      ['12', 12],
      [149.9, 149.9],
    ];
    for (const [amount, charged] of forms) {
      const answer = await pay(sim, { amount, reference_no: `pay-form-${JSON.stringify(amount)}` });
      assert.equal(answer.status, 200, `amount ${JSON.stringify(amount)}`);
      assert.equal(answer.body.is_succeed, true, `amount ${JSON.stringify(amount)}`);
      assert.equal(answer.body.amount, charged, `amount ${JSON.stringify(amount)}`);
    }
  });

  it('refuses an amount that is not above zero with at most two decimals', async () => {
    for (const amount of ['0,00', 0, '1,234', '1.234', '12.345', 12.345, '1.234,56', 'abc', '-5,00', -5, null, true]) {
      const answer = await pay(sim, { amount, reference_no: `pay-amount-${JSON.stringify(amount)}` });
      assertPaynetError(answer, BAD_REQUEST, `amount ${JSON.stringify(amount)}`);
    }
  });

  it('requires reference_no and domain', async () => {
    assertPaynetError(await pay(sim, { amount: '1,00' }), BAD_REQUEST);
    const noDomain = await postJson(sim, '/v2/transaction/payment', { amount: '1,00', reference_no: 'pay-no-domain', ...CARD }, { authorization: `Basic ${SECRET_KEY}` });
    assertPaynetError(noDomain, BAD_REQUEST);
    assert.match(String(noDomain.body.message), /domain/);
  });

  it('validates the card: Luhn, month, expiry in the past, cvc, holder', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['luhn', { pan: '4355084355084359' }],
      ['month', { month: 13 }],
      ['past expiry', { month: 5, year: 2026 }],
      ['cvc', { cvc: '12' }],
      ['holder', { card_holder: '' }],
      ['saved card', { card_hash: 'unknown-hash' }],
    ];
    for (const [name, card] of cases) {
      const answer = await pay(sim, { amount: '1,00', reference_no: `pay-card-${name}`, ...card });
      assertPaynetError(answer, BAD_REQUEST, name);
      assert.ok(!String(answer.body.message).includes('4355084355'), 'no card number in errors');
    }
    assert.equal((await pay(sim, { amount: '1,00', reference_no: 'pay-card-this-month', month: 6, year: 2026 })).body.is_succeed, true);
  });

  it('refuses a wrong secret key with 401 authorization_error, result_code 7', async () => {
    assertPaynetError(await pay(sim, { amount: '1,00', reference_no: 'pay-auth' }, 'sck_sim_wrong'), UNAUTHORIZED);
  });

  it('refuses a reference_no used by a SoftPOS sale with duplicatedata (5)', async () => {
    const softpos = await softposClient(sim);
    await softpos('init_sale_transaction', { amount: 10, reference_no: 'shared-ref' });
    assertPaynetError(await pay(sim, { amount: '10,00', reference_no: 'shared-ref' }), DUPLICATE);
  });
});

describe('simulator: v2/transaction/payment for a merchant without non-3D rights', async () => {
  const sim = await startTestSimulator({ non3dAllowed: false });

  it('refuses every payment with 403 authorization_error, result_code 7', async () => {
    const answer = await pay(sim, { amount: '1,00', reference_no: 'no-3d' });
    assertPaynetError(answer, { status: 403, type: 'authorization_error', resultCode: 7 });
    assert.equal(sim.state.cardPayments.size, 0);
  });
});
