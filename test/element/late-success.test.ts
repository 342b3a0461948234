import { expect, oneEvent } from '@open-wc/testing';
import type { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import { afterEach, describe, it } from '../flow/mocha.js';
import { $, cancelledSale, forgetPersistedSessions, pollingStopped, qrSaleElement, recordEvents, shadow, terminalEvents, text, useBackend, waitForStatus } from './helpers.js';

describe('<paynet-checkout> payment after Cancel', () => {
  afterEach(forgetPersistedSessions);

  it('reports the phone paying after Cancel as a late success in the same tab', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const sessionId = await cancelledSale(el);
    expect(text(el)).to.contain('Payment cancelled');
    expect($(el, '.result [part="note"]').textContent).to.equal("If the phone still takes the card, we'll show it here.");
    await expect(el).to.be.accessible();

    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    const transaction = backend.approve(sessionId);
    const { detail } = await success;
    expect(detail.late).to.equal(true);
    expect(detail.sessionId).to.equal(sessionId);
    expect(detail.transaction.authorizationCode).to.equal(transaction.authorizationCode);

    await waitForStatus(el, 'succeeded');
    expect(text(el)).to.contain('Payment successful');
    expect(text(el)).to.contain(transaction.referenceNo);
    expect(shadow(el).querySelector('[part="note"]')).to.equal(null);
    await expect(el).to.be.accessible();
    expect(terminalEvents(events).map((e) => [e.type, e.type === 'paynet-success' ? (e.detail as { late: boolean }).late : undefined])).to.deep.equal([
      ['paynet-cancel', undefined],
      ['paynet-success', true],
    ]);
    // The watch is over: no status request after the success.
    await pollingStopped(() => backend.requestsTo('status').length);
  });

  it('says the note in Turkish', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend, 'tr');
    await cancelledSale(el);
    expect($(el, '.result [part="note"]').textContent).to.equal('Telefon yine de kartı alırsa burada göstereceğiz.');
  });
});
