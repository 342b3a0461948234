import { expect, html, oneEvent } from '@open-wc/testing';
import type { PaynetSessionEvent } from '../../../src/events/paynet-session-event.js';
import type { PaynetSuccessEvent } from '../../../src/events/paynet-success-event.js';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { $, checkout, FAST_POLL, forgetPersistedSessions, recordEvents, terminalEvents, text, typeInto, useBackend, waitForStatus } from '../../element/helpers.js';
import { decodeSvgQr } from '../../element/qr-decode.js';

describe('<paynet-checkout> on a desktop (QR handoff)', () => {
  afterEach(forgetPersistedSessions);

  it('shows a QR code that decodes to the deeplink, a countdown, then reports success with the transaction', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl}
      handoff="qr"
      lang="en"
      instalments="1,3,6"
      poll-interval=${FAST_POLL.interval}
    ></paynet-checkout>`);
    const events = recordEvents(el);

    await typeInto($<HTMLInputElement>(el, '#amount'), '1.234,56');
    await el.updateComplete;
    expect(text(el)).to.contain('Pay TRY 1,234.56');
    $<HTMLInputElement>(el, 'input[name="instalment"][value="3"]').click();

    const sessionEvent = oneEvent(el, 'paynet-session') as Promise<PaynetSessionEvent>;
    $(el, '[part="pay-button"]').click();
    const { detail: session } = await sessionEvent;
    await waitForStatus(el, 'awaiting');

    const created = backend.requestsTo('create')[0];
    expect(created?.body).to.deep.equal({ amount: '1234.56', instalment: 3, currency: 'TRY', handoff: 'paypos' });
    expect(created?.idempotencyKey).to.match(/^[0-9a-f-]{36}$/u);

    const decoded = await decodeSvgQr($<SVGSVGElement>(el, '[part="qr"] svg'));
    expect(decoded).to.equal(backend.session(session.sessionId).deeplinkUrl);
    expect($(el, '[part="countdown"]').getAttribute('role')).to.equal('timer');
    expect($(el, '[part="countdown"]').textContent).to.match(/[45]:\d\d/u);
    await expect(el).to.be.accessible();

    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    const transaction = backend.approve(session.sessionId);
    const { detail } = await success;
    expect(detail.transaction).to.deep.equal(transaction);
    expect(detail.late).to.equal(false);
    expect(detail.sessionId).to.equal(session.sessionId);

    await waitForStatus(el, 'succeeded');
    expect(text(el)).to.contain('Payment successful');
    expect(text(el)).to.contain('4546 71** **** 1234');
    expect(text(el)).to.contain('A1B2C3');
    expect(text(el)).to.contain('3 instalments');
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
    await expect(el).to.be.accessible();
  });
});
