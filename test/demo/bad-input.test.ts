/**
 * The demo server's rows of docs/bad-input.md ("Demo server"), each proven over real HTTP
 * against a running demo stack (simulator mode): a rebound host name reaches neither the back
 * office nor the phone control, other sites cannot drive the phone, CSP reports cannot forge
 * log lines or flood the log, and real mode refuses a HOST that only looks like loopback. The
 * first test checks that the doc lists exactly these rows, with the same route and answer.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { buildDemoPage } from '../../demo/server/build-page.js';
import { CSP_REPORTS_BURST, CSP_REPORTS_PER_CLIENT_BURST, CSP_REPORTS_PER_CLIENT_PER_MINUTE, CSP_REPORTS_PER_MINUTE, CSP_REPORT_FIELD_MAX_CHARS } from '../../demo/server/csp-reports.js';
import { demoOptionsFromEnv, startDemoStack, type DemoStack } from '../../demo/server/stack.js';
import { SimControl } from '../server/helpers.js';
import { rawRequest, type RawResponse } from '../server/raw-http.js';

interface DemoCase {
  /** Also the first column of the doc's table. */
  id: string;
  /** The "where" column. */
  route: string;
  /** How the doc's answer column starts. */
  answer: string;
  prove(): Promise<void>;
}

let workDir: string;
let stack: DemoStack;
let control: SimControl;
const logLines: string[] = [];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'paynet-demo-bad-input-'));
  const pageDir = await buildDemoPage(join(workDir, 'page'));
  stack = await startDemoStack({ port: 0, pageDir, log: (line) => logLines.push(line) });
  control = new SimControl(stack.simulator!.url);
});
after(async () => {
  await stack?.close();
  await rm(workDir, { recursive: true, force: true });
});

const port = () => new URL(stack.url).port;
/** The attacker's name, rebound to this machine: the browser keeps the port of the attacker's URL. */
const evilHost = () => `evil.example:${port()}`;
const evilOrigin = () => `http://${evilHost()}`;

