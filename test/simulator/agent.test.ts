import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaynetCode } from '../../server/paynet-codes.js';
import { authHeaders, postJson, sessionKey, startTestSimulator } from './helpers.js';

const CREDENTIALS = { agent_id: 'sim-agent', user_id: 'sim-user' };

describe('simulator: get_auth_key and logout', async () => {
  let clockMs = Date.parse('2026-06-01T09:00:00Z');
  const sim = await startTestSimulator({ now: () => clockMs, sessionKeyTtlMs: 60_000 });

  it('issues a session key that expires at expired_date', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, authHeaders());
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.match(String(answer.body.session_key), /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(answer.body.expired_date, new Date(clockMs + 60_000).toISOString());
    assert.equal(answer.body.agent_id, 'sim-agent');
    assert.equal(answer.body.user_id, 'sim-user');
    assert.equal(typeof answer.body.company_code, 'string');
    assert.equal(typeof answer.body.user_unique_id, 'string');
    assert.equal(answer.body.is_okc_inquiry, false);
  });

  it('gives a different session key each time', async () => {
    assert.notEqual(await sessionKey(sim), await sessionKey(sim));
  });

  it('refuses a wrong secret key with code 3 and HTTP 400', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, authHeaders('sck_sim_wrong'));
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { object_name: 'error', code: PaynetCode.AUTH_FAILED, message: answer.body.message });
    assert.equal(typeof answer.body.message, 'string');
  });

  it('refuses a request without Basic auth', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, { paynetmobile: '2', authorization: 'Bearer sck_sim_test' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, PaynetCode.AUTH_FAILED);
  });

  it('requires the PaynetMobile: 2 header', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, { authorization: 'Basic sck_sim_test' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, PaynetCode.VALIDATION);
    assert.match(String(answer.body.message), /PaynetMobile/);
  });

  it('requires agent_id and user_id', async () => {
    const missing = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent' }, authHeaders());
    assert.equal(missing.status, 400);
    assert.equal(missing.body.code, PaynetCode.VALIDATION);
    assert.match(String(missing.body.message), /user_id/);
    const wrongType = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 42, user_id: 'sim-user' }, authHeaders());
    assert.equal(wrongType.body.code, PaynetCode.VALIDATION);
  });

  it('refuses an unknown user with code 3', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', { ...CREDENTIALS, user_id: 'someone-else' }, authHeaders());
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, PaynetCode.AUTH_FAILED);
  });

  it('answers a body that is not a JSON object with a validation error', async () => {
    for (const body of ['{"agent_id":', '[1,2]', '"text"']) {
      const answer = await postJson(sim, '/v1/agent/get_auth_key', body, authHeaders());
      assert.equal(answer.status, 400, body);
      assert.equal(answer.body.code, PaynetCode.VALIDATION, body);
    }
  });

  it('refuses a body larger than the limit with 413', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', { ...CREDENTIALS, padding: 'x'.repeat(100_000) }, authHeaders());
    assert.equal(answer.status, 413);
    assert.equal(answer.body.code, PaynetCode.VALIDATION);
  });

  it('refuses a Session-Key call without a key, or with an unknown one, with code 4', async () => {
    for (const headers of [{}, { 'session-key': 'not-a-key' }] as Array<Record<string, string>>) {
      const answer = await postJson(sim, '/v1/softpos/check_transaction', { payment_session_id: 'x' }, headers);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, PaynetCode.SESSION_KEY_INVALID);
    }
  });

  it('refuses a session key once its expired_date has passed', async () => {
    const key = await sessionKey(sim);
    const body = { amount: 10, reference_no: `expiry-${clockMs}` };
    clockMs += 59_999;
    const stillValid = await postJson(sim, '/v1/softpos/init_sale_transaction', body, { 'session-key': key });
    assert.equal(stillValid.body.code, 0);
    clockMs += 1;
    const expired = await postJson(sim, '/v1/softpos/init_sale_transaction', { amount: 10 }, { 'session-key': key });
    assert.equal(expired.status, 400);
    assert.equal(expired.body.code, PaynetCode.SESSION_KEY_INVALID);
  });

  it('ends the session key on logout', async () => {
    const key = await sessionKey(sim);
    const logout = await postJson(sim, '/v1/agent/logout', {}, { 'session-key': key });
    assert.equal(logout.status, 200);
    assert.equal(logout.body.code, 0);
    const after = await postJson(sim, '/v1/softpos/init_sale_transaction', { amount: 10 }, { 'session-key': key });
    assert.equal(after.body.code, PaynetCode.SESSION_KEY_INVALID);
    const again = await postJson(sim, '/v1/agent/logout', {}, { 'session-key': key });
    assert.equal(again.body.code, PaynetCode.SESSION_KEY_INVALID);
  });

  it('answers a GET to a Paynet endpoint with 405 and an unknown path with 404', async () => {
    const get = await fetch(`${sim.url}/v1/agent/get_auth_key`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    await get.body?.cancel();
    const unknown = await postJson(sim, '/v1/agent/nothing', {});
    assert.equal(unknown.status, 404);
  });

  it('requires a JSON content type', async () => {
    const response = await fetch(`${sim.url}/v1/agent/get_auth_key`, { method: 'POST', headers: { ...authHeaders(), 'content-type': 'text/plain' }, body: JSON.stringify(CREDENTIALS) });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: number }).code, PaynetCode.VALIDATION);
  });
});
