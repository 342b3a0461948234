/**
 * The static demo (`npm run build:demo`) as a prospect gets it: the built folder served by a
 * plain static file server (express.static: no project code on the server side) under a
 * sub-path, in Chromium, with msw's service worker playing the merchant backend and Paynet.
 * The same flows as on the Node stack, the policy it carries in its meta tag with 0
 * violations, a reload mid-payment, and a second visit with the host gone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildStaticDemo } from '../../demo/static/build.js';
import { launchChromium } from './browser.js';
import { openDemoAt, payByCard, phoneItem, terminalEventsOf, tryInlineScript, type DemoPage } from './demo-fixture.js';
import { serveFolder, type StaticHost } from './static-host.js';

const ANDROID = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
};

let dir: string;
let host: StaticHost;
let browser: Browser;
let current: DemoPage | undefined;

async function open(search = '', options = {}): Promise<DemoPage> {
  current = await openDemoAt(browser, `${host.url}${search}`, options);
  return current;
}

/** Presses Pay on `element` and resolves to the session it started (the newest, not an earlier one's). */
async function pay(demo: DemoPage, element = '#checkout'): Promise<{ sessionId: string; referenceNo: string }> {
  const source = element === '#checkout' ? 'checkout' : '';
  const sessionsOf = async () => (await demo.events()).filter((e) => e.type === 'paynet-session' && e.source === source);
  const before = (await sessionsOf()).length;
  await demo.page.locator(`${element} [part~="pay-button"]`).click();
  await demo.page.waitForFunction(
    ([s, n]) => (window as unknown as { __paynetEvents: Array<{ type: string; source: string }> }).__paynetEvents.filter((e) => e.type === 'paynet-session' && e.source === s).length > n,
    [source, before] as const,
    { timeout: 20_000 },
  );
  const session = (await sessionsOf()).at(-1)!;
  return { sessionId: String(session.detail?.sessionId), referenceNo: String(session.detail?.referenceNo) };
}