function errorCode(answer: RawResponse): string | undefined {
  return (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
}
function assertRefused(answer: RawResponse, status: number, code: string): void {
  assert.equal(answer.status, status, answer.body);
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  assert.equal(errorCode(answer), code, answer.body);
}

/** A PayPOS sale through the demo's own backend, and its session at the simulator. */
async function pendingSale(): Promise<{ session: SessionResponse; paymentSessionId: string }> {
  const response = await fetch(`${stack.url}/api/paynet/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.url },
    body: JSON.stringify({ amount: '12.50', instalment: 1, currency: 'TRY' }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const session = (await response.json()) as SessionResponse;
  return { session, paymentSessionId: (await control.sessionByReference(session.referenceNo)).payment_session_id };
}
async function statusOf(sessionId: string): Promise<StatusResponse['status']> {
  return ((await (await fetch(`${stack.url}/api/paynet/sessions/${sessionId}`)).json()) as StatusResponse).status;
}
async function simStatus(paymentSessionId: string): Promise<string> {
  return (await control.sessions()).find((s) => s.payment_session_id === paymentSessionId)!.status;
}

/** POST a CSP report from a given loopback address (all of 127.0.0.0/8 is this machine). */
function postReport(body: string, localAddress = '127.0.0.1'): Promise<number> {
  const { hostname, port: p } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port: p, path: '/_demo/csp-report', method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/csp-report', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const cspLines = () => logLines.filter((line) => line.includes('CSP violation'));

const CASES: DemoCase[] = [
  {
    id: 'demo-host-rebinding-back-office',
    route: 'POST /api/paynet/reversals',
    answer: '421 `host_not_allowed`',
    async prove() {
      const sale = await pendingSale();
      await control.approve(sale.paymentSessionId);
      for (let i = 0; i < 50 && (await statusOf(sale.session.sessionId)) !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 50));
      const sessionsBefore = (await control.sessions()).length;
      const answer = await rawRequest(stack.url, {
        method: 'POST',
        target: '/api/paynet/reversals',
        host: evilHost(),
        headers: [
          ['Origin', evilOrigin()],
          ['Content-Type', 'application/json'],
        ],
        body: JSON.stringify({ saleSessionId: sale.session.sessionId }),
      });
      assertRefused(answer, 421, 'host_not_allowed');
      assert.equal((await control.sessions()).length, sessionsBefore, 'a refund was started at Paynet');
      assert.equal(await statusOf(sale.session.sessionId), 'succeeded');
    },
  },
  {
    id: 'demo-host-rebinding-sales-list',
    route: 'GET /api/paynet/transactions',
    answer: '421 `host_not_allowed`',
    async prove() {
      const answer = await rawRequest(stack.url, { method: 'GET', target: '/api/paynet/transactions', host: evilHost() });
      assertRefused(answer, 421, 'host_not_allowed');
      assert.doesNotMatch(answer.body, /sessionId|amount/);
    },
  },
  {
    id: 'demo-host-rebinding-sim',
    route: 'POST /_sim/sessions/:id/approve',
    answer: '421 `host_not_allowed`',
    async prove() {
      const sale = await pendingSale();
      const answer = await rawRequest(stack.url, {
        method: 'POST',
        target: `/_sim/sessions/${encodeURIComponent(sale.paymentSessionId)}/approve`,
        host: evilHost(),
        headers: [
          ['Origin', evilOrigin()],
          ['Content-Type', 'application/json'],
        ],
        body: '{"card":"visa"}',
      });
      assertRefused(answer, 421, 'host_not_allowed');
      assert.equal(await simStatus(sale.paymentSessionId), 'pending');
      // The page itself, rebound, is not served either.
      assertRefused(await rawRequest(stack.url, { method: 'GET', target: '/', host: evilHost() }), 421, 'host_not_allowed');
    },
  },
  {
    id: 'demo-sim-foreign-origin',
    route: 'POST /_sim/sessions/:id/approve',
    answer: '403 `origin_not_allowed`',
    async prove() {
      const sale = await pendingSale();
      for (const origin of ['https://evil.example', 'null', `http://localhost:${Number(port()) + 1}`]) {
        const answer = await rawRequest(stack.url, {
          method: 'POST',
          target: `/_sim/sessions/${encodeURIComponent(sale.paymentSessionId)}/approve`,
          headers: [
            ['Origin', origin],
            ['Content-Type', 'application/json'],
          ],
          body: '{"card":"visa"}',
        });
        assertRefused(answer, 403, 'origin_not_allowed');
      }
      assert.equal(await simStatus(sale.paymentSessionId), 'pending');
    },
  },
  {
    id: 'demo-sim-cross-site-fetch',
    route: 'GET /_sim/sessions',
    answer: '403 `origin_not_allowed`',
    async prove() {
      for (const site of ['cross-site', 'same-site']) {
        assertRefused(await rawRequest(stack.url, { method: 'GET', target: '/_sim/sessions', headers: [['Sec-Fetch-Site', site]] }), 403, 'origin_not_allowed');
      }
    },
  },
  {
    id: 'demo-sim-trace',
    route: 'TRACE /_sim/sessions',
    answer: '405 `method_not_allowed`',
    async prove() {
      for (const target of ['/_sim/sessions', '/', '/api/paynet/sessions']) {
        const answer = await rawRequest(stack.url, { method: 'TRACE', target });
        assertRefused(answer, 405, 'method_not_allowed');
        assert.ok(answer.headers.allow, target);
      }
      assertRefused(await rawRequest(stack.url, { method: 'PUT', target: '/_sim/sessions' }), 405, 'method_not_allowed');
      assertRefused(await rawRequest(stack.url, { method: 'CONNECT', target: 'evil.example:443', host: 'evil.example:443' }), 405, 'method_not_allowed');
    },
  },
  {
    id: 'demo-host-malformed',
    route: 'GET /',
    answer: '400 `bad_host`',
    async prove() {
      for (const host of ['[bad', 'evil.example/x', null]) {
        assertRefused(await rawRequest(stack.url, { method: 'GET', target: '/', host }), 400, 'bad_host');
      }
    },
  },
  {
    id: 'demo-csp-report-newlines',
    route: 'POST /_demo/csp-report',
    answer: '204; logged as one line',
    async prove() {
      const before = cspLines().length;
      const forged = 'script-src\n[paynet-checkout] fake line\r\n\u2028\u0085\u001b[31mred';
      assert.equal(await postReport(JSON.stringify({ 'csp-report': { 'violated-directive': forged, 'blocked-uri': 'x'.repeat(5_000) } })), 204);
      assert.equal(await postReport(`not json\n[paynet-checkout] fake line`), 204);
      const lines = cspLines().slice(before);
      assert.equal(lines.length, 2);
      for (const line of lines) {
        assert.doesNotMatch(line, /[\n\r\u2028\u2029\u0085\u001b]/, 'a control character reached the log');
        assert.ok(line.length < 4 * CSP_REPORT_FIELD_MAX_CHARS, `a field was not cut short: ${line.length} characters`);
      }
      assert.match(lines[0]!, /\\n\[paynet-checkout\] fake line\\r\\n\\u2028\\u0085\\u001b\[31mred/);
      assert.match(lines[1]!, /not json\\n\[paynet-checkout\] fake line/);
      assert.ok(!logLines.some((line) => line.split(/\r?\n/).some((part) => part.startsWith('[paynet-checkout] fake line'))));
    },
  },
  {
    id: 'demo-csp-report-flood',
    route: 'POST /_demo/csp-report',
    answer: '204 to each',
    async prove() {
      const report = JSON.stringify({ 'csp-report': { 'violated-directive': 'img-src', 'blocked-uri': 'https://evil.example/pixel' } });
      const logged = () => cspLines().length;
      // One address: at most its burst, plus what refills while the flood runs.
      let before = logged();
      let started = Date.now();
      for (let i = 0; i < 1_000; i++) assert.equal(await postReport(report), 204);
      const perClientAllowance = CSP_REPORTS_PER_CLIENT_BURST + Math.ceil(((Date.now() - started) / 60_000) * CSP_REPORTS_PER_CLIENT_PER_MINUTE);
      assert.ok(logged() - before <= perClientAllowance, `${logged() - before} of 1,000 reports logged from one address (limit ${perClientAllowance})`);
      assert.ok(logged() - before >= 1, 'no report logged at all');
      // Many addresses: at most the overall burst, plus what refills.
      before = logged();
      started = Date.now();
      const sends: Array<Promise<number>> = [];
      for (let a = 2; a < 42; a++) for (let i = 0; i < 5; i++) sends.push(postReport(report, `127.0.0.${a}`));
      assert.ok((await Promise.all(sends)).every((status) => status === 204));
      const overallAllowance = CSP_REPORTS_BURST + Math.ceil(((Date.now() - started) / 60_000) * CSP_REPORTS_PER_MINUTE);
      assert.ok(logged() - before <= overallAllowance, `${logged() - before} of 200 reports from 40 addresses logged (limit ${overallAllowance})`);
      assert.ok(stack.cspReports.length <= 100, 'reports kept without bound');
    },
  },
  {
    id: 'demo-real-mode-loopback-name',
    route: 'npm start',
    answer: 'refuses to start',
    async prove() {
      const real = { PAYNET_SECRET_KEY: 'sck_test', PAYNET_AGENT_ID: 'a', PAYNET_USER_ID: 'u', PAYNET_BASE_URL: 'https://pts-api.paynet.com.tr' };
      for (const host of ['127.attacker.example', '127.0.0.1.nip.io', 'localhost.attacker.example', '0.0.0.0', '127.1']) {
        assert.throws(() => demoOptionsFromEnv({ ...real, HOST: host }), /loopback HOST/, host);
      }
      assert.throws(() => demoOptionsFromEnv({ ...real, PUBLIC_BASE_URL: 'https://tunnel.example' }), /PUBLIC_BASE_URL/);
      for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
        assert.ok(demoOptionsFromEnv({ ...real, HOST: host }).paynet, host);
      }
    },
  },
];

