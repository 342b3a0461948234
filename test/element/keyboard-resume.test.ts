import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import { afterEach, describe, it } from '../flow/mocha.js';
import { $, checkout, FAST_POLL, forgetPersistedSessions, shadow, startSale, useBackend, waitForStatus } from './helpers.js';

describe('<paynet-checkout> keyboard and reloads', () => {
  afterEach(forgetPersistedSessions);

  it('can be filled in and paid with the keyboard alone, and moves focus to the new heading', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" instalments="1,3" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    $<HTMLInputElement>(el, '#amount').focus();
    await sendKeys({ type: '149,90' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowRight' });
    const session = oneEvent(el, 'paynet-session');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await session;
    expect(backend.requestsTo('create')[0]?.body).to.deep.include({ amount: '149.90', instalment: 3 });
    await waitForStatus(el, 'awaiting');
    expect(shadow(el).activeElement?.textContent).to.equal('Scan with your phone');
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('copy-button');
  });

  it('picks a pending payment up again after a reload and reports its success', async () => {
    const backend = await useBackend();
    const first = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    const { sessionId } = await startSale(first);
    first.remove();
    // The phone pays while the page is away.
    backend.approve(sessionId);

    const successes: PaynetSuccessEvent[] = [];
    const record = (event: PaynetSuccessEvent): void => {
      successes.push(event);
    };
    // On the document, from before the new element exists: the resumed result may come at once.
    document.addEventListener('paynet-success', record);
    try {
      const second = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
      await waitForStatus(second, 'succeeded');
      expect(successes).to.have.length(1);
      expect(successes[0]?.detail.sessionId).to.equal(sessionId);
      expect(backend.requestsTo('create')).to.have.length(1);
    } finally {
      document.removeEventListener('paynet-success', record);
    }
  });

  it('does not resume when persistence is turned off', async () => {
    const backend = await useBackend();
    const first = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} persist-key="none" lang="en" handoff="qr" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    await startSale(first);
    first.remove();
    const second = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} persist-key="none" lang="en" handoff="qr"></paynet-checkout>`);
    await second.updateComplete;
    expect(second.state.status).to.equal('idle');
  });
});
