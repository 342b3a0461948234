import { expect, html, oneEvent } from '@open-wc/testing';
import type { PaynetFailureEvent } from '../../../src/events/paynet-failure-event.js';
import type { PaynetSuccessEvent } from '../../../src/events/paynet-success-event.js';
import type { PaynetCheckout } from '../../../src/paynet-checkout.component.js';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { $, checkout, forgetPersistedSessions, recordEvents, shadow, terminalEvents, text, typeInto, useBackend, waitForStatus } from '../../element/helpers.js';

const CARD_NUMBER = '4242424242424242';
const DECLINED_NUMBER = '4000000000000002';
const CVC = '737';

async function fillCard(el: PaynetCheckout, number: string, expiry = '12/30', cvc = CVC): Promise<void> {
  await typeInto($<HTMLInputElement>(el, '#cc-name'), 'Ayşe Yılmaz');
  await typeInto($<HTMLInputElement>(el, '#cc-number'), number);
  await typeInto($<HTMLInputElement>(el, '#cc-exp'), expiry);
  await typeInto($<HTMLInputElement>(el, '#cc-csc'), cvc);
  await el.updateComplete;
}

function cardInputsEmpty(el: PaynetCheckout): boolean {
  return [...shadow(el).querySelectorAll<HTMLInputElement>('[part="card-input"]')].every((input) => input.value === '');
}

describe('<paynet-checkout> card', () => {
  afterEach(forgetPersistedSessions);

  it('checks the card fields and explains each mistake', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} methods="paypos card" payment-url=${backend.paymentUrl} lang="en"
    ></paynet-checkout>`);
    expect(shadow(el).querySelector('#cc-number')).to.equal(null);
    $<HTMLInputElement>(el, 'input[name="method"][value="card"]').click();
    await el.updateComplete;
    const number = $<HTMLInputElement>(el, '#cc-number');
    expect(number.getAttribute('autocomplete')).to.equal('cc-number');
    expect(number.getAttribute('inputmode')).to.equal('numeric');
    expect($(el, '#cc-exp').getAttribute('autocomplete')).to.equal('cc-exp');
    expect($(el, '#cc-csc').getAttribute('autocomplete')).to.equal('cc-csc');
    expect($(el, '#cc-name').getAttribute('autocomplete')).to.equal('cc-name');

    await typeInto($<HTMLInputElement>(el, '#amount'), '20');
    await fillCard(el, '4242424242424241', '01/20', '12');
    expect(number.value).to.equal('4242 4242 4242 4241');
    expect(text(el)).to.contain('Visa');
    const result = await el.pay();
    await el.updateComplete;
    expect(result.status === 'error' && result.error.code).to.equal('invalid_input');
    expect($(el, '#cc-number-error').textContent).to.equal('This card number is not valid.');
    expect($(el, '#cc-exp-error').textContent).to.equal('This card has expired.');
    expect($(el, '#cc-csc-error').textContent).to.contain('3-digit code');
    expect(number.getAttribute('aria-invalid')).to.equal('true');
    expect(backend.requests).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('pays by card, sends the card only to the payment URL, and keeps none of it afterwards', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} methods="paypos card" payment-url=${backend.paymentUrl} lang="en" instalments="1,3"
    ></paynet-checkout>`);
    const events = recordEvents(el);
    $<HTMLInputElement>(el, 'input[name="method"][value="card"]').click();
    $<HTMLInputElement>(el, 'input[name="instalment"][value="3"]').click();
    await el.updateComplete;
    await typeInto($<HTMLInputElement>(el, '#amount'), '99,90');
    await fillCard(el, '4242 4242 4242 4242');
    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    $(el, '[part="pay-button"]').click();
    const { detail } = await success;
    expect(detail.transaction.amount).to.equal('99.90');
    expect(detail.transaction.instalment).to.equal(3);

    const payment = backend.requestsTo('payment')[0];
    expect(payment?.body).to.deep.equal({
      amount: '99.90', instalment: 3, currency: 'TRY',
      card: { holder: 'Ayşe Yılmaz', number: CARD_NUMBER, month: 12, year: 2030, cvc: CVC },
    });
    expect(payment?.idempotencyKey).to.match(/^[0-9a-f-]{36}$/u);
    const elsewhere = backend.requests.filter((request) => request.route !== 'payment');
    expect(JSON.stringify(elsewhere)).to.not.contain(CARD_NUMBER);

    await waitForStatus(el, 'succeeded');
    const everything = JSON.stringify(events.map((event) => event.detail)) + JSON.stringify(el.state) + (shadow(el).innerHTML ?? '');
    expect(everything).to.not.contain(CARD_NUMBER);
    expect(everything).to.not.contain(`"${CVC}"`);
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
  });

  it('clears the card fields after a decline, so nothing is kept for the next try', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} methods="paypos card" payment-url=${backend.paymentUrl} lang="en"
    ></paynet-checkout>`);
    $<HTMLInputElement>(el, 'input[name="method"][value="card"]').click();
    await el.updateComplete;
    await typeInto($<HTMLInputElement>(el, '#amount'), '10');
    await fillCard(el, DECLINED_NUMBER);
    const failure = oneEvent(el, 'paynet-failure') as Promise<PaynetFailureEvent>;
    $(el, '[part="pay-button"]').click();
    const { detail } = await failure;
    expect(detail.reason.code).to.equal('insufficient_funds');
    expect(JSON.stringify(detail)).to.not.contain(DECLINED_NUMBER);
    await waitForStatus(el, 'failed');
    await expect(el).to.be.accessible();
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    expect(cardInputsEmpty(el)).to.equal(true);
    expect($<HTMLInputElement>(el, '#amount').value).to.equal('10');
  });

  it('clears the card fields after an error answer too', async () => {
    const backend = await useBackend();
    backend.fail('payment', { kind: 'status', status: 400, body: { error: { code: 'bad_request', message: 'Rejected' } } });
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} methods="paypos card" payment-url=${backend.paymentUrl} lang="en"
    ></paynet-checkout>`);
    $<HTMLInputElement>(el, 'input[name="method"][value="card"]').click();
    await el.updateComplete;
    await typeInto($<HTMLInputElement>(el, '#amount'), '10');
    await fillCard(el, CARD_NUMBER);
    const result = await el.pay();
    expect(result.status).to.equal('error');
    await el.updateComplete;
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    expect(cardInputsEmpty(el)).to.equal(true);
  });
});