/** The demo-server rows of the doc: id, where, answer. */
async function docRows(): Promise<Array<{ id: string; route: string; answer: string }>> {
  const text = await readFile(new URL('../../docs/bad-input.md', import.meta.url), 'utf8');
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const id = /^`(demo-[a-z0-9.-]+)`$/.exec(cells[0] ?? '')?.[1];
    if (id === undefined || cells.length < 4) continue;
    rows.push({ id, route: cells[2]!.replace(/`/g, ''), answer: cells[3]! });
  }
  return rows;
}

describe('bad input to the demo server: the published rows, proven over HTTP', () => {
  it('proves exactly the demo rows docs/bad-input.md lists, with the same route and answer', async () => {
    const rows = await docRows();
    assert.deepEqual(rows.map((r) => r.id).sort(), CASES.map((c) => c.id).sort(), 'docs/bad-input.md and this file list different demo rows');
    for (const c of CASES) {
      const row = rows.find((r) => r.id === c.id)!;
      assert.equal(row.route, c.route, `where of ${c.id}`);
      assert.ok(row.answer.startsWith(c.answer), `the doc says "${row.answer}" for ${c.id}, the test "${c.answer}…"`);
    }
  });

  for (const c of CASES) it(`${c.id}: ${c.route} → ${c.answer}`, () => c.prove());

  it('logged no demo server error while refusing all of them', () => {
    assert.deepEqual(logLines.filter((line) => /demo server error|^demo: (?!CSP)|^backend unexpected/.test(line)), []);
  });
});
