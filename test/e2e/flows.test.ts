/**
 * The other Paynet flows end to end in the demo: refund/cancel from the back office, a sale
 * sent to a cloud POS terminal, and the opt-in card payment without 3D.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payAndWaitForPhone, payByCard, phoneItem, terminalEventsOf, useDemoFixture } from './demo-fixture.js';

const demoStack = useDemoFixture();

describe('e2e: refund, terminal and card flows', () => {
  it('cancels a paid sale from the back office through the PayPOS phone (mode="reversal")', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    const { phone } = await payAndWaitForPhone(demo);
    await phone.locator('[data-action="approve"]').click();
    const sale = await demo.waitForEvent('paynet-success');
    const saleSessionId = String(sale.detail?.sessionId);

    const row = page.locator(`#office-rows tr[data-sale-session="${saleSessionId}"]`);
    await row.locator('[data-action="reverse"]').click();
    const reversal = page.locator('#reversal-slot paynet-checkout');
    await reversal.locator('[part~="pay-button"]').click();
    const reversalSession = await demo.waitForEvent('paynet-session', '');
    const reversalPhone = phoneItem(demo, String(reversalSession.detail?.referenceNo));
    await reversalPhone.waitFor();
    assert.equal(await reversalPhone.getAttribute('data-kind'), 'reversal');
    assert.match((await reversalPhone.textContent()) ?? '', /İptal|Cancel/, 'a same-day reversal is a cancel');
    await reversalPhone.locator('[data-action="approve"]').click();

    await page.waitForFunction(() =>
      (window as unknown as { __paynetEvents: Array<{ type: string; source: string }> }).__paynetEvents.some(
        (e) => e.type === 'paynet-success' && e.source === '',
      ),
    );
    const events = await demo.events();
    const reversalSuccess = events.filter((e) => e.type === 'paynet-success' && e.source === '');
    assert.equal(reversalSuccess.length, 1);
    assert.equal((reversalSuccess[0]!.detail?.transaction as { amount: string }).amount, '149.90');
    // The back office now shows the sale as reversed, with no second reversal offered.
    await page.locator('#close-reversal').click();
    await row.locator('[data-action="reverse"]').waitFor({ state: 'detached' });
  });

  it('sends a sale to POS terminal P00134 and reports the terminal’s payment', async () => {
    const demo = await demoStack.open('/?handoff=device');
    const { page } = demo;
    await page.locator('#checkout [part~="device-select"]').selectOption('P00134');
    await page.locator('#checkout [part~="pay-button"]').click();
    // The backend sends the session's reference as the device sale's transactionReferenceId.
    const session = await demo.waitForEvent('paynet-session');
    const terminalItem = page.locator(`#phone-list li[data-device-sale="${String(session.detail?.referenceNo)}"]`);
    await terminalItem.waitFor();
    assert.match((await terminalItem.textContent()) ?? '', /P00134/);
    await page.locator('#checkout [part~="awaiting"]').getByText('P00134').first().waitFor();
    await terminalItem.locator('[data-action="approve"]').click();

    const success = await demo.waitForEvent('paynet-success');
    const transaction = success.detail?.transaction as Record<string, unknown>;
    assert.equal(transaction.amount, '149.90');
    assert.equal(typeof transaction.paymentId, 'string');
    assert.equal(typeof transaction.hostReference, 'string');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-success']);
  });

  it('takes a card payment without 3D (opt-in), and clears the card form afterwards', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const { page } = demo;
    await payByCard(demo, '4355084355084358');
    const form = page.locator('#checkout [part~="card-form"]');

    const success = await demo.waitForEvent('paynet-success');
    const transaction = success.detail?.transaction as Record<string, unknown>;
    assert.equal(transaction.amount, '149.90');
    assert.match(String(transaction.cardMasked), /\*{4} 4358$/);
    const events = await demo.events();
    assert.ok(!JSON.stringify(events).includes('4355084355084358'), 'no event detail holds the card number');
    // Back to the form: it must be empty.
    await page.locator('#new-order').click();
    await page.locator('#checkout [part~="methods"] label').nth(1).click();
    assert.equal(await form.locator('input[name="cc-number"]').inputValue(), '');
    assert.equal(await form.locator('input[name="cc-csc"]').inputValue(), '');
  });

  it('refuses a card the bank declines, with the reason shown and no charge', async () => {
    const demo = await demoStack.open('/?handoff=qr');
    const paidSales = async () => ((await (await fetch(`${demoStack.fixture().stack.url}/api/paynet/transactions`)).json()) as { transactions: unknown[] }).transactions.length;
    const paidBefore = await paidSales();
    await payByCard(demo, '4000000000000002');
    const failure = await demo.waitForEvent('paynet-failure');
    const reason = failure.detail?.reason as { message: string };
    await demo.page.locator('#checkout [part~="message"]').getByText(reason.message).waitFor();
    assert.equal(await paidSales(), paidBefore, 'a declined card adds no paid sale');
    assert.deepEqual(terminalEventsOf(await demo.events()).map((e) => e.type), ['paynet-failure']);
  });
});
