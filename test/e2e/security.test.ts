/**
 * Security by default, in a real browser against the running stack: the pages run under a
 * strict CSP with Trusted Types (and the policy is shown to be enforced, so "no violation"
 * means something), the one-script-tag build pays under it, and nothing the backend sends to
 * the browser carries a Paynet secret or a card number.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DEFAULT_OPTIONS, PRESENTED_CARDS } from '../../simulator/index.js';
import { openDemo, payAndWaitForPhone, startFixture, terminalEventsOf, type DemoFixture, type DemoPage } from './demo-fixture.js';

let fixture: DemoFixture;
let demo: DemoPage | undefined;
let expectedReports = 0;

before(async () => {
  fixture = await startFixture();
});
after(async () => {
  await fixture.close();
  assert.equal(fixture.stack.cspReports.length, expectedReports, `unexpected CSP reports: ${JSON.stringify(fixture.stack.cspReports)}`);
});
afterEach(async () => {
  if (!demo) return;
  await demo.close();
  demo = undefined;
});

const SECRETS = [DEFAULT_OPTIONS.secretKey, DEFAULT_OPTIONS.deviceAccessToken, 'session_key', 'encryption_key', 'secret_key'];
const PANS = [...Object.values(PRESENTED_CARDS).map((card) => card.pan), '4355084355084358'];

async function simApprovePending(): Promise<void> {
  const control = `${fixture.stack.url}/_sim`;
  for (let i = 0; i < 50; i++) {
    const { sessions } = (await (await fetch(`${control}/sessions?status=pending`)).json()) as { sessions: Array<{ payment_session_id: string }> };
    if (sessions.length > 0) {
      await fetch(`${control}/sessions/${sessions[0]!.payment_session_id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"card":"troy"}' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no pending session appeared at the simulator');
}

describe('e2e: security', () => {
  it('serves every page and asset with the strict policy (no unsafe-inline, no unsafe-eval, Trusted Types)', async () => {
    for (const path of ['/', '/plain.html', '/lib/paynet-checkout.standalone.js']) {
      const response = await fetch(`${fixture.stack.url}${path}`);
      assert.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /require-trusted-types-for 'script'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    }
  });

  it('enforces the policy: an injected inline script is refused and reported (so zero reports elsewhere is real)', async () => {
    demo = await openDemo(fixture, '/');
    const before = fixture.stack.cspReports.length;
    const outcome = await demo.page.evaluate(() => {
      try {
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = true';
        document.head.append(script);
        return 'inserted';
      } catch (error) {
        return error instanceof TypeError ? 'refused by Trusted Types' : String(error);
      }
    });
    assert.equal(outcome, 'refused by Trusted Types');
    assert.equal(await demo.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    for (let i = 0; i < 50 && fixture.stack.cspReports.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fixture.stack.cspReports.length, before + 1, 'the violation was reported to the server');
    expectedReports = fixture.stack.cspReports.length;
    assert.match(JSON.stringify(fixture.stack.cspReports.at(-1)), /trusted-types|require-trusted-types-for/);
  });

  it('pays with the one-script-tag standalone build under the same policy, with no violation', async () => {
    demo = await openDemo(fixture, '/plain.html');
    await demo.page.locator('#checkout [part~="pay-button"]').click();
    await demo.waitForEvent('paynet-session');
    await demo.page.locator('#checkout [part~="qr"] svg').waitFor();
    await simApprovePending();
    const success = await demo.waitForEvent('paynet-success');
    assert.equal((success.detail?.transaction as { amount: string }).amount, '49.90');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success']);
    assert.deepEqual(demo.problems, []);
    assert.equal(fixture.stack.cspReports.length, expectedReports);
  });

  it('sends no Paynet secret and no card number to the browser, in any response or event, across sale, card and refund', async () => {
    demo = await openDemo(fixture, '/?handoff=qr');
    const { page } = demo;
    await payAndWaitForPhone(demo);
    await page.locator('#phone-list li[data-session] [data-action="approve"]').click();
    await demo.waitForEvent('paynet-success');

    await page.locator('#new-order').click();
    await page.locator('.settings summary').click();
    await page.locator('input[name="card"]').check();
    await page.locator('#checkout [part~="methods"] label').nth(1).click();
    const form = page.locator('#checkout [part~="card-form"]');
    await form.locator('input[name="cc-name"]').fill('AYSE YILMAZ');
    await form.locator('input[name="cc-number"]').fill('4355084355084358');
    await form.locator('input[name="cc-exp"]').fill('12/30');
    await form.locator('input[name="cc-csc"]').fill('123');
    await page.locator('#checkout [part~="pay-button"]').click();
    await page.waitForFunction(() => (window as unknown as { __paynetEvents: Array<{ type: string }> }).__paynetEvents.filter((e) => e.type === 'paynet-success').length === 2);
    await page.locator('#refresh-office').click();
    await page.locator('#office-rows tr').nth(1).waitFor();

    const backendResponses = demo.responses.filter((r) => new URL(r.url).pathname.startsWith('/api/paynet/'));
    assert.ok(backendResponses.length >= 5, `saw ${backendResponses.length} backend responses`);
    const assets = demo.responses.filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
    assert.ok(assets.length >= 1);
    for (const { url, body } of [...backendResponses, ...assets]) {
      for (const secret of SECRETS) assert.ok(!body.includes(secret), `${url} contains ${secret}`);
      for (const pan of PANS) assert.ok(!body.includes(pan), `${url} contains a card number`);
    }
    const events = JSON.stringify(await demo.events());
    for (const pan of PANS) assert.ok(!events.includes(pan), 'an event detail contains a card number');
    assert.deepEqual(demo.problems, []);
    assert.equal(fixture.stack.cspReports.length, expectedReports);
  });
});
