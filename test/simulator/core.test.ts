/**
 * The host-neutral simulator core (simulator/simulator-core.ts) on its own, with no HTTP server:
 * what a browser host sees. Its snapshot and restore carry a simulator across a page reload;
 * onChange tells the host when to save.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BODY_TOO_LARGE, MAX_SNAPSHOT_CALLS, createSimulatorCore, type SimOutcome, type SimSnapshot, type SimulatorCore } from '../../simulator/simulator-core.js';
import { DEVICE_TOKEN, SECRET_KEY } from './helpers.js';

const BASE = 'https://paynet.simulated.invalid';
const OPTIONS = { secretKey: SECRET_KEY, deviceAccessToken: DEVICE_TOKEN };

interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

function answered(outcome: SimOutcome): Answer {
  if ('dropped' in outcome) throw new Error('the call was dropped');
  return { status: outcome.status, headers: outcome.headers, json: outcome.body === '' ? {} : (JSON.parse(outcome.body) as Record<string, unknown>) };
}

function call(core: SimulatorCore, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, gone?: AbortSignal): Promise<SimOutcome> {
  return core.handle({
    method,
    url: new URL(path, BASE),
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
    ...(gone ? { gone } : {}),
  });
}

async function sessionKey(core: SimulatorCore): Promise<string> {
  const answer = answered(await call(core, 'POST', '/v1/agent/get_auth_key', { agent_id: 'sim-agent', user_id: 'sim-user' }, { authorization: `Basic ${SECRET_KEY}`, paynetmobile: '2' }));
  return String(answer.json.session_key);
}

async function openSale(core: SimulatorCore, key: string, referenceNo: string): Promise<string> {
  const answer = answered(await call(core, 'POST', '/v1/softpos/init_sale_transaction', { amount: 149.9, instalment: 1, reference_no: referenceNo }, { 'session-key': key }));
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return String(answer.json.payment_session_id);
}

function deviceSale(core: SimulatorCore, ref: string): Promise<SimOutcome> {
  return call(core, 'POST', '/v1/device/sale', { deviceId: 'P00134', transactionReferenceId: ref, amount: 10, paidAmount: 10, paymentType: 'CARD' }, { authorization: `Bearer ${DEVICE_TOKEN}` });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400 && !check(); attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), what);
}

/** A snapshot as a host keeps it: through JSON. */
const stored = (core: SimulatorCore): SimSnapshot => JSON.parse(JSON.stringify(core.snapshot())) as SimSnapshot;

describe('simulator core: requests without a host', () => {
  it('answers the control API with CORS headers, and its preflight with 204', async () => {
    const core = createSimulatorCore(OPTIONS);
    const preflight = await call(core, 'OPTIONS', '/_sim/sessions');
    assert.ok(!('dropped' in preflight));
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    const list = answered(await call(core, 'GET', '/_sim/sessions?status=pending'));
    assert.equal(list.status, 200);
    assert.equal(list.headers['access-control-allow-origin'], '*');
    assert.deepEqual(list.json, { sessions: [] });
    core.close();
  });

  it('answers 413 to a body the host refused as too large, on Paynet endpoints and the control API', async () => {
    const core = createSimulatorCore(OPTIONS);
    const tooLarge = { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY_TOO_LARGE } as const;
    const paynet = answered(await core.handle({ ...tooLarge, url: new URL('/v1/agent/get_auth_key', BASE) }));
    assert.equal(paynet.status, 413);
    assert.equal(paynet.json.result_code, 11);
    assert.equal(answered(await core.handle({ ...tooLarge, url: new URL('/_sim/faults', BASE) })).status, 413);
    core.close();
  });

  it('drops the answer of a drop fault after doing the work, and ends a hang when the client goes away', async () => {
    const core = createSimulatorCore(OPTIONS);
    const key = await sessionKey(core);
    answered(await call(core, 'POST', '/_sim/faults', { path: '/v1/softpos/init_sale_transaction', drop: 1, hang: 1 }));
    // hang is spent before drop.
    const gone = new AbortController();
    const held = call(core, 'POST', '/v1/softpos/init_sale_transaction', { amount: 1, reference_no: 'HANG-1' }, { 'session-key': key }, gone.signal);
    await until(() => core.state.calls.length === 2, 'the held call is logged');
    gone.abort();
    assert.deepEqual(await held, { dropped: true });
    assert.deepEqual(await call(core, 'POST', '/v1/softpos/init_sale_transaction', { amount: 1, reference_no: 'DROP-1' }, { 'session-key': key }), { dropped: true });
    assert.deepEqual([...core.state.sessions.values()].map((session) => session.referenceNo), ['DROP-1'], 'the dropped call opened its session');
    core.close();
  });

  it('drops every request after close, and answers a held terminal sale as it closes', async () => {
    const core = createSimulatorCore(OPTIONS);
    const held = deviceSale(core, 'CLOSE-1');
    await until(() => core.state.deviceTransactions.size === 1, 'the sale is on the terminal');
    core.close();
    const answer = answered(await held);
    assert.equal(answer.json.status, 'failure');
    assert.deepEqual(await call(core, 'GET', '/_sim/sessions'), { dropped: true });
  });
});

