import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_REQUEST, DUPLICATE, NO_DATA, assertPaynetError, control, getJson, paymentSessionId, setQuirks, softposClient, startTestSimulator } from './helpers.js';

describe('simulator: init_sale_transaction', async () => {
  const sim = await startTestSimulator();
  const softpos = await softposClient(sim);

  it('opens a payment session with a deeplink and a per-session encryption key', async () => {
    const first = await softpos('init_sale_transaction', { amount: 149.9, instalment: 0, reference_no: 'sale-1', callback_url: 'https://shop.example/back' });
    const second = await softpos('init_sale_transaction', { amount: 10 });
    assert.equal(first.status, 200);
    assert.equal(first.body.code, 0);
    const id = paymentSessionId(first);
    assert.equal(first.body.deeplink_url, `paypos://pay?session=${id}`);
    assert.match(String(first.body.encryption_key), /^[0-9a-f]{64}$/);
    assert.notEqual(first.body.encryption_key, second.body.encryption_key);
    assert.notEqual(id, paymentSessionId(second));

    const listed = await getJson(sim, '/_sim/sessions?status=pending');
    const sessions = listed.body.sessions as Array<Record<string, unknown>>;
    const mine = sessions.find((session) => session.payment_session_id === id);
    assert.ok(mine);
    assert.equal(mine.kind, 'sale');
    assert.equal(mine.amount, 149.9);
    assert.equal(mine.reference_no, 'sale-1');
    assert.equal(mine.status, 'pending');
    assert.equal(Date.parse(String(mine.expires_at)) - Date.parse(String(mine.created_at)), 5 * 60_000);
  });

  it('takes the amount only as a JSON number above zero with at most two decimals', async () => {
    for (const amount of ['149.90', '149,90', 0, -5, 1.005, 12.345, null, true, 1e12]) {
      const answer = await softpos('init_sale_transaction', { amount });
      assertPaynetError(answer, BAD_REQUEST, `amount ${JSON.stringify(amount)}`);
    }
    const missing = await softpos('init_sale_transaction', { reference_no: 'no-amount' });
    assertPaynetError(missing, BAD_REQUEST);
    assert.equal((await softpos('init_sale_transaction', { amount: 0.29 })).body.code, 0);
  });

  it('takes instalment as an integer from 0 to 12', async () => {
    for (const instalment of [-1, 13, 2.5, '3']) {
      const answer = await softpos('init_sale_transaction', { amount: 100, instalment });
      assertPaynetError(answer, BAD_REQUEST, `instalment ${JSON.stringify(instalment)}`);
    }
    assert.equal((await softpos('init_sale_transaction', { amount: 100, instalment: 12 })).body.code, 0);
  });

  it('checks the types of the optional fields', async () => {
    for (const field of ['reference_no', 'callback_url', 'description', 'card_holder_phone', 'card_holder_mail', 'selected_agent_id']) {
      const answer = await softpos('init_sale_transaction', { amount: 10, [field]: 123 });
      assertPaynetError(answer, BAD_REQUEST, field);
      assert.match(String(answer.body.message), new RegExp(field));
    }
    assertPaynetError(await softpos('init_sale_transaction', { amount: 10, add_commission: 'yes' }), BAD_REQUEST);
  });

  it('refuses a reference_no that was already used with 400 result_code 5 (duplicatedata)', async () => {
    assert.equal((await softpos('init_sale_transaction', { amount: 20, reference_no: 'dup-1' })).body.code, 0);
    const again = await softpos('init_sale_transaction', { amount: 20, reference_no: 'dup-1' });
    assertPaynetError(again, DUPLICATE);
  });
});

