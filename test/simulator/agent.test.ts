import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_REQUEST, UNAUTHORIZED, assertPaynetError, authHeaders, postJson, sessionKey, startTestSimulator } from './helpers.js';

const CREDENTIALS = { agent_id: 'sim-agent', user_id: 'sim-user' };

describe('simulator: get_auth_key and logout', async () => {
  let clockMs = Date.parse('2026-06-01T09:00:00Z');
  const sim = await startTestSimulator({ now: () => clockMs, sessionKeyTtlMs: 60_000 });

  it('issues a session key that expires at expired_date', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, authHeaders());
    assert.equal(answer.status, 200);
    assert.equal(answer.body.code, 0);
    assert.match(String(answer.body.session_key), /^[A-Za-z0-9_-]{40,}$/);
    // 09:01 UTC is 12:01 in Istanbul: ISO 8601 with Istanbul's offset, as seed 004 writes dates.
    assert.equal(answer.body.expired_date, '2026-06-01T12:01:00.000+03:00');
    assert.equal(Date.parse(String(answer.body.expired_date)), clockMs + 60_000);
    assert.equal(answer.body.agent_id, 'sim-agent');
    assert.equal(answer.body.user_id, 'sim-user');
    assert.equal(typeof answer.body.company_code, 'string');
    assert.equal(typeof answer.body.user_unique_id, 'string');
    assert.equal(answer.body.is_okc_inquiry, false);
  });

  it('gives a different session key each time', async () => {
    assert.notEqual(await sessionKey(sim), await sessionKey(sim));
  });

  it('refuses a wrong secret key with HTTP 401, authorization_error, result_code 7', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, authHeaders('sck_sim_wrong'));
    assertPaynetError(answer, UNAUTHORIZED);
  });

  it('refuses a request without Basic auth', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, { paynetmobile: '2', authorization: 'Bearer sck_sim_test' });
    assertPaynetError(answer, UNAUTHORIZED);
  });

  it('requires the PaynetMobile: 2 header (400 badrequest)', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', CREDENTIALS, { authorization: 'Basic sck_sim_test' });
    assertPaynetError(answer, BAD_REQUEST);
    assert.match(String(answer.body.message), /PaynetMobile/);
  });

  it('requires agent_id and user_id', async () => {
    const missing = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent' }, authHeaders());
    assertPaynetError(missing, BAD_REQUEST);
    assert.match(String(missing.body.message), /user_id/);
    const wrongType = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 42, user_id: 'sim-user' }, authHeaders());
    assertPaynetError(wrongType, BAD_REQUEST);
  });

  it('refuses an unknown agent with result_code 4 (agentnotfound) and an unknown user with 7', async () => {
    const agent = await postJson(sim, '/v1/agent/get_auth_key', { ...CREDENTIALS, agent_id: 'another-agent' }, authHeaders());
    assertPaynetError(agent, { status: 401, type: 'authorization_error', resultCode: 4 });
    const user = await postJson(sim, '/v1/agent/get_auth_key', { ...CREDENTIALS, user_id: 'someone-else' }, authHeaders());
    assertPaynetError(user, UNAUTHORIZED);
  });

  it('answers a body that is not a JSON object with badrequest', async () => {
    for (const body of ['{"agent_id":', '[1,2]', '"text"']) {
      assertPaynetError(await postJson(sim, '/v1/agent/get_auth_key', body, authHeaders()), BAD_REQUEST, body);
    }
  });

  it('refuses a body larger than the limit with 413', async () => {
    const answer = await postJson(sim, '/v1/agent/get_auth_key', { ...CREDENTIALS, padding: 'x'.repeat(100_000) }, authHeaders());
    assertPaynetError(answer, { ...BAD_REQUEST, status: 413 });
  });

  it('refuses a Session-Key call without a key, or with an unknown one, with 401 result_code 7', async () => {
    for (const headers of [{}, { 'session-key': 'not-a-key' }] as Array<Record<string, string>>) {
      assertPaynetError(await postJson(sim, '/v1/softpos/check_transaction', { payment_session_id: 'x' }, headers), UNAUTHORIZED);
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
    assertPaynetError(expired, UNAUTHORIZED);
  });

  it('ends the session key on logout', async () => {
    const key = await sessionKey(sim);
    const logout = await postJson(sim, '/v1/agent/logout', {}, { 'session-key': key });
    assert.equal(logout.status, 200);
    assert.equal(logout.body.code, 0);
    const after = await postJson(sim, '/v1/softpos/init_sale_transaction', { amount: 10 }, { 'session-key': key });
    assertPaynetError(after, UNAUTHORIZED);
    const again = await postJson(sim, '/v1/agent/logout', {}, { 'session-key': key });
    assertPaynetError(again, UNAUTHORIZED);
  });

  it('answers a GET to a Paynet endpoint with 405 and an unknown path with 404', async () => {
    const get = await fetch(`${sim.url}/v1/agent/get_auth_key`);
    assert.equal(get.headers.get('allow'), 'POST');
    assertPaynetError({ status: get.status, body: (await get.json()) as Record<string, unknown> }, { ...BAD_REQUEST, status: 405 });
    const unknown = await postJson(sim, '/v1/agent/nothing', {});
    assert.equal(unknown.status, 404);
  });

  it('requires a JSON content type', async () => {
    const response = await fetch(`${sim.url}/v1/agent/get_auth_key`, { method: 'POST', headers: { ...authHeaders(), 'content-type': 'text/plain' }, body: JSON.stringify(CREDENTIALS) });
    assertPaynetError({ status: response.status, body: (await response.json()) as Record<string, unknown> }, BAD_REQUEST);
  });
});
