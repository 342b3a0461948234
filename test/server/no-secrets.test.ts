/**
 * Proof that nothing secret reaches the browser: every browser-facing route is driven through
 * its states over real HTTP (PayPOS and device sales, status, cancel, reversal, card payments
 * approved and declined, devices, transactions, webhook, preflight, errors), and no answer's
 * body or headers holds the secret key, the device token, the session_key or any
 * encryption_key the simulator issued, an xact_id, or a full card number. Then session ids:
 * unique, 128 random bits, and a sibling id opens nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { PRESENTED_CARDS } from '../../simulator/cards.js';
import { SIM_DEVICES, SIM_DEVICE_TOKEN, SIM_SECRET_KEY, SimControl, clientConfig, errorSink, eventually, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const BASE = '/api/paynet';
const SHOP_ORIGIN = 'https://shop.example';
const SALE = { amount: '149.90', instalment: 3, currency: 'TRY' } as const;
const EXPIRY = { month: 12, year: new Date().getUTCFullYear() + 3 };
/** Luhn-valid PANs the simulator approves, and one it declines (insufficient funds). */
const CARD_APPROVED = '5406675406675403';
const CARD_DECLINED = '4000000000000002';
const CARD_BAD_LUHN = '4355084355084359';

interface Answer {
  route: string;
  status: number;
  /** Headers and body, as the browser receives them. */
  text: string;
  /** The deeplink of a SessionResponse, which carries Paynet's payment_session_id by design. */
  deeplink?: string;
}