describe('e2e: the static demo on a plain static host', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paynet-static-demo-'));
    await buildStaticDemo(dir);
    host = await serveFolder(dir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    const demo = current;
    current = undefined;
    if (!demo) return;
    try {
      assert.deepEqual(demo.problems, [], 'CSP / Trusted Types complaints or page errors');
      assert.deepEqual(await demo.cspViolations(), [], 'CSP violations seen by the page');
    } finally {
      await demo.close();
    }
  });

  it('pays a sale, reports a decline with its reason, and refunds the sale from the back office', async () => {
    const demo = await open();
    const { page } = demo;
    await page.locator('#sim-notice').waitFor();

    const sale = await pay(demo);
    await phoneItem(demo, sale.referenceNo).locator('[data-action="approve"]').click();
    const success = await demo.waitForEvent('paynet-success');
    assert.equal(success.detail?.sessionId, sale.sessionId);
    assert.equal((success.detail?.transaction as { amount: string }).amount, '149.90');

    await page.locator('#new-order').click();
    const declined = await pay(demo);
    await phoneItem(demo, declined.referenceNo).locator('[data-action="decline"]').click();
    const failure = await demo.waitForEvent('paynet-failure');
    assert.equal(failure.detail?.sessionId, declined.sessionId);
    const reason = failure.detail?.reason as { code: string; message: string };
    assert.equal(typeof reason.code, 'string');
    assert.ok(reason.message.length > 0, 'the decline says why');
    await page.locator('#checkout [part~="retry-button"]').waitFor();

    // Three days on, the sale is past cancelling: through the simulator's control API, as a
    // sales person's console could, so the back office's reversal becomes a refund.
    const aged = await page.evaluate(async (referenceNo) => {
      const { sessions } = (await (await fetch('_sim/sessions')).json()) as { sessions: Array<{ reference_no: string; xact_id?: string }> };
      const xact = sessions.find((s) => s.reference_no === referenceNo)?.xact_id;
      const response = await fetch(`_sim/transactions/${encodeURIComponent(String(xact))}/age`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"days":3}' });
      return response.status;
    }, sale.referenceNo);
    assert.equal(aged, 200);
    const row = page.locator(`#office-rows tr[data-sale-session="${sale.sessionId}"]`);
    await row.locator('[data-action="reverse"]').click();
    const reversal = await pay(demo, '#reversal-slot paynet-checkout');
    const reversalPhone = phoneItem(demo, reversal.referenceNo);
    assert.equal(await reversalPhone.getAttribute('data-kind'), 'reversal');
    assert.match((await reversalPhone.textContent()) ?? '', /İade/, 'a sale three days old is refunded, not cancelled');
    await reversalPhone.locator('[data-action="approve"]').click();
    const reversed = await demo.waitForEvent('paynet-success', '');
    assert.equal((reversed.detail?.transaction as { amount: string }).amount, '149.90');
    await page.locator('#close-reversal').click();
    await row.locator('[data-action="reverse"]').waitFor({ state: 'detached' });
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success', 'paynet-failure']);

    // The setup is written into the address on the host's own path, so a shared link opens this demo.
    await page.locator('#settings summary').click();
    await page.locator('input[name="handoff"][value="device"]').check();
    const address = new URL(page.url());
    assert.equal(address.pathname, '/paynet-checkout/');
    assert.equal(address.searchParams.get('handoff'), 'device');

    // The counts above can fail: the policy is in force, and a refused inline script is seen.
    const outcome = await tryInlineScript(page);
    assert.equal(outcome, 'refused by Trusted Types');
    await page.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0);
    assert.match((await demo.cspViolations()).join('\n'), /trusted-types/);
    await page.evaluate(() => ((window as unknown as { __cspViolations: string[] }).__cspViolations.length = 0));
    demo.problems.splice(0);
  });

  it('at 390 px on an Android phone, in English, opens the PayPOS deeplink and is paid', async () => {
    const demo = await open('?lang=en', ANDROID);
    const { page } = demo;
    await page.locator('#checkout').getByText('Pay', { exact: false }).first().waitFor();
    const sale = await pay(demo);
    await page.waitForFunction(() => (window as unknown as { __paynetLaunched: string[] }).__paynetLaunched.length > 0);
    const [launched] = await demo.launched();
    assert.match(launched!, /^paypos:\/\//);
    assert.equal(await page.locator('#checkout [part~="qr"]').count(), 0, 'no QR code on the phone that runs PayPOS');
    await phoneItem(demo, sale.referenceNo).locator('[data-action="approve"]').click();
    await demo.waitForEvent('paynet-success');
    const { width, wide } = await page.evaluate(() => {
      const edge = document.documentElement.clientWidth;
      const past = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > edge + 1);
      return { width: document.documentElement.scrollWidth, wide: past.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`) };
    });
    assert.ok(width <= 390, `no sideways scroll at 390 px (page is ${width} px wide: ${wide.join(', ')})`);
  });

  it('sends a sale to a POS terminal, and takes a card payment without 3D, on the same simulator', async () => {
    const demo = await open('?handoff=device');
    const { page } = demo;
    await page.locator('#checkout [part~="device-select"]').selectOption('P00134');
    const sale = await pay(demo);
    const terminal = page.locator(`#phone-list li[data-device-sale="${sale.referenceNo}"]`);
    assert.match((await terminal.textContent()) ?? '', /P00134/);
    await terminal.locator('[data-action="approve"]').click();
    const paid = await demo.waitForEvent('paynet-success');
    assert.equal(typeof (paid.detail?.transaction as { paymentId?: unknown }).paymentId, 'string');

    // The same tab, now with the QR hand-off: the records stay, the event log starts afresh.
    await page.goto(`${host.url}?handoff=qr`);
    await page.locator('#checkout [part~="pay-button"]').waitFor();
    await payByCard(demo, '4355084355084358');
    const card = await demo.waitForEvent('paynet-success');
    assert.match(String((card.detail?.transaction as { cardMasked: string }).cardMasked), /\*{4} 4358$/);
  });

  it('lets the phone expire a session, and reports a payment taken after a cancel as late', async () => {
    const demo = await open('?handoff=qr');
    const { page } = demo;
    const expiring = await pay(demo);
    await phoneItem(demo, expiring.referenceNo).locator('[data-action="expire"]').click();
    const expired = await demo.waitForEvent('paynet-expired');
    assert.equal(expired.detail?.sessionId, expiring.sessionId);

    await page.locator('#new-order').click();
    const cancelled = await pay(demo);
    await page.locator('#checkout [part~="cancel-button"]').click();
    await demo.waitForEvent('paynet-cancel');
    await phoneItem(demo, cancelled.referenceNo).locator('[data-action="approve"]').click();
    const late = await demo.waitForEvent('paynet-success');
    assert.equal(late.detail?.late, true);
    assert.equal(late.detail?.sessionId, cancelled.sessionId);
    await page.locator(`#office-rows tr[data-sale-session="${cancelled.sessionId}"]`).waitFor();
  });

  it('resumes a payment after a reload, and is paid on the same session', async () => {
    const demo = await open('?handoff=qr');
    const { page } = demo;
    const sale = await pay(demo);
    await page.locator('#checkout [part~="qr"]').waitFor();
    await page.reload();
    await page.locator('#checkout [part~="qr"]').waitFor({ timeout: 20_000 });
    await phoneItem(demo, sale.referenceNo).locator('[data-action="approve"]').click();
    const success = await demo.waitForEvent('paynet-success');
    assert.equal(success.detail?.sessionId, sale.sessionId);
  });

  it('keeps its worker when the tab closes, and opens in a new tab and takes a payment with the host gone', async () => {
    // A host of its own (another origin, so another worker), closed after the first visits.
    const own = await serveFolder(dir);
    let closed = false;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const controlledFromStart = (page: Page) =>
      page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart > 0);
    try {
      // Tabs opened and closed the way a person does (beforeunload runs: msw's page tells its
      // worker, whose own reaction would be to unregister). Each next tab must find the worker.
      for (let visit = 0; visit < 3; visit++) {
        const tab = await context.newPage();
        await tab.goto(own.url);
        await tab.locator('#sim-notice').waitFor();
        if (visit > 0) assert.equal(await controlledFromStart(tab), true, `visit ${visit + 1} was answered by the worker`);
        await tab.close({ runBeforeUnload: true });
      }
      await own.close();
      closed = true;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(own.url);
      await page.locator('#sim-notice').waitFor();
      await page.locator('#checkout [part~="pay-button"]').click();
      await page.locator('#checkout [part~="qr"]').waitFor();
      await page.locator('#phone-list li [data-action="approve"]').first().click();
      await page.locator('#checkout [part~="result"]').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      if (!closed) await own.close();
    }
  });
});
