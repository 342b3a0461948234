import { expect, html, oneEvent } from '@open-wc/testing';
import type { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import type { PaynetCheckout } from '../../src/paynet-checkout.component.js';
import { afterEach, describe, it } from '../flow/mocha.js';
import {
  $,
  cancelledSale,
  checkout,
  FAST_POLL,
  forgetPersistedSessions,
  pollingStopped,
  qrSaleElement,
  quiet,
  recordEvents,
  shadow,
  startSale,
  terminalEvents,
  text,
  typeInto,
  useBackend,
  waitFor,
  waitForStatus,
} from './helpers.js';

const CARD = '4355 08** **** 4358';

function notice(el: PaynetCheckout): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>('[part="late-notice"]');
}

function plain(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/gu, ' ').trim();
}

describe('<paynet-checkout> an earlier, cancelled payment completed after Start again', () => {
  afterEach(forgetPersistedSessions);

  it('reports it (late, old session id) beside the new payment, which goes on untouched', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const old = await cancelledSale(el);
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    const { sessionId: fresh } = await startSale(el, '20,00');
    expect(fresh).not.to.equal(old);
    expect(notice(el)).to.equal(null);
    const statusEventsBefore = events.filter((e) => e.type === 'paynet-status').length;

    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    backend.approve(old, CARD);
    const { detail } = await success;
    expect(detail).to.deep.include({ late: true, sessionId: old });
    expect(detail.transaction.cardMasked).to.equal(CARD);
    await el.updateComplete;

    const shown = notice(el);
    expect(shown?.getAttribute('role')).to.equal('status');
    expect(plain(shown?.textContent)).to.equal(`An earlier payment of ${plain(new Intl.NumberFormat('en', { style: 'currency', currency: 'TRY' }).format(149.9))} was completed on the phone (card ${CARD}).`);
    // The new session is still awaited: same view, no status change, no focus moved.
    expect(el.state).to.deep.include({ status: 'awaiting' });
    expect(el.state.status === 'awaiting' && el.state.session.sessionId).to.equal(fresh);
    expect(events.filter((e) => e.type === 'paynet-status')).to.have.length(statusEventsBefore);
    expect(shadow(el).querySelector('[part="qr"]')).not.to.equal(null);
    await expect(el).to.be.accessible();

    backend.approve(fresh);
    await waitForStatus(el, 'succeeded');
    expect(terminalEvents(events).map((e) => [e.type, (e.detail as { sessionId?: string }).sessionId, e.type === 'paynet-success' ? (e.detail as { late: boolean }).late : undefined])).to.deep.equal([
      ['paynet-cancel', old, undefined],
      ['paynet-success', old, true],
      ['paynet-success', fresh, false],
    ]);
    expect(notice(el)).not.to.equal(null);
    await expect(el).to.be.accessible();
    // Both watches are over: nothing asks any more.
    await pollingStopped(() => backend.requestsTo('status').length);
  });

  it('says it in Turkish on the form, and leaves what the shopper typed alone', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend, 'tr');
    const old = await cancelledSale(el);
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    const input = $<HTMLInputElement>(el, '#amount');
    input.value = '75,00';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    const success = oneEvent(el, 'paynet-success');
    backend.approve(old, CARD);
    await success;
    await el.updateComplete;
    expect(plain(notice(el)?.textContent)).to.equal(`Önceki ${plain(new Intl.NumberFormat('tr', { style: 'currency', currency: 'TRY' }).format(149.9))} tutarındaki ödeme telefonda tamamlandı (kart ${CARD}).`);
    expect(el.state.status).to.equal('idle');
    expect($<HTMLInputElement>(el, '#amount').value).to.equal('75,00');
    await expect(el).to.be.accessible();
  });

  it('keeps a card number being typed for the new payment when the earlier one turns out paid', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout
      session-url=${backend.sessionUrl} methods="paypos card" payment-url=${backend.paymentUrl} handoff="qr" lang="en"
      poll-interval=${FAST_POLL.interval} poll-slow-interval=${FAST_POLL.slow}
    ></paynet-checkout>`);
    const old = await cancelledSale(el);
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    shadow(el).querySelectorAll<HTMLInputElement>('[part="methods"] input')[1]!.click();
    await el.updateComplete;
    await typeInto($<HTMLInputElement>(el, '#cc-number'), '4355084355084358');
    const success = oneEvent(el, 'paynet-success');
    backend.approve(old, CARD);
    await success;
    await el.updateComplete;
    expect(notice(el)).not.to.equal(null);
    // A result of this flow clears the card form; another session's news must not.
    expect($<HTMLInputElement>(el, '#cc-number').value.replace(/\s/g, '')).to.equal('4355084355084358');
  });

  it('names an earlier cancel/refund, not a payment, in mode="reversal"', async () => {
    const backend = await useBackend();
    const saleSessionId = backend.seedPaidSale('149.90');
    const el = await checkout(html`<paynet-checkout
      mode="reversal" reversal-url=${backend.reversalUrl} sale-session=${saleSessionId} handoff="qr" lang="en"
      poll-interval=${FAST_POLL.interval} poll-slow-interval=${FAST_POLL.slow}
    ></paynet-checkout>`);
    const session = oneEvent(el, 'paynet-session');
    $(el, '[part="pay-button"]').click();
    const { detail } = await session;
    await waitForStatus(el, 'awaiting');
    $(el, '[part="cancel-button"]').click();
    await waitForStatus(el, 'cancelled');
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    const success = oneEvent(el, 'paynet-success');
    backend.approve(detail.sessionId);
    await success;
    await el.updateComplete;
    expect(plain(notice(el)?.textContent)).to.equal(`An earlier cancellation or refund of ${plain(new Intl.NumberFormat('en', { style: 'currency', currency: 'TRY' }).format(149.9))} was completed on the phone.`);
  });

  it('shows what the backend sent as text, never as markup', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const old = await cancelledSale(el);
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    const success = oneEvent(el, 'paynet-success');
    backend.approve(old, '<img src=x onerror="window.__pwned=1">');
    await success;
    await el.updateComplete;
    expect(notice(el)?.querySelector('img')).to.equal(null);
    expect(notice(el)?.textContent).to.contain('<img src=x');
  });

  it('goes on watching a cancel across a reload, and reports the payment on the fresh page', async () => {
    const backend = await useBackend();
    const first = await qrSaleElement(backend);
    const old = await cancelledSale(first);
    first.remove();
    backend.approve(old, CARD);
    const successes: PaynetSuccessEvent[] = [];
    const record = (event: PaynetSuccessEvent): void => void successes.push(event);
    // On the document, before the new element exists: the resumed watch may answer at once.
    document.addEventListener('paynet-success', record);
    try {
      const second = await qrSaleElement(backend);
      await waitForStatus(second, 'idle');
      await waitFor(() => successes.length > 0, 'no success reported on the fresh page');
      expect(successes).to.have.length(1);
      expect(successes[0]?.detail).to.deep.include({ late: true, sessionId: old });
      await second.updateComplete;
      expect(text(second)).to.contain(CARD);
      expect(notice(second)).not.to.equal(null);
      // Reported once: no second success once the watch has settled.
      expect(await quiet(() => successes.length, 'success events')).to.equal(1);
      expect(sessionStorage.getItem(`paynet-checkout:sale:${backend.sessionUrl}:watched`)).to.equal(null);
    } finally {
      document.removeEventListener('paynet-success', record);
    }
  });
});