describe('simulator: check_transaction', async () => {
  let clockMs = Date.parse('2026-06-01T09:00:00Z');
  const sim = await startTestSimulator({ now: () => clockMs, paymentSessionTtlMs: 60_000 });
  const softpos = await softposClient(sim);
  const newSession = async (body: Record<string, unknown> = {}): Promise<string> =>
    paymentSessionId(await softpos('init_sale_transaction', { amount: 250.5, instalment: 3, ...body }));
  const check = (id: string) => softpos('check_transaction', { payment_session_id: id });

  it('answers an empty Data while nothing has happened', async () => {
    const answer = await check(await newSession());
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.deepEqual(answer.body.Data, []);
  });

  it('shows the successful transaction after the phone approves', async () => {
    const id = await newSession({ reference_no: 'check-approve' });
    const approved = await control(sim, `sessions/${id}/approve`, { card: 'mastercard' });
    assert.equal(approved.status, 200);
    const answer = await check(id);
    const data = answer.body.Data as Array<Record<string, unknown>>;
    assert.equal(data.length, 1);
    const [transaction] = data;
    assert.ok(transaction);
    assert.equal(transaction.is_succeed, true);
    assert.equal(transaction.transaction_type, 'sale');
    assert.equal(transaction.amount, 250.5);
    assert.equal(transaction.comission, 6.24);
    assert.equal(transaction.net_amount, 244.26);
    assert.equal(transaction.currency, 'TRY');
    assert.equal(transaction.instalment, 3);
    assert.equal(transaction.reference_no, 'check-approve');
    assert.equal(transaction.agent_id, 'sim-agent');
    assert.equal(transaction.is_tds, false);
    assert.match(String(transaction.card_no_masked), /^540667\*{6}5403$/);
    assert.match(String(transaction.xact_id), /^[A-Za-z0-9_-]{40,}$/);
    assert.match(String(transaction.authorization_code), /^\d{6}$/);
    for (const field of ['xact_date', 'card_holder', 'reference_code', 'order_id', 'xact_transaction_id']) {
      assert.equal(typeof transaction[field], 'string', field);
    }
    assert.equal(transaction.paynet_error_id, undefined);
  });

  it('shows a failed transaction with the reason after the phone declines', async () => {
    const id = await newSession();
    await control(sim, `sessions/${id}/decline`, { reason: 'Kart okunamadı' });
    const [transaction] = (await check(id)).body.Data as Array<Record<string, unknown>>;
    assert.ok(transaction);
    assert.equal(transaction.is_succeed, false);
    assert.equal(transaction.paynet_error_message, 'Kart okunamadı');
    assert.equal(typeof transaction.paynet_error_id, 'string');
  });

  it('answers code 0 with an empty Data once the session is expired through the control API', async () => {
    const id = await newSession();
    assert.equal((await control(sim, `sessions/${id}/expire`)).status, 200);
    const answer = await check(id);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.deepEqual(answer.body.Data, []);
  });

  it('answers an empty Data once the session outlives its lifetime unpaid, and nothing more can be paid on it', async () => {
    const id = await newSession();
    clockMs += 59_999;
    assert.deepEqual((await check(id)).body.Data, []);
    clockMs += 1;
    const expired = await check(id);
    assert.equal(expired.status, 200);
    assert.equal(expired.body.code, 0);
    assert.deepEqual(expired.body.Data, []);
    const approveLate = await control(sim, `sessions/${id}/approve`);
    assert.equal(approveLate.status, 409);
    assert.deepEqual((await check(id)).body.Data, []);
  });

  it('answers 404 nodata for an expired unpaid session under the expiredSession quirk', async () => {
    const id = await newSession();
    await control(sim, `sessions/${id}/expire`);
    assert.equal((await setQuirks(sim, { expiredSession: 'nodata' })).status, 200);
    try {
      assertPaynetError(await check(id), NO_DATA);
      const paid = await newSession();
      await control(sim, `sessions/${paid}/approve`);
      assert.equal(((await check(paid)).body.Data as unknown[]).length, 1, 'a paid session is unaffected');
    } finally {
      await setQuirks(sim, {});
    }
  });

  it('keeps showing a paid session as paid after its lifetime', async () => {
    const id = await newSession();
    await control(sim, `sessions/${id}/approve`);
    clockMs += 10 * 60_000;
    const [transaction] = (await check(id)).body.Data as Array<Record<string, unknown>>;
    assert.equal(transaction?.is_succeed, true);
  });

  it('refuses to approve or decline a session twice', async () => {
    const id = await newSession();
    await control(sim, `sessions/${id}/approve`);
    assert.equal((await control(sim, `sessions/${id}/approve`)).status, 409);
    assert.equal((await control(sim, `sessions/${id}/decline`)).status, 409);
    assert.equal((await control(sim, 'sessions/no-such-session/approve')).status, 404);
  });

  it('answers an unknown payment_session_id with 404 nodata (12) and a missing one with 400 badrequest (11)', async () => {
    assertPaynetError(await check('00000000-0000-0000-0000-000000000000'), NO_DATA);
    assertPaynetError(await softpos('check_transaction', {}), BAD_REQUEST);
  });

  it('lists sessions by status', async () => {
    const pendingId = await newSession();
    const approvedId = await newSession();
    await control(sim, `sessions/${approvedId}/approve`);
    const pending = (await getJson(sim, '/_sim/sessions?status=pending')).body.sessions as Array<{ payment_session_id: string }>;
    const approved = (await getJson(sim, '/_sim/sessions?status=approved')).body.sessions as Array<{ payment_session_id: string }>;
    assert.ok(pending.some((session) => session.payment_session_id === pendingId));
    assert.ok(!pending.some((session) => session.payment_session_id === approvedId));
    assert.ok(approved.some((session) => session.payment_session_id === approvedId));
  });
});
