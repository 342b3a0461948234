import { expect, html, oneEvent } from '@open-wc/testing';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { $, checkout, FAST_POLL, forgetPersistedSessions, shadow, text, typeInto, useBackend, waitFor, waitForStatus } from '../../element/helpers.js';

describe('<paynet-checkout> terminal', () => {
  afterEach(forgetPersistedSessions);

  it('sends the sale to the chosen terminal and waits for it there (handoff="device")', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} handoff="device" devices-url=${backend.devicesUrl} lang="en" poll-interval=${FAST_POLL.interval}
    ></paynet-checkout>`);
    await waitFor(() => shadow(el).querySelector('#device') !== null, 'no device list');
    const options = [...shadow(el).querySelectorAll('#device option')].map((option) => option.textContent?.trim());
    expect(options).to.deep.equal(['—', 'Kasa 1 (P00134)', 'Kasa 2 (P00135)']);
    await expect(el).to.be.accessible();

    await typeInto($<HTMLInputElement>(el, '#amount'), '75');
    const unchosen = await el.pay();
    expect(unchosen.status === 'error' && unchosen.error.code).to.equal('invalid_input');
    await el.updateComplete;
    expect(text(el)).to.contain('Choose a terminal.');
    expect(backend.requestsTo('create')).to.have.length(0);

    const select = $<HTMLSelectElement>(el, '#device');
    select.value = 'P00134';
    select.dispatchEvent(new Event('change'));
    const session = oneEvent(el, 'paynet-session');
    const result = el.pay();
    const { detail } = await session;
    expect(detail.handoff).to.equal('device');
    expect(backend.requestsTo('create')[0]?.body).to.deep.include({ handoff: 'device', deviceId: 'P00134', amount: '75.00' });
    await waitForStatus(el, 'awaiting');
    expect(text(el)).to.contain('Sent to terminal P00134 (Kasa 1) — complete the payment there.');
    expect(shadow(el).querySelector('[part="qr"]')).to.equal(null);
    await expect(el).to.be.accessible();
    backend.approve(detail.sessionId);
    expect((await result).status).to.equal('succeeded');
  });
});