describe('no secret in any browser-bound answer', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;
  const sink = errorSink();
  const answers: Answer[] = [];

  async function send(route: string, path: string, init: RequestInit = {}): Promise<Answer & { body: unknown }> {
    const response = await api.fetch(path, init);
    const raw = await response.text();
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const deeplink = (body as Partial<SessionResponse> | undefined)?.deeplinkUrl ?? undefined;
    const answer: Answer = { route, status: response.status, text: `${headers}\n\n${raw}`, ...(deeplink ? { deeplink } : {}) };
    answers.push(answer);
    return { ...answer, body };
  }
  const post = (route: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(route, path, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, ...headers }, body: JSON.stringify(body) });
  const status = async (session: SessionResponse): Promise<StatusResponse> => (await send('GET /sessions/:id', session.statusUrl)).body as StatusResponse;
  async function psidOf(session: SessionResponse): Promise<string> {
    return (await control.sessionByReference(session.referenceNo)).payment_session_id;
  }

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
    api = await serveBackend({
      paynet: clientConfig(sim.url),
      store: new MemorySessionStore(),
      statusMinIntervalMs: 0,
      rateLimit: false,
      cors: { allowedOrigins: [SHOP_ORIGIN] },
      devices: SIM_DEVICES,
      exposeTransactions: true,
      publicBaseUrl: SHOP_ORIGIN,
      // Reached on loopback here; the shop's own name is the only other host it answers.
      allowedHosts: [new URL(SHOP_ORIGIN).host, '127.0.0.1'],
      onError: sink.onError,
    });
  });
  after(async () => {
    await api?.close();
    await sim?.close();
  });

  it('drives every browser-facing route through its states', async () => {
    // PayPOS sale, replayed, paid with each presented card brand, cancelled after payment.
    const sales: SessionResponse[] = [];
    for (const card of ['visa', 'mastercard', 'troy'] as const) {
      const created = await post('POST /sessions', `${BASE}/sessions`, { ...SALE, reference: `order-${card}` }, { 'idempotency-key': `no-secrets-${card}` });
      assert.equal(created.status, 201);
      const sale = created.body as SessionResponse;
      assert.equal((await post('POST /sessions (replay)', `${BASE}/sessions`, { ...SALE, reference: `order-${card}` }, { 'idempotency-key': `no-secrets-${card}` })).status, 201);
      assert.equal((await status(sale)).status, 'pending');
      await control.approve(await psidOf(sale), card);
      assert.equal((await post('POST /webhook', `${BASE}/webhook`, { payment_session_id: await psidOf(sale), is_succeed: true })).status, 200);
      assert.equal((await status(sale)).status, 'succeeded');
      assert.equal(((await post('POST /sessions/:id/cancel', `${sale.statusUrl}/cancel`, {})).body as StatusResponse).status, 'succeeded');
      sales.push(sale);
    }

    // A sale cancelled unpaid, and one declined on the phone.
    const unpaid = (await post('POST /sessions', `${BASE}/sessions`, SALE)).body as SessionResponse;
    assert.equal(((await post('POST /sessions/:id/cancel', `${unpaid.statusUrl}/cancel`, {})).body as StatusResponse).status, 'cancelled');
    const declined = (await post('POST /sessions', `${BASE}/sessions`, SALE)).body as SessionResponse;
    await control.decline(await psidOf(declined));
    assert.equal((await status(declined)).status, 'failed');

    // Reversal of a paid sale, through to success, then a second attempt refused.
    const reversal = await post('POST /reversals', `${BASE}/reversals`, { saleSessionId: sales[0]!.sessionId });
    assert.equal(reversal.status, 201);
    const reversalSession = reversal.body as SessionResponse;
    assert.equal((await status(reversalSession)).status, 'pending');
    await control.approve(await psidOf(reversalSession));
    assert.equal((await status(reversalSession)).status, 'succeeded');
    assert.equal((await post('POST /reversals (again)', `${BASE}/reversals`, { saleSessionId: sales[0]!.sessionId })).status, 422);

    // Device sale, approved on the terminal.
    const device = (await post('POST /sessions (device)', `${BASE}/sessions`, { ...SALE, handoff: 'device', deviceId: SIM_DEVICES[0]!.deviceId })).body as SessionResponse;
    await eventually(async () => (await control.deviceTransactions('pending')).find((t) => t.transactionReferenceId === device.referenceNo), 'the held device sale');
    await control.approveDevice(device.referenceNo);
    await eventually(async () => ((await status(device)).status === 'succeeded' ? true : undefined), 'the device result');

    // Card payments: approved, declined, refused before Paynet.
    const card = (number: string) => ({ ...SALE, card: { holder: 'Ayse Yilmaz', number, cvc: '123', ...EXPIRY } });
    assert.equal(((await post('POST /payments', `${BASE}/payments`, card(CARD_APPROVED), { 'idempotency-key': 'card-1' })).body as StatusResponse).status, 'succeeded');
    assert.equal(((await post('POST /payments (replay)', `${BASE}/payments`, card(CARD_APPROVED), { 'idempotency-key': 'card-1' })).body as StatusResponse).status, 'succeeded');
    assert.equal(((await post('POST /payments', `${BASE}/payments`, card(CARD_DECLINED))).body as StatusResponse).status, 'failed');
    assert.equal((await post('POST /payments', `${BASE}/payments`, card(CARD_BAD_LUHN))).status, 400);
    assert.equal((await post('POST /payments', `${BASE}/payments`, { ...card(CARD_APPROVED), cvc: 'x', card: { ...card(CARD_APPROVED).card, cvc: 'x' } })).status, 400);
    await control.faults({ path: '/v2/transaction/payment', fail: { count: 10, status: 503 } });
    assert.equal((await post('POST /payments (Paynet down)', `${BASE}/payments`, card(CARD_APPROVED))).status, 503);
    await control.clearFaults();

    // Lists, preflight, errors.
    assert.equal((await send('GET /devices', `${BASE}/devices`)).status, 200);
    const transactions = await send('GET /transactions', `${BASE}/transactions`);
    assert.equal(transactions.status, 200);
    assert.ok((transactions.body as { transactions: unknown[] }).transactions.length >= 5);
    assert.equal(
      (await send('OPTIONS preflight', `${BASE}/sessions`, { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' } })).status,
      204,
    );
    assert.equal((await send('GET unknown session', `${BASE}/sessions/AAAAAAAAAAAAAAAAAAAAAA`)).status, 404);
    await control.faults({ path: '/v1/softpos/init_sale_transaction', fail: { count: 3, status: 500 } });
    assert.equal((await post('POST /sessions (Paynet down)', `${BASE}/sessions`, SALE)).status, 503);
    await control.clearFaults();
    // After that run of failures the circuit breaker holds Paynet calls back for a few seconds.
    await eventually(async () => ((await api.post(`${BASE}/sessions`, SALE)).status === 201 ? true : undefined), 'Paynet reachable again', 15_000);
  });

  it('none of those answers holds a secret, a key Paynet issued, an xact_id or a card number', async () => {
    const sessionKey = await api.backend.client.sessionKey();
    const simSessions = [...sim.state.sessions.values()];
    const encryptionKeys = simSessions.map((s) => s.encryptionKey);
    const xactIds = [...sim.state.transactions.keys(), ...[...sim.state.cardPayments.values()].flat().map((p) => p.xactId)].filter((id) => typeof id === 'string' && id.length > 0);
    const paymentSessionIds = simSessions.map((s) => s.id);
    const pans = [...Object.values(PRESENTED_CARDS).map((c) => c.pan), CARD_APPROVED, CARD_DECLINED, CARD_BAD_LUHN];
    assert.ok(encryptionKeys.length >= 6 && xactIds.length >= 7, 'the walk produced keys and transactions to look for');

    const routes = new Set(answers.map((a) => a.route));
    assert.ok(routes.size >= 15, `only ${routes.size} kinds of answer`);
    for (const answer of answers) {
      const where = `${answer.route} (${answer.status})`;
      for (const [name, value] of [['secret key', SIM_SECRET_KEY], ['device token', SIM_DEVICE_TOKEN], ['session_key', sessionKey]] as const) {
        assert.ok(!answer.text.includes(value), `${where} holds the ${name}`);
      }
      for (const key of encryptionKeys) assert.ok(!answer.text.includes(key), `${where} holds an encryption_key`);
      for (const xactId of xactIds) assert.ok(!answer.text.includes(xactId), `${where} holds an xact_id`);
      // payment_session_id travels only inside the PayPOS deeplink, which needs it.
      const withoutDeeplink = answer.deeplink ? answer.text.split(answer.deeplink).join('') : answer.text;
      for (const psid of paymentSessionIds) assert.ok(!withoutDeeplink.includes(psid), `${where} holds a payment_session_id outside the deeplink`);
      for (const pan of pans) assert.ok(!answer.text.replace(/[\s-]/g, '').includes(pan), `${where} holds a full card number`);
      assert.doesNotMatch(answer.text, /\b\d{13,19}\b/, `${where} holds a card-number-like digit run`);
      for (const field of ['session_key', 'encryption_key', 'secret_key', 'secretKey', 'xact_id', 'payment_session_id', 'cvc', 'pan']) {
        assert.ok(!new RegExp(`"${field}"`).test(answer.text), `${where} has a "${field}" field`);
      }
    }
    // The masked card the shopper sees is there, so the check above looked at real receipts.
    assert.ok(answers.some((a) => a.text.includes('5406 67** **** 5403')));
    // And the logs the kit wrote while doing all that are clean of the same values.
    const logged = JSON.stringify(sink.errors.map((e) => ({ context: e.context, error: String(e.error) })));
    for (const value of [SIM_SECRET_KEY, sessionKey, ...encryptionKeys, ...pans]) assert.ok(!logged.includes(value), 'a secret reached onError');
  });

  it('issues 100 unique session ids of 128 random bits, and a sibling id opens nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const created = await api.post(`${BASE}/sessions`, { amount: '1.00', instalment: 1, currency: 'TRY' });
      assert.equal(created.status, 201);
      ids.push((await json<SessionResponse>(created)).sessionId);
    }
    assert.equal(new Set(ids).size, 100);
    let ones = 0;
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      const bytes = Buffer.from(id, 'base64url');
      assert.equal(bytes.length, 16, '128 bits');
      for (const byte of bytes) for (let bit = 0; bit < 8; bit++) ones += (byte >> bit) & 1;
    }
    // 12,800 fair bits: mean 6,400, σ ≈ 57. Counters, timestamps or small ranges land far off.
    assert.ok(Math.abs(ones - 6_400) < 6 * 57, `${ones} one-bits in 12,800`);
    // No two ids share a 6-character prefix (chance with 128 random bits: ~4950 / 2^36).
    const prefixes = new Set(ids.map((id) => id.slice(0, 6)));
    assert.equal(prefixes.size, 100);

    for (const id of ids.slice(0, 20)) {
      const middle = 11;
      const sibling = id.slice(0, middle) + (id[middle] === 'a' ? 'b' : 'a') + id.slice(middle + 1);
      assert.equal((await api.fetch(`${BASE}/sessions/${sibling}`)).status, 404);
      const cancel = await api.post(`${BASE}/sessions/${sibling}/cancel`, {});
      assert.equal(cancel.status, 404);
      assert.equal(((await cancel.json()) as { error: { code: string } }).error.code, 'session_not_found');
      assert.equal((await api.fetch(`${BASE}/sessions/${id}`)).status, 200, 'the real id still works');
    }
  });
});
