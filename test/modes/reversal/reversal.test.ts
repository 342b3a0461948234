import { expect, html, oneEvent } from '@open-wc/testing';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { $, checkout, FAST_POLL, forgetPersistedSessions, shadow, text, useBackend, waitForStatus } from '../../element/helpers.js';

describe('<paynet-checkout> reversal', () => {
  afterEach(forgetPersistedSessions);

  it('cancels or refunds a paid sale through the same flow in mode="reversal"', async () => {
    const backend = await useBackend();
    const saleSessionId = backend.seedPaidSale('149.90');
    const el = await checkout(html`<paynet-checkout
      mode="reversal" reversal-url=${backend.reversalUrl} sale-session=${saleSessionId} handoff="qr" lang="en"
      poll-interval=${FAST_POLL.interval}
    ></paynet-checkout>`);
    expect($(el, '[part="pay-button"]').textContent?.trim()).to.equal('Cancel/refund');
    expect(shadow(el).querySelector('#amount')).to.equal(null);
    await expect(el).to.be.accessible();
    const session = oneEvent(el, 'paynet-session');
    $(el, '[part="pay-button"]').click();
    const { detail } = await session;
    expect(backend.requestsTo('reversal')[0]?.body).to.deep.equal({ saleSessionId });
    await waitForStatus(el, 'awaiting');
    expect(shadow(el).querySelector('[part="qr"]')).to.not.equal(null);
    backend.approve(detail.sessionId);
    await waitForStatus(el, 'succeeded');
    expect(text(el)).to.contain('Payment cancelled/refunded');
  });
});
