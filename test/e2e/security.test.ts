/**
 * Security by default, in a real browser against the running stack: the pages run under a
 * strict CSP with Trusted Types (and the policy is shown to be enforced, so "no violation"
 * means something), the one-script-tag build pays under it, and nothing the backend sends to
 * the browser carries a Paynet secret or a card number.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, PRESENTED_CARDS } from '../../simulator/index.js';
import { launchChromium } from './browser.js';
import { payAndWaitForPhone, payByCard, terminalEventsOf, tryInlineScript, useDemoFixture } from './demo-fixture.js';

// The Trusted Types test makes the page complain on purpose; the others check problems themselves.
const demoStack = useDemoFixture({ checkProblems: false });
const stack = () => demoStack.fixture().stack;

const SECRETS = [DEFAULT_OPTIONS.secretKey, DEFAULT_OPTIONS.deviceAccessToken, 'session_key', 'encryption_key', 'secret_key'];
const PANS = [...Object.values(PRESENTED_CARDS).map((card) => card.pan), '4355084355084358'];

/** The phone takes the card for this session only, through the simulator's control API. */
async function simApprove(referenceNo: string): Promise<void> {
  const control = `${stack().url}/_sim`;
  for (let i = 0; i < 50; i++) {
    const { sessions } = (await (await fetch(`${control}/sessions?status=pending`)).json()) as { sessions: Array<{ payment_session_id: string; reference_no: string }> };
    const mine = sessions.find((session) => session.reference_no === referenceNo);
    if (mine) {
      const answer = await fetch(`${control}/sessions/${mine.payment_session_id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"card":"troy"}' });
      assert.equal(answer.status, 200);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`session ${referenceNo} never appeared at the simulator`);
}

describe('e2e: security', () => {
  it('serves every page and asset with the strict policy (no unsafe-inline, no unsafe-eval, Trusted Types)', async () => {
    for (const path of ['/', '/plain.html', '/lib/paynet-checkout.standalone.js']) {
      const response = await fetch(`${stack().url}${path}`);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /require-trusted-types-for 'script'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it('enforces the policy: an injected inline script is refused and reported (so zero reports elsewhere is real)', async () => {
    const demo = await demoStack.open('/');
    const before = stack().cspReports.length;
    const outcome = await tryInlineScript(demo.page);
    assert.equal(outcome, 'refused by Trusted Types');
    assert.equal(await demo.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    for (let i = 0; i < 50 && stack().cspReports.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(stack().cspReports.length, before + 1, 'the violation was reported to the server');
    demoStack.expectReports(stack().cspReports.length);
    assert.match(JSON.stringify(stack().cspReports.at(-1)), /trusted-types|require-trusted-types-for/);
  });

  it('pays with the one-script-tag standalone build under the same policy, with no violation', async () => {
    const demo = await demoStack.open('/plain.html');
    const reportsBefore = stack().cspReports.length;
    await demo.page.locator('#checkout [part~="pay-button"]').click();
    const session = await demo.waitForEvent('paynet-session');
    await demo.page.locator('#checkout [part~="qr"] svg').waitFor();
    await simApprove(String(session.detail?.referenceNo));
    const success = await demo.waitForEvent('paynet-success');
    assert.equal((success.detail?.transaction as { amount: string }).amount, '49.90');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success']);
    assert.deepEqual(demo.problems, []);
    assert.equal(stack().cspReports.length, reportsBefore, 'no CSP violation reported');
  });

  it('loads the standalone build and its chunks from a CDN origin under the policy (that origin in script-src), and pays', async () => {
    // A pull-through CDN in front of the demo's /lib/: another origin, with the CORS header a
    // module script from another origin needs.
    const served: string[] = [];
    const cdn = createServer((request, response) => {
      served.push(request.url ?? '');
      void fetch(`${stack().url}/lib${request.url ?? '/'}`).then(async (upstream) => {
        response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/javascript', 'access-control-allow-origin': '*' });
        response.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    const cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    const policy = [
      "default-src 'none'",
      `script-src ${cdnUrl}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types lit-html',
    ].join('; ');
    // The shop's page is handed to the browser by the test (page.route), so it has no IP address
    // and Chromium's Local Network Access takes it for a public page reaching into loopback (the
    // CDN here); a real shop page and CDN are both public. That check alone is turned off.
    const browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (/content security policy|trusted ?type|refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      // The shop's page, on the shop's origin (the demo's, where its backend is), under its policy.
      await page.route(`${stack().url}/shop.html`, (route) =>
        route.fulfill({
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy },
          body: `<!doctype html><html lang="en"><head><title>shop</title></head><body>
            <paynet-checkout id="checkout" session-url="/api/paynet/sessions" amount="49.90" handoff="qr"></paynet-checkout>
            <script type="module" src="${cdnUrl}/paynet-checkout.standalone.js"></script></body></html>`,
        }),
      );
      await page.goto(`${stack().url}/shop.html`);
      const session = page.evaluate(
        () => new Promise<{ referenceNo: string }>((resolve) => document.addEventListener('paynet-session', (event) => resolve((event as CustomEvent).detail), { once: true })),
      );
      const success = page.evaluate(
        () => new Promise<{ transaction: { amount: string } }>((resolve) => document.addEventListener('paynet-success', (event) => resolve((event as CustomEvent).detail), { once: true })),
      );
      // Closing the page ends both waits: not an error of their own if the test failed before.
      session.catch(() => undefined);
      success.catch(() => undefined);
      await page.locator('#checkout [part~="pay-button"]').click({ timeout: 10_000 }).catch((error: unknown) => {
        throw new Error(`no Pay button: ${String(error)}; problems ${problems.join(' | ')}; CDN served ${served.join(', ')}`);
      });
      await page.locator('#checkout [part~="qr"] svg').waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
        const shown = await page.evaluate(() => document.querySelector('#checkout')?.shadowRoot?.textContent ?? '');
        throw new Error(`no QR: ${String(error)}; shows "${shown}"; problems ${problems.join(' | ')}; CDN served ${served.join(', ')}`);
      });
      await simApprove((await session).referenceNo);
      assert.equal((await success).transaction.amount, '49.90');
      assert.deepEqual(problems, []);
      assert.ok(served.includes('/paynet-checkout.standalone.js'), `the CDN served ${served.join(', ')}`);
      for (const chunk of ['checkout-runtime', 'paypos-handoff-view', 'en-']) {
        assert.ok(served.some((path) => path.startsWith('/standalone/') && path.includes(chunk)), `no ${chunk} chunk from the CDN (${served.join(', ')})`);
      }
    } finally {
      await browser.close();
      cdn.closeAllConnections();
      await new Promise<void>((resolve) => cdn.close(() => resolve()));
    }
  });

  it('sends no Paynet secret and no card number to the browser, in any response or event, across sale, card and refund', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const reportsBefore = stack().cspReports.length;
    const { page } = demo;
    const { phone } = await payAndWaitForPhone(demo);
    await phone.locator('[data-action="approve"]').click();
    await demo.waitForEvent('paynet-success');

    await page.locator('#new-order').click();
    await payByCard(demo, '4355084355084358');
    await page.waitForFunction(() => (window as unknown as { __paynetEvents: Array<{ type: string }> }).__paynetEvents.filter((e) => e.type === 'paynet-success').length === 2);
    await page.locator('#refresh-office').click();
    await page.locator('#office-rows tr').nth(1).waitFor();

    const responses = await demo.responses();
    assert.ok(responses.some((r) => new URL(r.url).pathname === '/api/paynet/payments'), 'the card payment answer was read');
    const backendResponses = responses.filter((r) => new URL(r.url).pathname.startsWith('/api/paynet/'));
    assert.ok(backendResponses.length >= 5, `saw ${backendResponses.length} backend responses`);
    const assets = responses.filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
    assert.ok(assets.length >= 1);
    for (const { url, body } of [...backendResponses, ...assets]) {
      for (const secret of SECRETS) assert.ok(!body.includes(secret), `${url} contains ${secret}`);
      for (const pan of PANS) assert.ok(!body.includes(pan), `${url} contains a card number`);
    }
    const events = JSON.stringify(await demo.events());
    for (const pan of PANS) assert.ok(!events.includes(pan), 'an event detail contains a card number');
    assert.deepEqual(demo.problems, []);
    assert.equal(stack().cspReports.length, reportsBefore, 'no CSP violation reported');
  });
});
