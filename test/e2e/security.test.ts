/**
 * Security by default, in a real browser against the running stack: the pages run under a
 * strict CSP with Trusted Types (and the policy is shown to be enforced, so "no violation"
 * means something), the one-script-tag build pays under it, and nothing the backend sends to
 * the browser carries a Paynet secret or a card number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_OPTIONS, PRESENTED_CARDS } from '../../simulator/index.js';
import { payAndWaitForPhone, payByCard, terminalEventsOf, useDemoFixture } from './demo-fixture.js';

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
