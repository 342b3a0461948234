/** Shared plumbing for the simulator tests: real HTTP against a simulator on a free port. */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';

export const SECRET_KEY = 'sck_sim_test';
export const DEVICE_TOKEN = 'dat_sim_test';

/** A simulator for the current test file, closed after it. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const sim = await startSimulator({ secretKey: SECRET_KEY, deviceAccessToken: DEVICE_TOKEN, ...options });
  after(() => sim.close());
  return sim;
}

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function postJson(sim: Simulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await fetch(sim.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function getJson(sim: Simulator, path: string): Promise<JsonAnswer> {
  const response = await fetch(sim.url + path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function control(sim: Simulator, path: string, body: unknown = {}): Promise<JsonAnswer> {
  return postJson(sim, `/_sim/${path}`, body);
}

export const authHeaders = (secret = SECRET_KEY): Record<string, string> => ({ authorization: `Basic ${secret}`, paynetmobile: '2' });

export async function sessionKey(sim: Simulator): Promise<string> {
  const answer = await postJson(sim, '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, authHeaders());
  if (answer.status !== 200 || typeof answer.body.session_key !== 'string') throw new Error(`get_auth_key failed: ${JSON.stringify(answer.body)}`);
  return answer.body.session_key;
}

/** A client bound to one session key, for the Session-Key endpoints. */
export async function softposClient(sim: Simulator): Promise<(path: string, body: unknown) => Promise<JsonAnswer>> {
  const key = await sessionKey(sim);
  return (path, body) => postJson(sim, `/v1/softpos/${path}`, body, { 'session-key': key });
}

export function paymentSessionId(answer: JsonAnswer): string {
  const id = answer.body.payment_session_id;
  if (typeof id !== 'string') throw new Error(`no payment_session_id in ${JSON.stringify(answer.body)}`);
  return id;
}

export function deviceHeaders(token = DEVICE_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}


/** The Basic auth header alone (v2/transaction/payment, v1/transaction/check). */
export const basicAuth = (secret = SECRET_KEY): Record<string, string> => ({ authorization: `Basic ${secret}` });

export interface ExpectedError {
  status: number;
  type: 'api_error' | 'invalid_request_error' | 'authorization_error' | 'no_data_error';
  resultCode: number;
}

/** Asserts Paynet's §4 error object, exactly: `{type, message, code: <HTTP status>, result_code}`. */
export function assertPaynetError(answer: JsonAnswer, expected: ExpectedError, note?: string): void {
  const label = note ? `${note}: ${JSON.stringify(answer.body)}` : JSON.stringify(answer.body);
  assert.equal(answer.status, expected.status, label);
  assert.equal(typeof answer.body.message, 'string', label);
  assert.deepEqual(answer.body, { type: expected.type, message: answer.body.message, code: expected.status, result_code: expected.resultCode }, label);
}

export const BAD_REQUEST: ExpectedError = { status: 400, type: 'invalid_request_error', resultCode: 11 };
export const UNAUTHORIZED: ExpectedError = { status: 401, type: 'authorization_error', resultCode: 7 };
export const NO_DATA: ExpectedError = { status: 404, type: 'no_data_error', resultCode: 12 };
export const DUPLICATE: ExpectedError = { status: 400, type: 'invalid_request_error', resultCode: 5 };
export const NO_PROCESS: ExpectedError = { status: 400, type: 'invalid_request_error', resultCode: 6 };

/** PUTs the whole quirks object (fields left out go back to the start reading). */
export async function setQuirks(sim: Simulator, quirks: Record<string, unknown>): Promise<JsonAnswer> {
  const response = await fetch(`${sim.url}/_sim/quirks`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(quirks) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function deleteJson(sim: Simulator, path: string): Promise<JsonAnswer> {
  const response = await fetch(sim.url + path, { method: 'DELETE' });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Waits until `check` holds, by the clock (the machine is shared: no fixed sleeps), or fails saying what it waited for. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A card that approves (any Luhn-valid PAN but the two declining test cards). */
export const TEST_CARD = { card_holder: 'TEST TEST', pan: '4355084355084358', month: '8', year: '2031', cvc: '000' };
/** Declined: insufficient funds (result_code 1 when declines are errors). */
export const DECLINED_PAN = '4000000000000002';
/** Declined: expired card (result_code 18 when declines are errors). */
export const EXPIRED_CARD_PAN = '4000000000000069';

/** POST /v2/transaction/payment with the test card; `body` adds to or overrides it. */
export function payByCard(sim: Simulator, body: Record<string, unknown>, init: { secret?: string; signal?: AbortSignal } = {}): Promise<JsonAnswer> {
  return postJsonWith(sim, '/v2/transaction/payment', { domain: 'shop.example', ...TEST_CARD, ...body }, basicAuth(init.secret), init.signal);
}

/** POST /v1/transaction/check. */
export function checkByReference(sim: Simulator, body: Record<string, unknown>, secret?: string): Promise<JsonAnswer> {
  return postJson(sim, '/v1/transaction/check', body, basicAuth(secret));
}

export async function postJsonWith(sim: Simulator, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<JsonAnswer> {
  const response = await fetch(sim.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The card payments Paynet made under a reference_no, as the control API lists them. */
export async function chargesFor(sim: Simulator, referenceNo: string): Promise<Array<Record<string, unknown>>> {
  const answer = await getJson(sim, `/_sim/card-payments?reference_no=${encodeURIComponent(referenceNo)}`);
  return answer.body.payments as Array<Record<string, unknown>>;
}
