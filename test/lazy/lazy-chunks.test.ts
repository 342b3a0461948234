/**
 * The element before its chunks arrive. Each test file runs in a page of its own, so here the
 * runtime, QR, card and terminal chunks start unloaded (test/element/helpers.ts preloads them
 * for every other element test): this is what a shopper's first script does on its own.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import { cardChunk, qrChunk, runtimeChunk, terminalChunk } from '../../src/lazy/chunks.js';
import { stringsFor } from '../../src/i18n/strings-for.js';
import '../../src/paynet-checkout.js';
import type { PaynetCheckout } from '../../src/paynet-checkout.component.js';
import { afterEach, describe, it } from '../flow/mocha.js';
import { $, FAST_POLL, forgetPersistedSessions, shadow, text, useBackend, waitFor, waitForStatus } from '../element/helpers.js';

describe('<paynet-checkout> lazy chunks', () => {
  afterEach(forgetPersistedSessions);

  it('shows the sale form with no chunk loaded, and pays when Pay comes before the runtime', async () => {
    expect(runtimeChunk.get(), 'runtime loaded before the test').to.equal(undefined);
    expect(qrChunk.get(), 'QR chunk loaded before the test').to.equal(undefined);
    const backend = await useBackend({ autoApproveAfterPolls: 2 });
    // Turkish, the language built into the first script.
    const el = await fixture<PaynetCheckout>(
      html`<paynet-checkout session-url=${backend.sessionUrl} amount="149.90" lang="tr" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`,
    );
    // The form is whole from the first script alone.
    expect($(el, 'button[type="submit"]').textContent).to.contain('öde');
    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    const paid = el.pay();
    // Pay pressed before the runtime arrived: pressed at once, though the flow has not started.
    await el.updateComplete;
    expect($(el, 'button[type="submit"]').getAttribute('aria-disabled')).to.equal('true');
    expect((await success).detail.transaction.referenceNo).to.be.a('string');
    expect((await paid).status).to.equal('succeeded');
    expect(runtimeChunk.get()).to.not.equal(undefined);
    expect(qrChunk.get(), 'the QR chunk is fetched at Pay').to.not.equal(undefined);
    expect(backend.requestsTo('create')).to.have.length(1);
  });

  it('renders English once its chunk is in, and nothing in another language before', async () => {
    expect(stringsFor('en'), 'English loaded before the test').to.equal(undefined);
    const backend = await useBackend();
    const el = await fixture<PaynetCheckout>(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en"></paynet-checkout>`);
    const firstWords = text(el);
    expect(firstWords === '' || firstWords.includes('Pay with PayPOS'), `rendered "${firstWords}" before English`).to.equal(true);
    await waitFor(() => text(el).includes('Pay with PayPOS'), () => `no English form ("${text(el)}")`);
    expect(text(el)).to.not.contain('ile öde');
  });

  it('loads the card fields and the terminal picker only for a form that shows them', async () => {
    expect(cardChunk.get()).to.equal(undefined);
    expect(terminalChunk.get()).to.equal(undefined);
    const backend = await useBackend();
    const sale = await fixture<PaynetCheckout>(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en"></paynet-checkout>`);
    await sale.updateComplete;
    expect(cardChunk.get(), 'a PayPOS-only form asked for the card chunk').to.equal(undefined);
    expect(terminalChunk.get(), 'a QR form asked for the terminal chunk').to.equal(undefined);

    const card = await fixture<PaynetCheckout>(
      html`<paynet-checkout session-url=${backend.sessionUrl} methods="card" payment-url=${backend.paymentUrl} lang="en"></paynet-checkout>`,
    );
    await waitFor(() => shadow(card).querySelector('#cc-number') !== null, 'the card fields never came');

    const terminal = await fixture<PaynetCheckout>(
      html`<paynet-checkout session-url=${backend.sessionUrl} handoff="device" devices-url=${backend.devicesUrl} lang="en"></paynet-checkout>`,
    );
    await waitFor(() => shadow(terminal).querySelector('#device option[value]:not([value=""])') !== null, 'the terminal list never came');
    expect(backend.arrivals('devices')).to.equal(1);
  });

  it('resumes a session kept across a reload with a busy form, never an empty one', async () => {
    const backend = await useBackend();
    const first = await fixture<PaynetCheckout>(
      html`<paynet-checkout session-url=${backend.sessionUrl} amount="149.90" lang="en" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`,
    );
    void first.pay();
    await waitForStatus(first, 'awaiting');
    first.remove();

    const second = document.createElement('paynet-checkout');
    second.setAttribute('session-url', backend.sessionUrl);
    second.setAttribute('amount', '149.90');
    second.setAttribute('lang', 'en');
    second.setAttribute('handoff', 'qr');
    second.setAttribute('poll-interval', String(FAST_POLL.interval));
    document.body.append(second);
    try {
      await second.updateComplete;
      // Whatever the first render shows, Pay is not offered for a session already under way.
      const pay = shadow(second).querySelector<HTMLButtonElement>('button[type="submit"]');
      if (pay !== null) expect(pay.disabled || pay.getAttribute('aria-disabled') === 'true', 'Pay offered while resuming').to.equal(true);
      await waitForStatus(second, 'awaiting');
      expect(backend.requestsTo('create')).to.have.length(1);
    } finally {
      second.remove();
    }
  });
});
