/**
 * Walks the bad-input table (bad-input.cases.ts, published in docs/bad-input.md) over real
 * HTTP against the simulator-backed backend: every row gets its documented status and error
 * code, nothing gets a 5xx or a stack trace, and a forged webhook marks nothing paid.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ErrorResponse, SessionResponse, StatusResponse } from '../../src/contract.js';
import { createPaynetCheckoutBackend, type PaynetCheckoutBackendOptions } from '../../server/backend.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../server/handlers/request-body.js';
import { createNodeServer } from '../../server/node.js';
import { MemorySessionStore } from '../../server/store/memory-store.js';
import { BAD_INPUT_CASES, BASE, SALE, SHOP_ORIGIN, UNWALKED_ROWS, type BadInputFixtures, type RequestSpec } from './bad-input.cases.js';
import { SIM_DEVICES, SimControl, clientConfig, errorSink, json, serveBackend, startTestSimulator, type ServedBackend, type Simulator } from './helpers.js';
import { rawRequest } from './raw-http.js';

/** Signs of internals in an answer: stack frames, source paths, Node internals. */
const STACK_TRACE_RE = /\n\s*at |\bat [\w$.<>]+ \(|node:internal|file:\/\/|\.[cm]?[jt]s:\d+|\/(?:home|usr|srv|app|var)\//;

interface DocRow {
  id: string;
  route: string;
  answer: string;
}

/**
 * The backend served by `createNodeServer`, as a shop would run it: what node:http answers
 * before a listener runs (CONNECT, TRACK, no Host) is part of the table too.
 */
async function serveOnNodeServer(options: PaynetCheckoutBackendOptions): Promise<ServedBackend> {
  const backend = createPaynetCheckoutBackend(options);
  const server = createNodeServer(backend.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    backend,
    url,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    post: (path, body, headers = {}) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}

/** Sends one case: by fetch, or written by hand when fetch cannot send it. */
async function send(api: ServedBackend, spec: RequestSpec): Promise<{ status: number; contentType: string; text: string }> {
  if (spec.wire) {
    if (spec.body !== undefined && typeof spec.body !== 'string') throw new TypeError('a hand-written request takes a string body');
    const answer = await rawRequest(api.url, {
      method: spec.method,
      target: spec.path,
      headers: Object.entries(spec.headers ?? {}),
      ...(spec.wire.host === undefined ? {} : { host: spec.wire.host }),
      ...(spec.wire.version ? { version: spec.wire.version } : {}),
      ...(spec.body === undefined ? {} : { body: spec.body }),
    });
    return { status: answer.status, contentType: answer.headers['content-type'] ?? '', text: answer.body };
  }
  const response = await api.fetch(spec.path, {
    method: spec.method,
    headers: spec.headers ?? {},
    ...(spec.body === undefined ? {} : { body: spec.body }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The rows of every markdown table in the doc whose first cell is a `code` id. */
async function docRows(): Promise<DocRow[]> {
  const text = await readFile(new URL('../../docs/bad-input.md', import.meta.url), 'utf8');
  const rows: DocRow[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const id = /^`([a-z0-9.-]+)`$/.exec(cells[0] ?? '')?.[1];
    if (id === undefined || cells.length < 4) continue;
    rows.push({ id, route: cells[2]!.replace(/`/g, ''), answer: cells[3]! });
  }
  return rows;
}

describe('bad input: the published table, walked over HTTP', () => {
  let sim: Simulator;
  let control: SimControl;
  let api: ServedBackend;
  let otherShop: ServedBackend;
  let store: MemorySessionStore;
  let fixtures: BadInputFixtures;
  const sink = errorSink();
  const tally = { sent: 0, status4xx: 0, status5xx: 0, status2xx: 0 };

  async function create(backend: ServedBackend, headers: Record<string, string> = {}): Promise<{ session: SessionResponse; paymentSessionId: string }> {
    const response = await backend.post(`${BASE}/sessions`, SALE, headers);
    assert.equal(response.status, 201, await response.clone().text());
    const session = await json<SessionResponse>(response);
    return { session, paymentSessionId: (await control.sessionByReference(session.referenceNo)).payment_session_id };
  }
  async function statusOf(backend: ServedBackend, id: string): Promise<StatusResponse['status']> {
    const response = await backend.fetch(`${BASE}/sessions/${id}`);
    assert.equal(response.status, 200);
    return (await json<StatusResponse>(response)).status;
  }

  before(async () => {
    sim = await startTestSimulator();
    control = new SimControl(sim.url);
    store = new MemorySessionStore();
    api = await serveOnNodeServer({
      paynet: clientConfig(sim.url),
      store,
      rateLimit: false,
      cors: { allowedOrigins: [SHOP_ORIGIN] },
      devices: SIM_DEVICES,
      statusMinIntervalMs: 60_000,
      // The walk counts what reaches Paynet per bad input: no background checks of the good sessions.
      reconcile: false,
      onError: sink.onError,
    });
    // Another shop on the same Paynet account: its ids must mean nothing to this backend.
    otherShop = await serveBackend({ paynet: clientConfig(sim.url), rateLimit: false, reconcile: false, onError: () => undefined });

    const usedIdempotencyKey = 'bad-input-used-key';
    const pending = await create(api, { 'idempotency-key': usedIdempotencyKey });
    const failed = await create(api);
    await control.decline(failed.paymentSessionId);
    assert.equal(await statusOf(api, failed.session.sessionId), 'failed');
    const foreign = await create(otherShop);
    const foreignPaid = await create(otherShop);
    await control.approve(foreignPaid.paymentSessionId);
    assert.equal(await statusOf(otherShop, foreignPaid.session.sessionId), 'succeeded');

    fixtures = {
      pendingId: pending.session.sessionId,
      pendingReferenceNo: pending.session.referenceNo,
      pendingPaymentSessionId: pending.paymentSessionId,
      foreignId: foreign.session.sessionId,
      foreignPaidSaleId: foreignPaid.session.sessionId,
      failedSaleId: failed.session.sessionId,
      usedIdempotencyKey,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    };
  });
  after(async () => {
    // Printed so a run shows the figures the issue asks for.
    console.log(`bad inputs: ${tally.sent} sent, ${tally.status4xx} answered 4xx, ${tally.status2xx} answered 200 (forged webhooks), ${tally.status5xx} answered 5xx`);
    await api?.close();
    await otherShop?.close();
    await sim?.close();
  });

  it('has one case per id, and the ids are the ones the doc lists with the same route and answer', async () => {
    const ids = [...BAD_INPUT_CASES, ...UNWALKED_ROWS].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate case ids');
    const rows = await docRows();
    // The element's rows (el-) and the demo server's (demo-, test/demo/bad-input.test.ts) are proven elsewhere.
    const serverRows = rows.filter((r) => !r.id.startsWith('el-') && !r.id.startsWith('demo-'));
    assert.deepEqual(serverRows.map((r) => r.id).sort(), [...ids].sort(), 'docs/bad-input.md and bad-input.cases.ts list different server cases');
    for (const c of [...BAD_INPUT_CASES, ...UNWALKED_ROWS]) {
      const row = serverRows.find((r) => r.id === c.id)!;
      assert.equal(row.route, c.route, `route of ${c.id} in the doc`);
      assert.ok(row.answer.startsWith(String(c.status)), `the doc says "${row.answer}" for ${c.id}, the case ${c.status}`);
      if (c.code !== null) assert.ok(row.answer.includes(`\`${c.code}\``), `the doc says "${row.answer}" for ${c.id}, the case ${c.code}`);
    }
    assert.ok(rows.some((r) => r.id.startsWith('el-')), 'the doc lists the element rows too');
  });

  for (const c of BAD_INPUT_CASES) {
    it(`${c.id}: ${c.route} → ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
      const spec = c.request(fixtures);
      const callsBefore = sim.state.calls.length;
      const response = await send(api, spec);
      const { text } = response;
      tally.sent++;
      if (response.status >= 500) tally.status5xx++;
      else if (response.status >= 400) tally.status4xx++;
      else tally.status2xx++;

      assert.equal(response.status, c.status, text);
      assert.match(response.contentType, /^application\/json/);
      assert.doesNotMatch(text, STACK_TRACE_RE, 'no stack trace or path in the answer');
      const body = JSON.parse(text) as Partial<ErrorResponse> & Record<string, unknown>;
      if (c.code === null) {
        assert.equal(body.error, undefined);
      } else {
        assert.equal(body.error?.code, c.code, text);
        assert.equal(typeof body.error?.message, 'string');
        assert.ok(body.error!.message.length > 0 && body.error!.message.length <= 200);
      }
      // Nothing is sent to Paynet for bad input; a forged webhook only makes the backend ask
      // check_transaction (a read) before refusing to believe it.
      const paynetCalls = sim.state.calls.slice(callsBefore).map((call) => call.path);
      if (c.route.includes('webhook')) assert.ok(paynetCalls.every((path) => path.includes('check_transaction')), paynetCalls.join(', '));
      else assert.deepEqual(paynetCalls, [], 'bad input reached Paynet');
      if (c.leavesPendingUnpaid) {
        assert.equal((await store.get(fixtures.pendingId))?.status, 'pending', 'a forged notice marked the session');
        assert.equal(await statusOf(api, fixtures.pendingId), 'pending');
      }
    });
  }

  it('logged no unexpected server error while refusing all of them', () => {
    assert.deepEqual(sink.errors.filter((e) => e.context === 'unexpected error').map((e) => String(e.error)), []);
    assert.equal(tally.status5xx, 0);
  });
});
