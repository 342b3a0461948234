/**
 * Shared fixtures of the server tests: a real simulator, its control API, and the backend
 * served over real HTTP by the Node adapter. Nothing of our own code is mocked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../../simulator/index.js';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackend, type PaynetCheckoutBackendOptions } from '../../server/backend.js';
import { toNodeListener } from '../../server/node.js';
import type { PaynetClientOptions } from '../../server/paynet-client.js';

export const SIM_SECRET_KEY = 'sck_sim_test';
export const SIM_AGENT_ID = 'sim-agent';
export const SIM_USER_ID = 'sim-user';
export const SIM_DEVICE_TOKEN = 'dat_sim_test';
export const SIM_DEVICES = [
  { deviceId: 'P00134', label: 'Kasa 1' },
  { deviceId: 'P00135', label: 'Kasa 2' },
];

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export async function startTestSimulator(overrides: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<Simulator> {
  return startSimulator({
    port: 0,
    secretKey: SIM_SECRET_KEY,
    agentId: SIM_AGENT_ID,
    userId: SIM_USER_ID,
    deviceAccessToken: SIM_DEVICE_TOKEN,
    devices: SIM_DEVICES,
    non3dAllowed: true,
    ...overrides,
  });
}

export function clientConfig(simUrl: string, overrides: Partial<PaynetClientOptions> = {}): PaynetClientOptions {
  return {
    secretKey: SIM_SECRET_KEY,
    agentId: SIM_AGENT_ID,
    userId: SIM_USER_ID,
    baseUrl: simUrl,
    deviceAccessToken: SIM_DEVICE_TOKEN,
    domain: 'shop.example',
    timeoutMs: 2_000,
    readRetryDelaysMs: [20, 40],
    paymentRetryDelaysMs: [20, 40, 80],
    ...overrides,
  };
}

export interface SimCall {
  path: string;
  payment_session_id?: string;
  at: string;
}

/** The simulator's control API (the "phone", the terminal, faults, call log). */
export class SimControl {
  constructor(readonly url: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  approve(paymentSessionId: string, card: 'visa' | 'mastercard' | 'troy' = 'visa'): Promise<unknown> {
    return this.request('POST', `/_sim/sessions/${encodeURIComponent(paymentSessionId)}/approve`, { card });
  }
  decline(paymentSessionId: string, reason?: string): Promise<unknown> {
    return this.request('POST', `/_sim/sessions/${encodeURIComponent(paymentSessionId)}/decline`, reason === undefined ? {} : { reason });
  }
  expire(paymentSessionId: string): Promise<unknown> {
    return this.request('POST', `/_sim/sessions/${encodeURIComponent(paymentSessionId)}/expire`, {});
  }
  async sessions(status?: string): Promise<Array<{ payment_session_id: string; kind: string; reversal_type?: string; amount: number; instalment: number; reference_no: string; status: string; deeplink_url: string }>> {
    const { sessions } = await this.request<{ sessions: Array<{ payment_session_id: string; kind: string; reversal_type?: string; amount: number; instalment: number; reference_no: string; status: string; deeplink_url: string }> }>(
      'GET',
      `/_sim/sessions${status ? `?status=${status}` : ''}`,
    );
    return sessions;
  }
  /** The simulator session created for our reference_no. */
  async sessionByReference(referenceNo: string): Promise<{ payment_session_id: string; kind: string; reversal_type?: string; amount: number; status: string }> {
    const found = (await this.sessions()).find((s) => s.reference_no === referenceNo);
    if (!found) throw new Error(`simulator has no session with reference_no ${referenceNo}`);
    return found;
  }
  async deviceTransactions(status?: string): Promise<Array<{ transactionReferenceId: string; deviceId: string; amount: number; installment: number; status: string }>> {
    const { transactions } = await this.request<{ transactions: Array<{ transactionReferenceId: string; deviceId: string; amount: number; installment: number; status: string }> }>(
      'GET',
      `/_sim/device-transactions${status ? `?status=${status}` : ''}`,
    );
    return transactions;
  }
  approveDevice(ref: string): Promise<unknown> {
    return this.request('POST', `/_sim/device-transactions/${encodeURIComponent(ref)}/approve`, {});
  }
  declineDevice(ref: string): Promise<unknown> {
    return this.request('POST', `/_sim/device-transactions/${encodeURIComponent(ref)}/decline`, {});
  }
  ageTransaction(xactId: string, days: number): Promise<unknown> {
    return this.request('POST', `/_sim/transactions/${encodeURIComponent(xactId)}/age`, { days });
  }
  faults(fault: {
    path?: string;
    latencyMs?: number;
    afterWork?: boolean;
    fail?: { count: number; status: number };
    hang?: number;
    drop?: number;
    code?: { value: number; count?: number; message?: string };
    malformed?: number;
  }): Promise<unknown> {
    return this.request('POST', '/_sim/faults', fault);
  }
  clearFaults(): Promise<unknown> {
    return this.request('DELETE', '/_sim/faults');
  }
  async calls(path?: string): Promise<SimCall[]> {
    const { calls } = await this.request<{ calls: SimCall[] }>('GET', '/_sim/calls');
    return path === undefined ? calls : calls.filter((c) => c.path === path);
  }
  reset(): Promise<unknown> {
    return this.request('POST', '/_sim/reset', {});
  }
}

export interface ServedBackend {
  backend: PaynetCheckoutBackend;
  url: string;
  /** fetch against the backend: path is relative to the server root. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** JSON POST with an optional Idempotency-Key. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function serveBackend(options: PaynetCheckoutBackendOptions): Promise<ServedBackend> {
  const backend = createPaynetCheckoutBackend(options);
  const server: Server = createServer(toNodeListener(backend.handle, options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    backend,
    url,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    post: (path, body, headers = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

/** Reads a JSON body as the given type. */
export async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Collects onError calls instead of printing them (no console noise in tests). */
export function errorSink(): { onError: (error: unknown, context: string) => void; errors: Array<{ error: unknown; context: string }> } {
  const errors: Array<{ error: unknown; context: string }> = [];
  return { errors, onError: (error, context) => errors.push({ error, context }) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not a timed assertion: the deadline only bounds a hang). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, deadlineMs = 5_000): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await sleep(25);
  }
}
