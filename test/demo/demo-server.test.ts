/**
 * The demo server's own duties, over real HTTP: only files of the built page are served (no
 * escape from its folder), every page carries the strict policy, violation reports are kept,
 * the simulator's control API is reachable through the same origin, and every name the demo
 * is its own under works (what it refuses is in bad-input.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDemoPage } from '../../demo/server/build-page.js';
import { CONTENT_SECURITY_POLICY } from '../../demo/server/security-headers.js';
import { startDemoStack, type DemoStack } from '../../demo/server/stack.js';
import { SimControl } from '../server/helpers.js';
import { rawRequest } from '../server/raw-http.js';

let stack: DemoStack;
let workDir: string;
let pageDir: string;

before(async () => {
  // The page is built one folder down, beside a file that must never be served.
  workDir = await mkdtemp(join(tmpdir(), 'paynet-demo-server-'));
  await writeFile(join(workDir, 'secret.json'), '{"secret": "outside the page"}');
  pageDir = await buildDemoPage(join(workDir, 'page'));
  stack = await startDemoStack({ port: 0, pageDir });
});
after(async () => {
  await stack.close();
  await rm(workDir, { recursive: true, force: true });
});

/** A raw request, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('demo server', () => {
  it('serves the page with the strict policy and security headers', async () => {
    const response = await fetch(`${stack.url}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    assert.match(await response.text(), /<paynet-checkout/);
  });

  it('never serves a file outside the built page', async () => {
    for (const path of ['/../secret.json', '/..%2Fsecret.json', '/%2e%2e%2fsecret.json', '/assets/..%2F..%2Fsecret.json', '/..%5Csecret.json', '/%E0%A4%A']) {
      const { status, body } = await rawGet(path);
      assert.equal(status, 404, path);
      assert.doesNotMatch(body, /outside the page/, path);
    }
  });

  it('keeps CSP violation reports for the tests to read', async () => {
    const before = stack.cspReports.length;
    const response = await fetch(`${stack.url}/_demo/csp-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src' } }),
    });
    assert.equal(response.status, 204);
    assert.equal(stack.cspReports.length, before + 1);
    const tooLarge = await fetch(`${stack.url}/_demo/csp-report`, { method: 'POST', body: 'x'.repeat(100_000) });
    assert.equal(tooLarge.status, 413);
    assert.equal(stack.cspReports.length, before + 1);
  });

  it('reaches the simulator’s phone through the same origin and says it runs the simulator', async () => {
    assert.deepEqual(await (await fetch(`${stack.url}/_demo/config`)).json(), { simulator: true });
    const answer = (await (await fetch(`${stack.url}/_sim/sessions?status=pending`)).json()) as { sessions: unknown[] };
    assert.ok(Array.isArray(answer.sessions));
  });

  it('answers under each of its own names: 127.0.0.1, localhost and [::1] at its port', async () => {
    const { port } = new URL(stack.url);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      for (const target of ['/', '/api/paynet/devices', '/_sim/sessions?status=pending', '/_demo/config']) {
        const answer = await rawRequest(stack.url, { method: 'GET', target, host });
        assert.equal(answer.status, 200, `${host} ${target}: ${answer.body.slice(0, 200)}`);
      }
    }
  });

  it('lets its own page drive the phone: a same-origin POST to /_sim approves the payment', async () => {
    const created = await fetch(`${stack.url}/api/paynet/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.url },
      body: JSON.stringify({ amount: '3.00', instalment: 1, currency: 'TRY' }),
    });
    assert.equal(created.status, 201);
    const { referenceNo } = (await created.json()) as { referenceNo: string };
    const control = new SimControl(stack.simulator!.url);
    const { payment_session_id: id } = await control.sessionByReference(referenceNo);
    const { port } = new URL(stack.url);
    const approve = await rawRequest(stack.url, {
      method: 'POST',
      target: `/_sim/sessions/${encodeURIComponent(id)}/approve`,
      host: `localhost:${port}`,
      headers: [
        ['Origin', `http://localhost:${port}`],
        ['Sec-Fetch-Site', 'same-origin'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"card":"visa"}',
    });
    assert.equal(approve.status, 200, approve.body);
    assert.equal((await control.sessionByReference(referenceNo)).status, 'approved');
  });

  it('answers under PUBLIC_BASE_URL’s host too when it is set, and its page may drive the phone', async () => {
    const published = await startDemoStack({ port: 0, pageDir, publicBaseUrl: 'https://demo.example' });
    try {
      assert.equal((await rawRequest(published.url, { method: 'GET', target: '/', host: 'demo.example' })).status, 200);
      assert.equal((await rawRequest(published.url, { method: 'GET', target: '/api/paynet/devices', host: 'demo.example' })).status, 200);
      // Reaches the simulator (which knows no such session) instead of being refused.
      const fromPage = await rawRequest(published.url, {
        method: 'POST',
        target: '/_sim/sessions/unknown/approve',
        host: 'demo.example',
        headers: [
          ['Origin', 'https://demo.example'],
          ['Content-Type', 'application/json'],
        ],
        body: '{"card":"visa"}',
      });
      assert.equal(fromPage.status, 404, fromPage.body);
      assert.equal((await rawRequest(published.url, { method: 'GET', target: '/', host: 'other.example' })).status, 421);
    } finally {
      await published.close();
    }
  });
});
