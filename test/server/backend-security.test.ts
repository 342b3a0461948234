import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ErrorResponse, SessionResponse } from '../../src/contract.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { SIM_DEVICE_TOKEN, SIM_SECRET_KEY, SimControl, clientConfig, errorSink, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const SALE = { amount: '149.90', instalment: 1, currency: 'TRY' } as const;
const SHOP_ORIGIN = 'https://shop.example';

describe('backend: input, headers and secrets', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;
  let store: MemorySessionStore;
  const sink = errorSink();
  /** Every body the backend answered, checked for secrets at the end. */
  const bodies: string[] = [];

  async function send(path: string, init: RequestInit = {}): Promise<{ response: Response; text: string }> {
    const response = await api.fetch(path, init);
    const text = await response.text();
    bodies.push(text);
    return { response, text };
  }
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ response: Response; text: string }> =>
    send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
    store = new MemorySessionStore();
    api = await serveBackend({
      paynet: clientConfig(sim.url),
      store,
      cors: { allowedOrigins: [SHOP_ORIGIN] },
      rateLimit: false,
      maxBodyBytes: 2_048,
      onError: sink.onError,
    });
  });
  afterEach(async () => {
    await control.clearFaults();
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['amount as a number', { ...SALE, amount: 149.9 }, 'invalid_amount'],
    ['amount with one decimal', { ...SALE, amount: '149.9' }, 'invalid_amount'],
    ['amount with a comma', { ...SALE, amount: '149,90' }, 'invalid_amount'],
    ['zero amount', { ...SALE, amount: '0.00' }, 'invalid_amount'],
    ['negative amount', { ...SALE, amount: '-1.00' }, 'invalid_amount'],
    ['amount over the limit', { ...SALE, amount: '9999999.99' }, 'amount_too_large'],
    ['instalment 0', { ...SALE, instalment: 0 }, 'invalid_instalment'],
    ['instalment 13', { ...SALE, instalment: 13 }, 'invalid_instalment'],
    ['instalment 1.5', { ...SALE, instalment: 1.5 }, 'invalid_instalment'],
    ['instalment as a string', { ...SALE, instalment: '3' }, 'invalid_instalment'],
    ['currency EUR', { ...SALE, currency: 'EUR' }, 'invalid_currency'],
    ['no currency', { amount: '1.00', instalment: 1 }, 'invalid_currency'],
    ['unknown handoff', { ...SALE, handoff: 'carrier-pigeon' }, 'invalid_handoff'],
    ['device without deviceId', { ...SALE, handoff: 'device' }, 'invalid_device'],
    ['device not in this shop', { ...SALE, handoff: 'device', deviceId: 'P99999' }, 'unknown_device'],
    ['reference with markup', { ...SALE, reference: '<script>' }, 'invalid_reference'],
    ['description with markup', { ...SALE, description: '<img src=x onerror=alert(1)>' }, 'invalid_description'],
    ['an array', [SALE], 'invalid_json'],
    ['null', null, 'invalid_json'],
  ];
  for (const [what, body, code] of badBodies) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const { response, text } = await postJson('/api/paynet/sessions', body);
      assert.equal(response.status, 400, text);
      const answer = JSON.parse(text) as ErrorResponse;
      assert.equal(answer.error.code, code);
      assert.equal(typeof answer.error.message, 'string');
      assert.ok(!text.includes('    at '), 'no stack trace');
    });
  }

  it('refuses a body that is not JSON with 400, and a wrong content type with 415', async () => {
    const broken = await send('/api/paynet/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":' });
    assert.equal(broken.response.status, 400);
    assert.equal((JSON.parse(broken.text) as ErrorResponse).error.code, 'invalid_json');
    const form = await send('/api/paynet/sessions', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=1.00' });
    assert.equal(form.response.status, 415);
    assert.equal((JSON.parse(form.text) as ErrorResponse).error.code, 'unsupported_media_type');
  });

  it('refuses a body over the size limit with 413, streamed or declared', async () => {
    const big = { ...SALE, description: 'x'.repeat(4_000) };
    const { response, text } = await postJson('/api/paynet/sessions', big);
    assert.equal(response.status, 413);
    assert.equal((JSON.parse(text) as ErrorResponse).error.code, 'payload_too_large');
    // Chunked, so no Content-Length: the limit holds while streaming.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1_000)));
        controller.close();
      },
    });
    const streamed = await send('/api/paynet/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    assert.equal(streamed.response.status, 413);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    assert.equal((await send('/api/paynet/nope')).response.status, 404);
    assert.equal((await send('/elsewhere')).response.status, 404);
    const wrongMethod = await send('/api/paynet/sessions');
    assert.equal(wrongMethod.response.status, 405);
    assert.equal(wrongMethod.response.headers.get('allow'), 'POST');
    assert.equal((await send('/api/paynet/transactions')).response.status, 404, 'off unless exposeTransactions');
  });

  it('puts the security headers on every answer, errors included', async () => {
    for (const { response } of [await postJson('/api/paynet/sessions', SALE), await send('/api/paynet/nope'), await send('/api/paynet/devices')]) {
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    }
  });

  it('allows a listed origin, answers its preflight, and never says *', async () => {
    const preflight = await send('/api/paynet/sessions', {
      method: 'OPTIONS',
      headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
    });
    assert.equal(preflight.response.status, 204);
    assert.equal(preflight.response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.match(preflight.response.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
    assert.match(preflight.response.headers.get('vary') ?? '', /Origin/);
    const created = await postJson('/api/paynet/sessions', SALE, { origin: SHOP_ORIGIN });
    assert.equal(created.response.status, 201);
    assert.equal(created.response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
  });

  it('refuses a preflight and a state-changing request from an unlisted origin', async () => {
    const preflight = await send('/api/paynet/sessions', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    assert.notEqual(preflight.response.status, 204);
    assert.equal(preflight.response.headers.get('access-control-allow-origin'), null);
    const before = (await control.sessions()).length;
    const created = await postJson('/api/paynet/sessions', SALE, { origin: 'https://evil.example' });
    assert.equal(created.response.status, 403);
    assert.equal((JSON.parse(created.text) as ErrorResponse).error.code, 'origin_not_allowed');
    assert.equal(created.response.headers.get('access-control-allow-origin'), null);
    assert.equal((await control.sessions()).length, before, 'nothing reached Paynet');
  });

  it('refuses an allowlist entry of *', async () => {
    const { createPaynetCheckoutBackend } = await import('../../server/backend.js');
    assert.throws(() => createPaynetCheckoutBackend({ paynet: clientConfig(sim.url), cors: { allowedOrigins: ['*'] } }), /exact origin/);
  });

  it('rate-limits session creation per client with 429 and Retry-After', async () => {
    const limited = await serveBackend({ paynet: clientConfig(sim.url), rateLimit: { capacity: 3, refillPerMinute: 1 }, onError: sink.onError });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await limited.post('/api/paynet/sessions', SALE);
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get('retry-after');
          assert.equal((await json<ErrorResponse>(response)).error.code, 'rate_limited');
        } else {
          await response.arrayBuffer();
        }
      }
      assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
      assert.ok(Number(retryAfter) >= 1);
      // Polling is not limited: a shopper waiting on the phone is never locked out.
      const status = await limited.fetch('/api/paynet/devices');
      assert.equal(status.status, 200);
    } finally {
      await limited.close();
    }
  });

  it('keys the rate limit on the socket address, not on a header a client can forge', async () => {
    const limited = await serveBackend({ paynet: clientConfig(sim.url), rateLimit: { capacity: 1, refillPerMinute: 1 }, onError: sink.onError });
    try {
      const first = await limited.post('/api/paynet/sessions', SALE, { 'x-forwarded-for': '203.0.113.1', 'x-paynet-checkout-client-address': '203.0.113.1' });
      assert.equal(first.status, 201);
      await first.arrayBuffer();
      const second = await limited.post('/api/paynet/sessions', SALE, { 'x-forwarded-for': '203.0.113.2', 'x-paynet-checkout-client-address': '203.0.113.2' });
      assert.equal(second.status, 429);
      await second.arrayBuffer();
    } finally {
      await limited.close();
    }
  });

  it('answers 503 with Retry-After and a retryable code when Paynet is down, and 201 once it is back', async () => {
    await control.faults({ path: '/v1/softpos/init_sale_transaction', fail: { count: 1, status: 500 } });
    const down = await postJson('/api/paynet/sessions', SALE);
    assert.equal(down.response.status, 503);
    assert.equal(down.response.headers.get('retry-after'), '2');
    assert.equal((JSON.parse(down.text) as ErrorResponse).error.code, 'paynet_unavailable');
    const up = await postJson('/api/paynet/sessions', SALE);
    assert.equal(up.response.status, 201);
  });

  it('never answers with a Paynet secret, session key, encryption key or card number', async () => {
    const { text } = await postJson('/api/paynet/sessions', SALE);
    const session = JSON.parse(text) as SessionResponse;
    const stored = await store.get(session.sessionId);
    const encryptionKey = stored?.secrets.encryptionKey;
    const paymentSessionId = stored?.secrets.paymentSessionId;
    assert.ok(encryptionKey && paymentSessionId);
    await control.approve(paymentSessionId);
    await send(session.statusUrl);
    await postJson(`${session.statusUrl}/cancel`, {});
    const sessionKey = await api.backend.client.sessionKey();
    // payment_session_id is not on this list: the PayPOS deeplink itself carries it.
    const secrets = [SIM_SECRET_KEY, SIM_DEVICE_TOKEN, sessionKey, encryptionKey];
    assert.ok(bodies.length > 20);
    for (const body of bodies) {
      for (const secret of secrets) assert.ok(!body.includes(secret), `an answer leaked ${secret.slice(0, 4)}…: ${body.slice(0, 100)}`);
      assert.ok(!/\b\d{13,19}\b/.test(body), `an answer holds a card-number-like digit run: ${body.slice(0, 100)}`);
      for (const field of ['session_key', 'encryption_key', 'payment_session_id', 'secretKey', 'xact_id']) assert.ok(!body.includes(field), `${field} in ${body.slice(0, 100)}`);
    }
    assert.equal(sink.errors.filter((e) => JSON.stringify(e) .includes(SIM_SECRET_KEY)).length, 0);
  });
});
