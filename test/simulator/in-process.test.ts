/**
 * The kit and the simulator in one process with no HTTP server, wired as a browser page wires
 * them (a static demo whose service worker plays both): the kit's PaynetClient fetches through
 * `simulatorFetch(core)`, the page's requests go to `backend.handle(new Request(…))`, and the
 * phone is `core.handle` on /_sim/. This is the contract the browser host codes against.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackend } from '../../server/backend.js';
import { MemorySessionStore, type MemoryStoreSnapshot } from '../../server/store/memory-store.js';
import { createSimulatorCore, type SimSnapshot, type SimulatorCore } from '../../simulator/simulator-core.js';
import { simulatorFetch, simulatorResponse } from '../../simulator/web-adapter.js';
import { DEVICE_TOKEN, SECRET_KEY } from './helpers.js';

const PAYNET = 'https://paynet.simulated.invalid';
const SHOP = 'http://127.0.0.1';

interface Stack {
  core: SimulatorCore;
  store: MemorySessionStore;
  backend: PaynetCheckoutBackend;
  /** What the kit reported through onError. */
  errors: string[];
}

function inBrowserStack(restore?: { simulator: SimSnapshot; store: MemoryStoreSnapshot }): Stack {
  const errors: string[] = [];
  const core = createSimulatorCore({ secretKey: SECRET_KEY, deviceAccessToken: DEVICE_TOKEN }, restore?.simulator);
  const store = new MemorySessionStore(restore ? { restore: restore.store } : {});
  const backend = createPaynetCheckoutBackend({
    paynet: { secretKey: SECRET_KEY, agentId: 'sim-agent', userId: 'sim-user', baseUrl: PAYNET, deviceAccessToken: DEVICE_TOKEN, domain: 'shop.example', fetch: simulatorFetch(core), timeoutMs: 2_000, readRetryDelaysMs: [20] },
    store,
    statusMinIntervalMs: 0,
    statusWaitSeconds: 0,
    rateLimit: false,
    reconcile: false,
    onError: (error, context) => errors.push(`${context}: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { core, store, backend, errors };
}

async function shop<T>(backend: PaynetCheckoutBackend, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await backend.handle(
    new Request(SHOP + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  return { status: response.status, json: (await response.json()) as T };
}

/** The phone, through the web adapter as a service worker would call it. */
async function phone(core: SimulatorCore, method: string, path: string, body: unknown = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await simulatorResponse(core, new Request(`${SHOP}/_sim/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: JSON.stringify(body) }) }));
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function pendingPaymentSession(core: SimulatorCore): Promise<string> {
  const { json } = await phone(core, 'GET', 'sessions?status=pending');
  const [session] = json.sessions as Array<{ payment_session_id: string }>;
  assert.ok(session, 'the sale is waiting on the phone');
  return session.payment_session_id;
}

async function close(stack: Stack): Promise<void> {
  await stack.backend.close();
  stack.core.close();
}

describe('kit and simulator in one process, no HTTP', () => {
  it('pays a PayPOS sale: create, approve on the phone, status succeeded', async () => {
    const stack = inBrowserStack();
    const created = await shop<SessionResponse>(stack.backend, 'POST', '/api/paynet/sessions', { amount: '149.90', instalment: 1, currency: 'TRY' });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(created.json.deeplinkUrl ?? '', /^paypos:\/\/pay\?session=/);

    const approve = await phone(stack.core, 'POST', `sessions/${await pendingPaymentSession(stack.core)}/approve`, { card: 'visa' });
    assert.equal(approve.status, 200);
    const status = await shop<StatusResponse>(stack.backend, 'GET', created.json.statusUrl);
    assert.equal(status.json.status, 'succeeded', JSON.stringify(status.json));
    assert.equal(status.json.transaction?.amount, '149.90');
    assert.deepEqual(stack.errors, []);
    await close(stack);
  });

  it('survives a dropped answer as a network error: the status stays pending, then succeeds', async () => {
    const stack = inBrowserStack();
    const created = await shop<SessionResponse>(stack.backend, 'POST', '/api/paynet/sessions', { amount: '20.00', instalment: 1, currency: 'TRY' });
    await phone(stack.core, 'POST', `sessions/${await pendingPaymentSession(stack.core)}/approve`);
    await phone(stack.core, 'POST', 'faults', { path: '/v1/softpos/check_transaction', drop: 3 });
    const during = await shop<StatusResponse>(stack.backend, 'GET', created.json.statusUrl);
    assert.equal(during.json.status, 'pending', 'not knowing is never a failure');
    assert.match(stack.errors.join('\n'), /could not reach Paynet for \/v1\/softpos\/check_transaction/);
    await phone(stack.core, 'DELETE', 'faults');
    const after = await shop<StatusResponse>(stack.backend, 'GET', created.json.statusUrl);
    assert.equal(after.json.status, 'succeeded');
    await close(stack);
  });

  it('carries a pending sale across a restart from both snapshots, as a reloaded page does', async () => {
    const first = inBrowserStack();
    const created = await shop<SessionResponse>(first.backend, 'POST', '/api/paynet/sessions', { amount: '75.50', instalment: 3, currency: 'TRY' });
    const saved = JSON.parse(JSON.stringify({ simulator: first.core.snapshot(), store: first.store.snapshot() })) as { simulator: SimSnapshot; store: MemoryStoreSnapshot };
    await close(first);

    const second = inBrowserStack(saved);
    await phone(second.core, 'POST', `sessions/${await pendingPaymentSession(second.core)}/approve`, { card: 'troy' });
    const status = await shop<StatusResponse>(second.backend, 'GET', created.json.statusUrl);
    assert.equal(status.json.status, 'succeeded', JSON.stringify(status.json));
    assert.equal(status.json.transaction?.instalment, 3);
    await close(second);
  });
});