describe('simulator core: snapshot and restore', () => {
  it('round-trips: a restored snapshot snapshots equal, and a snapshot keeps the last calls only', async () => {
    const core = createSimulatorCore(OPTIONS);
    const key = await sessionKey(core);
    const approved = await openSale(core, key, 'R-APPROVED');
    await openSale(core, key, 'R-PENDING');
    answered(await call(core, 'POST', `/_sim/sessions/${approved}/approve`, { card: 'troy' }));
    const card = { amount: '12,50', reference_no: 'CARD-1', domain: 'shop.example', card_holder: 'Ayşe Yılmaz', pan: '4111111111111111', month: 12, year: 2099, cvc: '123' };
    assert.equal(answered(await call(core, 'POST', '/v2/transaction/payment', card, { authorization: `Basic ${SECRET_KEY}` })).json.is_succeed, true);
    const terminal = deviceSale(core, 'DEV-1');
    await until(() => core.state.deviceTransactions.size === 1, 'the sale is on the terminal');
    answered(await call(core, 'POST', '/_sim/device-transactions/DEV-1/approve', { card: 'visa' }));
    await terminal;
    answered(await call(core, 'PATCH', '/_sim/quirks', { dates: 'turkish', codeAsString: true }));
    for (let i = 0; i < MAX_SNAPSHOT_CALLS; i++) await call(core, 'POST', '/v1/transaction/check', { reference_no: 'CARD-1' }, { authorization: `Basic ${SECRET_KEY}` });

    const first = stored(core);
    assert.equal(first.calls.length, MAX_SNAPSHOT_CALLS);
    assert.equal(first.sessions.length, 2);
    const restored = createSimulatorCore(OPTIONS, first);
    assert.deepEqual(stored(restored), first);
    assert.deepEqual(restored.quirks, { ...core.quirks });
    // The restored simulator answers from what it got back: the session key, the card payment (code 100 on a retry).
    const retry = answered(await call(restored, 'POST', '/v2/transaction/payment', card, { authorization: `Basic ${SECRET_KEY}` }));
    assert.equal(retry.json.code, '100');
    const check = answered(await call(restored, 'POST', '/v1/softpos/check_transaction', { payment_session_id: approved }, { 'session-key': key }));
    assert.equal((check.json.Data as Array<{ is_succeed: boolean }>)[0]?.is_succeed, true);
    core.close();
    restored.close();
  });

  it('restores a pending PayPOS session that the phone can still approve, and keeps its reference taken', async () => {
    const core = createSimulatorCore(OPTIONS);
    const key = await sessionKey(core);
    const id = await openSale(core, key, 'R-1');
    const snapshot = stored(core);
    core.close();

    const restored = createSimulatorCore(OPTIONS, snapshot);
    const approve = answered(await call(restored, 'POST', `/_sim/sessions/${id}/approve`, {}));
    assert.equal(approve.status, 200);
    assert.equal(approve.headers['access-control-allow-origin'], '*');
    assert.equal((approve.json.session as { status: string }).status, 'approved');
    const again = answered(await call(restored, 'POST', '/v1/softpos/init_sale_transaction', { amount: 1, reference_no: 'R-1' }, { 'session-key': key }));
    assert.equal(again.json.result_code, 5, 'duplicatedata');
    restored.close();
  });

  it('re-arms a pending terminal sale for the time it had left, and ends one whose time passed', async () => {
    const clock = { now: Date.UTC(2026, 5, 1, 9, 0, 0) };
    const options = { ...OPTIONS, deviceSaleTimeoutMs: 10_000, now: () => clock.now };
    const core = createSimulatorCore(options);
    void deviceSale(core, 'DEV-LEFT');
    await until(() => core.state.deviceTransactions.size === 1, 'the sale is on the terminal');
    const snapshot = stored(core);
    core.close();

    clock.now += 9_850;
    const resumed = createSimulatorCore(options, snapshot);
    assert.equal(resumed.state.deviceTransactions.get('DEV-LEFT')?.status, 'pending');
    await until(() => resumed.state.deviceTransactions.get('DEV-LEFT')?.status === 'expired', 'it times out 150 ms later');
    resumed.close();

    clock.now += 1_000;
    const late = createSimulatorCore(options, snapshot);
    assert.equal(late.state.deviceTransactions.get('DEV-LEFT')?.status, 'expired');
    assert.equal(answered(await call(late, 'POST', '/_sim/device-transactions/DEV-LEFT/approve', {})).status, 409);
    late.close();
  });

  it('starts empty from a snapshot of another format or a damaged one', async () => {
    const core = createSimulatorCore(OPTIONS);
    await openSale(core, await sessionKey(core), 'R-1');
    const good = stored(core);
    core.close();
    const damaged: unknown[] = [
      null,
      'snapshot',
      {},
      { ...good, format: 0 },
      { ...good, sessions: [['id', { id: 'id' }]] },
      { ...good, sessions: 'x' },
      { ...good, calls: [{ path: 1 }] },
      { ...good, quirks: { dates: 'klingon' } },
    ];
    for (const snapshot of damaged) {
      const restored = createSimulatorCore(OPTIONS, snapshot as SimSnapshot);
      assert.equal(restored.state.sessions.size, 0, JSON.stringify(snapshot).slice(0, 80));
      assert.equal(restored.state.calls.length, 0);
      restored.close();
    }
  });

  it('tells onChange after a Paynet call, a control action and a terminal timeout, not after a read', async () => {
    const core = createSimulatorCore({ ...OPTIONS, deviceSaleTimeoutMs: 50 });
    let changes = 0;
    const stop = core.onChange(() => changes++);
    await sessionKey(core);
    await Promise.resolve();
    assert.equal(changes, 1, 'get_auth_key');
    await call(core, 'GET', '/_sim/sessions');
    await Promise.resolve();
    assert.equal(changes, 1, 'a read');
    await call(core, 'PUT', '/_sim/quirks', { dates: 'turkish' });
    await Promise.resolve();
    assert.equal(changes, 2, 'a control action');
    const sale = deviceSale(core, 'DEV-T');
    await until(() => changes === 3, 'the sale went on the terminal');
    await sale;
    await until(() => changes === 4, 'the terminal gave up on it');
    stop();
    core.reset();
    await Promise.resolve();
    assert.equal(changes, 4, 'unsubscribed');
    core.close();
  });
});
