import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSimulator } from '../../simulator/index.js';
import { chargesFor, control, deleteJson, getJson, payByCard, paymentSessionId, postJson, sessionKey, setQuirks, softposClient, startTestSimulator, until } from './helpers.js';

describe('simulator: fault injection', async () => {
  const sim = await startTestSimulator();
  const key = await sessionKey(sim);
  const check = (id = 'any-id'): Promise<Response> =>
    fetch(`${sim.url}/v1/softpos/check_transaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'session-key': key },
      body: JSON.stringify({ payment_session_id: id }),
    });
  const clearFaults = async (): Promise<void> => {
    const response = await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    assert.equal(response.status, 200);
    await response.body?.cancel();
  };

  it('delays matching calls by latencyMs', async () => {
    await control(sim, 'faults', { path: '/v1/softpos/check_transaction', latencyMs: 150 });
    const startedAt = performance.now();
    const response = await check();
    assert.ok(performance.now() - startedAt >= 140, 'answered before the latency');
    assert.equal(response.status, 404);
    await response.body?.cancel();
    await clearFaults();
  });

  it('fails exactly `count` matching calls with the 5xx status, then answers normally', async () => {
    await control(sim, 'faults', { fail: { count: 2, status: 503 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await check();
      statuses.push(response.status);
      await response.body?.cancel();
    }
    assert.deepEqual(statuses, [503, 503, 404]);
  });

  it('does nothing at Paynet for a failed call', async () => {
    const softpos = await softposClient(sim);
    await control(sim, 'faults', { path: '/v1/softpos/init_sale', fail: { count: 1, status: 502 } });
    const failed = await softpos('init_sale_transaction', { amount: 10, reference_no: 'fault-fail' }).catch((error: unknown) => error);
    assert.ok(failed instanceof SyntaxError, 'a 5xx text body is not JSON');
    const retried = await softpos('init_sale_transaction', { amount: 10, reference_no: 'fault-fail' });
    assert.equal(retried.body.code, 0, 'the reference_no was not consumed by the failed call');
  });

  it('destroys the connection without an answer for `drop` calls, after doing the work', async () => {
    const softpos = await softposClient(sim);
    await control(sim, 'faults', { path: '/v1/softpos/init_sale_transaction', drop: 1 });
    await assert.rejects(softpos('init_sale_transaction', { amount: 10, reference_no: 'fault-drop' }), TypeError);
    const pending = (await getJson(sim, '/_sim/sessions')).body.sessions as Array<{ reference_no: string }>;
    assert.ok(pending.some((session) => session.reference_no === 'fault-drop'), 'Paynet opened the session before the answer was lost');
    const next = await softpos('init_sale_transaction', { amount: 10, reference_no: 'fault-drop-2' });
    assert.equal(next.body.code, 0);
  });

  it('cuts the JSON answer of `malformed` calls so it cannot be parsed', async () => {
    await control(sim, 'faults', { malformed: 1 });
    const cut = await check();
    const text = await cut.text();
    assert.ok(text.startsWith('{'));
    assert.throws(() => JSON.parse(text), SyntaxError);
    const whole = await check();
    assert.equal(((await whole.json()) as { result_code: number }).result_code, 12);
  });

  it('applies a fault only to calls whose path starts with its path', async () => {
    await control(sim, 'faults', { path: '/v2/', fail: { count: 1, status: 500 } });
    const other = await check();
    assert.equal(other.status, 404);
    await other.body?.cancel();
    const payment = await fetch(`${sim.url}/v2/transaction/payment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(payment.status, 500);
    await payment.body?.cancel();
  });

  it('never applies faults to the control API, and lists and clears them', async () => {
    await control(sim, 'faults', { fail: { count: 5, status: 503 }, latencyMs: 10 });
    const listed = await getJson(sim, '/_sim/faults');
    assert.equal(listed.status, 200);
    assert.equal((listed.body.faults as unknown[]).length, 1);
    await clearFaults();
    const response = await check();
    assert.equal(response.status, 404);
    await response.body?.cancel();
  });

  it('refuses a fault that does nothing, has a non-5xx status, or a field it does not know', async () => {
    for (const fault of [
      {},
      { fail: { count: 1, status: 404 } },
      { path: 'v1', drop: 1 },
      { hang: -1 },
      { hang: 1, afterWork: 'yes' },
      { code: { value: 'x' } },
      { code: { value: 1.5 } },
      { code: { value: 8, count: 0 } },
      { code: 8 },
      { dorp: 1 },
    ]) {
      assert.equal((await control(sim, 'faults', fault)).status, 400, JSON.stringify(fault));
    }
    assert.deepEqual((await getJson(sim, '/_sim/faults')).body.faults, []);
  });
});

