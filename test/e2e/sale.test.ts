/**
 * The App2App sale end to end: the demo page in headless Chromium, the reference backend and
 * the simulator over real HTTP, the simulated phone driven through the page's phone panel.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payAndWaitForPhone, phoneItem, terminalEventsOf, useDemoFixture } from './demo-fixture.js';

const demoStack = useDemoFixture();

describe('e2e: sale through the PayPOS phone', () => {
  it('pays 149,90 TL in 3 instalments: QR on desktop, approve on the phone, paynet-success with the transaction', async () => {
    const demo = await demoStack.open('/');
    const { page } = demo;
    await page.locator('#checkout [part~="instalments"] label').nth(2).click();
    const { phone } = await payAndWaitForPhone(demo);
    await page.locator('#checkout [part~="qr"] svg').waitFor();
    await phone.locator('select').selectOption('mastercard');
    await phone.locator('[data-action="approve"]').click();

    const success = await demo.waitForEvent('paynet-success');
    const transaction = success.detail?.transaction as Record<string, unknown>;
    assert.equal(transaction.amount, '149.90');
    assert.equal(transaction.instalment, 3);
    assert.match(String(transaction.cardMasked), /^5406 67\*\* \*\*\*\* 5403$/);
    assert.match(String(transaction.authorizationCode), /^\d{6}$/);
    assert.equal(success.detail?.late, false);
    assert.equal(transaction.xactId, undefined, 'Paynet transaction ids stay on the server');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success']);
    await page.locator('#checkout [part~="result"]').getByText('5406 67** **** 5403').waitFor();
    // The shop's back office lists the paid sale.
    await page.locator(`#office-rows tr[data-sale-session="${String(success.detail?.sessionId)}"]`).waitFor();
  });

  it('reports a decline from the phone as paynet-failure, with the reason as text', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { phone } = await payAndWaitForPhone(demo);
    await phone.locator('[data-action="decline"]').click();
    const failure = await demo.waitForEvent('paynet-failure');
    const reason = failure.detail?.reason as { code: string; message: string };
    assert.equal(typeof reason.code, 'string');
    assert.ok(reason.message.length > 0);
    await demo.page.locator('#checkout [part~="retry-button"]').waitFor();
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-failure']);
  });

  it('reports a session the phone let expire as paynet-expired, after asking the backend once more', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { phone } = await payAndWaitForPhone(demo);
    await phone.locator('[data-action="expire"]').click();
    await demo.waitForEvent('paynet-expired');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-expired']);
  });

  it('reports success, not cancel, when the shopper cancels after the phone already paid', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    // Slow polling, so the element learns of the payment only through its cancel request: the
    // session answer loses its long-poll advertisement (as from an older backend), or the held
    // status request would bring the payment at once.
    await page.locator('#checkout').evaluate((el) => el.setAttribute('poll-interval', '60000'));
    await page.route('**/api/paynet/sessions', async (route) => {
      const response = await route.fetch();
      const { statusWaitSeconds: _dropped, ...session } = (await response.json()) as Record<string, unknown>;
      await route.fulfill({ response, json: session });
    });
    const { phone } = await payAndWaitForPhone(demo);
    await phone.locator('[data-action="approve"]').click();
    await phone.waitFor({ state: 'detached' });
    await page.locator('#checkout [part~="cancel-button"]').click();

    const success = await demo.waitForEvent('paynet-success');
    assert.equal((success.detail?.transaction as { amount: string }).amount, '149.90');
    const events = await demo.events();
    assert.deepEqual(terminalEventsOf(events).map((e) => e.type), ['paynet-success']);
    assert.equal(events.filter((e) => e.type === 'paynet-cancel').length, 0);
  });

  it('reports a payment the phone takes after the shopper cancelled as a late paynet-success', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    const { phone } = await payAndWaitForPhone(demo);
    await page.locator('#checkout [part~="cancel-button"]').click();
    await demo.waitForEvent('paynet-cancel');
    // Paynet cannot void a PayPOS session: the cashier's phone still shows it and takes the card.
    await phone.locator('[data-action="approve"]').click();

    const success = await demo.waitForEvent('paynet-success');
    assert.equal(success.detail?.late, true);
    assert.equal((success.detail?.transaction as { amount: string }).amount, '149.90');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-cancel', 'paynet-success']);
    await page.locator('#checkout [part~="result"]').getByText('4355 08** **** 4358').waitFor();
  });

  it('still reports the cancelled session when the phone pays it after the shop started a new order', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    const first = await payAndWaitForPhone(demo);
    await page.locator('#checkout [part~="cancel-button"]').click();
    await demo.waitForEvent('paynet-cancel');
    await page.locator('#new-order').click();
    await page.locator('#checkout [part~="pay-button"]').waitFor();
    // The cashier's phone still offers the first session, and takes the card for it.
    await first.phone.locator('[data-action="approve"]').click();

    const success = await demo.waitForEvent('paynet-success');
    assert.equal(success.detail?.late, true);
    assert.equal(success.detail?.sessionId, first.sessionId);
    await page.locator('#checkout [part~="late-notice"]').getByText('4355 08** **** 4358').waitFor();
    // The new order is untouched: the form is still there to pay it.
    await page.locator('#checkout [part~="pay-button"]').waitFor();
    assert.equal(await page.locator('#after-result').isHidden(), true);
    await page.locator(`#office-rows tr[data-sale-session="${first.sessionId}"]`).waitFor();
  });

  it('on an Android phone launches the PayPOS deeplink instead of showing a QR code', async () => {
    const demo = await demoStack.open('/', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    });
    const { page } = demo;
    await page.locator('#checkout [part~="pay-button"]').click();
    const session = await demo.waitForEvent('paynet-session');
    await page.waitForFunction(() => (window as unknown as { __paynetLaunched: string[] }).__paynetLaunched.length > 0);
    const launched = await demo.launched();
    assert.equal(launched.length, 1);
    assert.match(launched[0]!, /^paypos:\/\//);
    assert.equal(session.detail?.handoff, 'deeplink');
    assert.equal(await page.locator('#checkout [part~="qr"]').count(), 0, 'no QR code on the phone that runs PayPOS');
    assert.equal(await page.locator('#checkout [part~="open-button"]').getAttribute('href'), launched[0]);

    await phoneItem(demo, String(session.detail?.referenceNo)).locator('[data-action="approve"]').click();
    await demo.waitForEvent('paynet-success');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success']);
  });
});
