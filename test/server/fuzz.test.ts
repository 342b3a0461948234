/**
 * Fuzzes the backend's inputs over real HTTP (simulator behind it): arbitrary JSON values,
 * near-valid requests with odd field types, huge strings, deep nesting, raw text and random
 * path segments. Whatever arrives, the answer is never a 5xx, a 4xx always carries
 * `{error:{code,message}}`, and the process sees no unhandled rejection or uncaught exception.
 * FUZZ_RUNS raises the runs per route (default 300).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { SessionResponse } from '../../src/contract.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../server/handlers/request-body.js';
import { SIM_DEVICES, clientConfig, errorSink, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 300);
const BASE = '/api/paynet';

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string | undefined };

/** Values that sit where a string or a number is expected. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('149.90', '0.01', '1000000.00', '-1.00', '1e21', 'NaN', '١٢٣', '１２３', '', ' ', '0', 'TRY', 'paypos', 'device', 'P00134'),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.stringMatching(/^[0-9]{1,25}(\.[0-9]{0,4})?$/),
);

const nearValidCard = fc.record(
  { holder: oddValue, number: fc.oneof(oddValue, fc.constantFrom('4355084355084358', '4000000000000002', '5406675406675403')), month: oddValue, year: oddValue, cvc: oddValue },
  { requiredKeys: [] },
);

/** The shape of a real request with any field missing or of any type. */
const nearValidRequest: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    amount: oddValue,
    instalment: fc.oneof(fc.integer({ min: -2, max: 14 }), oddValue),
    currency: fc.oneof(fc.constant('TRY'), oddValue),
    handoff: oddValue,
    deviceId: fc.oneof(fc.constantFrom(...SIM_DEVICES.map((d) => d.deviceId)), oddValue),
    reference: oddValue,
    description: oddValue,
    saleSessionId: oddValue,
    card: fc.oneof(nearValidCard, oddValue),
    payment_session_id: oddValue,
    reference_no: oddValue,
    is_succeed: oddValue,
  },
  { requiredKeys: [] },
);

const body: fc.Arbitrary<Body> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value): Body => ({ kind: 'json', value })), weight: 3 },
  { arbitrary: fc.object({ maxDepth: 4 }).map((value): Body => ({ kind: 'json', value })), weight: 2 },
  { arbitrary: nearValidRequest.map((value): Body => ({ kind: 'json', value })), weight: 4 },
  {
    arbitrary: fc
      .tuple(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/json; charset=utf-8', 'multipart/form-data'))
      .map(([text, contentType]): Body => ({ kind: 'raw', text, contentType })),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom('{"__proto__":{"amount":"1.00","instalment":1},"currency":"TRY"}', '{"constructor":{"prototype":{"amount":"1.00"}}}').map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: 1, max: 9_000 }).map((depth): Body => ({ kind: 'raw', text: `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`, contentType: 'application/json' })),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: DEFAULT_MAX_BODY_BYTES - 64, max: DEFAULT_MAX_BODY_BYTES * 3 }).map((n): Body => ({ kind: 'json', value: { amount: '1.00', pad: 'p'.repeat(n) } })),
    weight: 1,
  },
);

/** Path segments: anything encoded, raw percent junk, and id-shaped strings. */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary' }).map(encodeURIComponent),
  fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[A-Za-z0-9_.~-]){1,40}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{20,24}$/),
  fc.constantFrom('..', '.', '%2e%2e', '%00', '%2F', 'constructor', '__proto__', 'toString', 'A'.repeat(5_000)),
).filter((s) => s.length > 0 && s !== '.' && s !== '..');

describe('fuzz: no input makes the backend answer 5xx or crash', () => {
  let sim: Simulator;
  let api: ServedBackend;
  let pendingId: string;
  const sink = errorSink();
  const crashes: string[] = [];
  const onRejection = (reason: unknown): void => void crashes.push(`unhandledRejection: ${String(reason)}`);
  const onException = (error: unknown): void => void crashes.push(`uncaughtException: ${String(error)}`);
  const statuses = new Map<number, number>();
  let requests = 0;

  before(async () => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    sim = await startTestSimulator();
    api = await serveBackend({ paynet: clientConfig(sim.url), rateLimit: false, devices: SIM_DEVICES, statusMinIntervalMs: 50, onError: sink.onError });
    const created = await api.post(`${BASE}/sessions`, { amount: '10.00', instalment: 1, currency: 'TRY' });
    pendingId = (await json<SessionResponse>(created)).sessionId;
  });
  after(async () => {
    console.log(`fuzz: ${requests} requests (${RUNS} runs per route), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    await api?.close();
    await sim?.close();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });

  async function send(method: string, path: string, payload?: Body): Promise<void> {
    const init: RequestInit = { method };
    if (payload?.kind === 'json') {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(payload.value) ?? 'null';
    } else if (payload?.kind === 'raw') {
      init.headers = payload.contentType === undefined ? {} : { 'content-type': payload.contentType };
      init.body = payload.text;
    }
    const response = await api.fetch(path, init);
    const text = await response.text();
    requests++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    assert.ok(response.status < 500, `${method} ${path.slice(0, 80)} answered ${response.status}: ${text.slice(0, 200)}`);
    if (response.status >= 400 && method !== 'HEAD') {
      const answer = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      assert.equal(typeof answer.error?.code, 'string', text);
      assert.equal(typeof answer.error?.message, 'string', text);
    }
  }

  const postRoutes: Array<[string, () => string]> = [
    ['POST /sessions', () => `${BASE}/sessions`],
    ['POST /reversals', () => `${BASE}/reversals`],
    ['POST /payments', () => `${BASE}/payments`],
    ['POST /webhook', () => `${BASE}/webhook`],
    ['POST /sessions/:id/cancel (a real pending session)', () => `${BASE}/sessions/${pendingId}/cancel`],
  ];
  for (const [name, path] of postRoutes) {
    it(`${name}: arbitrary bodies`, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (payload) => send('POST', path(), payload)),
        { numRuns: RUNS },
      );
    });
  }

  it('GET /sessions/:id and POST /sessions/:id/cancel: arbitrary path segments', async () => {
    await fc.assert(
      fc.asyncProperty(pathSegment, fc.boolean(), async (segment, cancel) => {
        await send(cancel ? 'POST' : 'GET', cancel ? `${BASE}/sessions/${segment}/cancel` : `${BASE}/sessions/${segment}`, cancel ? { kind: 'json', value: {} } : undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('any method and path under the base path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'),
        fc.array(pathSegment, { minLength: 0, maxLength: 4 }),
        async (method, segments) => send(method, `${BASE}/${segments.join('/')}`, method === 'GET' || method === 'HEAD' ? undefined : { kind: 'json', value: {} }),
      ),
      { numRuns: RUNS },
    );
  });

  it('saw no unhandled rejection, no uncaught exception and no unexpected server error', async () => {
    // Let background work (held device sales, webhook refreshes) settle before judging.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(crashes, []);
    assert.deepEqual(sink.errors.filter((e) => e.context === 'unexpected error').map((e) => String(e.error)), []);
    assert.ok(requests >= RUNS * (postRoutes.length + 2), `only ${requests} requests were sent`);
    assert.ok((statuses.get(400) ?? 0) > 0 && [...statuses.keys()].some((s) => s !== 400), 'the fuzz reached more than one kind of answer');
  });
});
