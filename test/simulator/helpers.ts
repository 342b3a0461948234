/** Shared plumbing for the simulator tests: real HTTP against a simulator on a free port. */
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