describe('simulator: call log, CORS and reset', async () => {
  const sim = await startTestSimulator();
  const softpos = await softposClient(sim);

  it('records every Paynet call with its path and session id, and no control call', async () => {
    const id = paymentSessionId(await softpos('init_sale_transaction', { amount: 10, reference_no: 'calls-1' }));
    await softpos('check_transaction', { payment_session_id: id });
    await softpos('check_transaction', { payment_session_id: id });
    await getJson(sim, '/_sim/sessions');
    const calls = (await getJson(sim, '/_sim/calls')).body.calls as Array<Record<string, unknown>>;
    assert.deepEqual(
      calls.map((call) => [call.path, call.payment_session_id, call.reference_no]),
      [
        ['/v1/agent/get_auth_key', undefined, undefined],
        ['/v1/softpos/init_sale_transaction', undefined, 'calls-1'],
        ['/v1/softpos/check_transaction', id, undefined],
        ['/v1/softpos/check_transaction', id, undefined],
      ],
    );
    for (const call of calls) assert.ok(!Number.isNaN(Date.parse(String(call.at))));
    assert.ok(!JSON.stringify(calls).includes('sck_'), 'no secret in the call log');
  });

  it('answers the control API with permissive CORS, and Paynet endpoints without it', async () => {
    const preflight = await fetch(`${sim.url}/_sim/faults`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const controlAnswer = await fetch(`${sim.url}/_sim/devices`);
    assert.equal(controlAnswer.headers.get('access-control-allow-origin'), '*');
    await controlAnswer.body?.cancel();
    const paynet = await postJson(sim, '/v1/softpos/check_transaction', {});
    assert.equal(paynet.status, 401);
    const raw = await fetch(`${sim.url}/v1/softpos/check_transaction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(raw.headers.get('access-control-allow-origin'), null);
    await raw.body?.cancel();
  });

  it('forgets sessions, keys, calls and faults on reset', async () => {
    await control(sim, 'faults', { latencyMs: 5 });
    assert.equal((await control(sim, 'reset')).status, 200);
    assert.deepEqual((await getJson(sim, '/_sim/sessions')).body.sessions, []);
    assert.deepEqual((await getJson(sim, '/_sim/calls')).body.calls, []);
    assert.deepEqual((await getJson(sim, '/_sim/faults')).body.faults, []);
    const afterReset = await softpos('check_transaction', { payment_session_id: 'x' });
    assert.equal(afterReset.status, 401, 'the old session key is gone');
    assert.equal(afterReset.body.result_code, 7);
  });

  it('answers an unknown control route with 404 and a bad control body with 400', async () => {
    assert.equal((await getJson(sim, '/_sim/nothing')).status, 404);
    assert.equal((await postJson(sim, '/_sim/faults', '[1]')).status, 400);
    assert.equal((await control(sim, 'sessions/%E0%A4%A/approve')).status, 400);
  });
});

describe('simulator: faults after the work — hang, code, fail with afterWork', async () => {
  const sim = await startTestSimulator();
  /** Generous: the machine is shared, and the point is only that the client gives up first. */
  const CLIENT_TIMEOUT_MS = 1_500;
  const held = async (): Promise<number> => (await getJson(sim, '/_sim/faults')).body.held as number;
  const clear = async (): Promise<void> => {
    assert.equal((await deleteJson(sim, '/_sim/faults')).status, 200);
  };

  it('hang holds the call unanswered until the client gives up, and does nothing at Paynet without afterWork', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', hang: 1 });
    const startedAt = performance.now();
    const call = payByCard(sim, { amount: '10,00', reference_no: 'hang-before' }, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    await assert.rejects(call, (error: Error) => error.name === 'TimeoutError');
    assert.ok(performance.now() - startedAt >= CLIENT_TIMEOUT_MS - 50, 'held until the client gave up');
    await until('the held call to end', async () => (await held()) === 0);
    assert.deepEqual(await chargesFor(sim, 'hang-before'), [], 'nothing charged');
    const retry = await payByCard(sim, { amount: '10,00', reference_no: 'hang-before' });
    assert.equal(retry.body.code, 0, 'the retry is the first payment');
    assert.equal((await chargesFor(sim, 'hang-before')).length, 1);
  });

  it('hang with afterWork takes the charge, then answers nothing; the retry answers code 100', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', hang: 1, afterWork: true });
    const call = payByCard(sim, { amount: '10,00', reference_no: 'hang-after' }, { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    await assert.rejects(call, (error: Error) => error.name === 'TimeoutError');
    const charges = await chargesFor(sim, 'hang-after');
    assert.equal(charges.length, 1, 'charged before the silence');
    assert.equal(charges[0]?.is_succeed, true);
    const retry = await payByCard(sim, { amount: '10,00', reference_no: 'hang-after' });
    assert.equal(retry.body.code, 100);
    assert.equal((await chargesFor(sim, 'hang-after')).length, 1, 'not charged twice');
  });

  it('clearing the faults ends a held call by closing its connection, unanswered', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', hang: 1 });
    const call = payByCard(sim, { amount: '10,00', reference_no: 'hang-cleared' }, { signal: AbortSignal.timeout(60_000) });
    const outcome = call.then(
      () => 'answered',
      (error: Error) => error.name,
    );
    await until('the call to be held', async () => (await held()) === 1);
    await clear();
    assert.equal(await outcome, 'TypeError', 'the connection closed without an answer');
    await until('the held call to end', async () => (await held()) === 0);
  });

  it('code answers a 200 envelope with that code, without doing the work', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', code: { value: 999 } });
    const answer = await payByCard(sim, { amount: '10,00', reference_no: 'code-999' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { object_name: 'payment_response', code: 999, message: answer.body.message });
    assert.equal(typeof answer.body.message, 'string');
    assert.deepEqual(await chargesFor(sim, 'code-999'), []);
    assert.equal((await payByCard(sim, { amount: '10,00', reference_no: 'code-999' })).body.code, 0, 'one call only');
  });

  it('code with afterWork answers the code (8 servererror) after taking the charge; count and message are kept', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', code: { value: 8, count: 2, message: 'Sunucu hatası' }, afterWork: true });
    const first = await payByCard(sim, { amount: '10,00', reference_no: 'code-8' });
    assert.deepEqual(first.body, { object_name: 'payment_response', code: 8, message: 'Sunucu hatası' });
    assert.equal((await chargesFor(sim, 'code-8')).length, 1, 'Paynet charged');
    const second = await payByCard(sim, { amount: '10,00', reference_no: 'code-8' });
    assert.equal(second.body.code, 8);
    assert.equal((await chargesFor(sim, 'code-8')).length, 1, 'the retry found the earlier success: not charged twice');
    assert.equal((await payByCard(sim, { amount: '10,00', reference_no: 'code-8' })).body.code, 100);
  });

  it('code follows the quirks in force (codeAsString)', async () => {
    await setQuirks(sim, { codeAsString: true });
    try {
      await control(sim, 'faults', { path: '/v1/transaction/check', code: { value: 10 } });
      const answer = await postJson(sim, '/v1/transaction/check', { reference_no: 'x' }, { authorization: 'Basic sck_sim_test' });
      assert.deepEqual(answer.body, { object_name: 'transaction_list', code: '10', message: 'timeout' });
    } finally {
      await setQuirks(sim, {});
    }
  });

  it('fail with afterWork answers the 5xx after taking the charge', async () => {
    await control(sim, 'faults', { path: '/v2/transaction/payment', fail: { count: 1, status: 504 }, afterWork: true });
    const response = await fetch(`${sim.url}/v2/transaction/payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic sck_sim_test' },
      body: JSON.stringify({ domain: 'shop.example', amount: '10,00', reference_no: 'fail-after', card_holder: 'TEST TEST', pan: '4355084355084358', month: 8, year: 2031, cvc: '000' }),
    });
    assert.equal(response.status, 504);
    await response.body?.cancel();
    assert.equal((await chargesFor(sim, 'fail-after')).length, 1);
  });

  it('lists a rule with every field, and forgets it once spent', async () => {
    await control(sim, 'faults', { path: '/v1/', hang: 1, code: { value: 7 }, afterWork: true });
    const listed = await getJson(sim, '/_sim/faults');
    assert.deepEqual(listed.body, {
      faults: [{ path: '/v1/', latencyMs: 0, afterWork: true, fail: { count: 0, status: 503 }, hang: 1, drop: 0, code: { value: 7, count: 1, message: null }, malformed: 0 }],
      held: 0,
    });
    await clear();
  });
});

describe('simulator: a held call and close()', () => {
  it('closes with a call held by a hang', async () => {
    const sim = await startSimulator({ secretKey: 'sck_sim_test' });
    await control(sim, 'faults', { hang: 1 });
    const call = payByCard(sim, { amount: '1,00', reference_no: 'held-at-close' }, { signal: AbortSignal.timeout(60_000) }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    await until('the call to be held', async () => ((await getJson(sim, '/_sim/faults')).body.held as number) === 1);
    await sim.close();
    assert.equal(await call, 'TypeError');
  });
});
