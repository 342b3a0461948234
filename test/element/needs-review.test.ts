import { expect, html, oneEvent } from '@open-wc/testing';
import type { PaynetReviewEvent } from '../../src/events/paynet-review-event.js';
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

const REASON = 'Paynet did not answer in time; the shop will check this payment.';
/** The sessionStorage key the element keeps a pending sale under (its default persist key). */
const PENDING_KEY = 'paynet-checkout:sale:/api/paynet/sessions';
const PAYNET_UNAVAILABLE = { error: { code: 'paynet_unavailable', message: 'Paynet is not reachable right now. Try again.' } };

function plain(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/gu, ' ').trim();
}

function buttons(el: PaynetCheckout): string[] {
  return [...shadow(el).querySelectorAll('button, a[href], input[type="submit"]')].map((node) => plain(node.textContent));
}

function amount(lang: 'en' | 'tr', value: number): string {
  return plain(new Intl.NumberFormat(lang, { style: 'currency', currency: 'TRY' }).format(value));
}

async function cardElement(paymentUrl: string, sessionUrl: string): Promise<PaynetCheckout> {
  return checkout(html`<paynet-checkout session-url=${sessionUrl} methods="card" payment-url=${paymentUrl} lang="en"></paynet-checkout>`);
}

async function fillCard(el: PaynetCheckout, number = '4242 4242 4242 4242'): Promise<void> {
  await typeInto($<HTMLInputElement>(el, '#amount'), '99,90');
  await typeInto($<HTMLInputElement>(el, '#cc-name'), 'Ayşe Yılmaz');
  await typeInto($<HTMLInputElement>(el, '#cc-number'), number);
  await typeInto($<HTMLInputElement>(el, '#cc-exp'), '12/30');
  await typeInto($<HTMLInputElement>(el, '#cc-csc'), '737');
  await el.updateComplete;
}

function cardInputsEmpty(el: PaynetCheckout): boolean {
  const inputs = [...shadow(el).querySelectorAll<HTMLInputElement>('[part="card-input"]')];
  return inputs.length > 0 && inputs.every((input) => input.value === '');
}

describe('<paynet-checkout> a payment the shop will check (needs_review)', () => {
  afterEach(forgetPersistedSessions);

  it('says calmly that the payment is not confirmed yet, offers nothing to pay again, and fires one paynet-review', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);
    expect(sessionStorage.getItem(PENDING_KEY)).to.not.equal(null);

    const review = oneEvent(el, 'paynet-review') as Promise<PaynetReviewEvent>;
    backend.review(sessionId, REASON);
    const { detail } = await review;
    expect(detail).to.deep.equal({ reason: { code: 'needs_review', message: REASON }, sessionId, late: false });

    await waitForStatus(el, 'needs_review');
    expect(plain($(el, '[part="heading"]').textContent)).to.equal('We could not confirm this payment yet');
    expect(plain($(el, '.result [part="message"]').textContent)).to.equal('Please do not pay again. The shop will check this payment and get back to you.');
    expect(plain($(el, '.result [part="note"]').textContent)).to.equal(REASON);
    expect(text(el)).to.contain(amount('en', 149.9));
    expect(text(el)).to.contain(backend.session(sessionId).referenceNo);
    expect(text(el)).not.to.contain('not completed');
    expect(text(el)).not.to.contain('failed');
    // No "Try again", no "Pay", no "Start again": a second press could take the money twice.
    expect(buttons(el)).to.deep.equal([]);
    expect(shadow(el).activeElement?.getAttribute('part')).to.equal('heading');
    expect(plain($(el, '.visually-hidden[role="status"]').textContent)).to.equal('The payment could not be confirmed yet. Please do not pay again.');
    await expect(el).to.be.accessible();

    // Final: the pending session is forgotten, and nothing more is asked about it.
    expect(sessionStorage.getItem(PENDING_KEY)).to.equal(null);
    await pollingStopped(() => backend.requestsTo('status').length);
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-review']);
    expect(events.filter((e) => e.type === 'paynet-status').at(-1)?.detail).to.deep.equal({ status: 'needs_review', previous: 'awaiting', sessionId });
  });

  it('says it in Turkish', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend, 'tr');
    const { sessionId } = await startSale(el);
    backend.review(sessionId);
    await waitForStatus(el, 'needs_review');
    expect(plain($(el, '[part="heading"]').textContent)).to.equal('Bu ödemeyi henüz doğrulayamadık');
    expect(plain($(el, '.result [part="message"]').textContent)).to.equal('Lütfen tekrar ödeme yapmayın. Mağaza bu ödemeyi kontrol edip size dönüş yapacak.');
    expect(plain($(el, '.visually-hidden[role="status"]').textContent)).to.equal('Ödeme henüz doğrulanamadı. Lütfen tekrar ödeme yapmayın.');
    expect(buttons(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows the backend’s reason as text, never as HTML', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const { sessionId } = await startSale(el);
    const hostile = '<img src=x onerror="window.__paynetReviewXss = 1"><b>bold</b>';
    backend.review(sessionId, hostile);
    await waitForStatus(el, 'needs_review');
    expect($(el, '.result [part="note"]').textContent).to.equal(hostile);
    expect(shadow(el).querySelector('img, b')).to.equal(null);
    expect(Reflect.get(window, '__paynetReviewXss')).to.equal(undefined);
  });

  it('resolves pay() with needs_review, never rejecting', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    await typeInto($<HTMLInputElement>(el, '#amount'), '25');
    const session = oneEvent(el, 'paynet-session');
    const result = el.pay();
    const { detail } = await session;
    backend.review(detail.sessionId, REASON);
    const final = await result;
    expect(final.status).to.equal('needs_review');
    if (final.status === 'needs_review') {
      expect(final.reason).to.deep.equal({ code: 'needs_review', message: REASON });
      expect(final.session?.sessionId).to.equal(detail.sessionId);
    }
  });

  it('takes needs_review as the answer to Cancel: no cancel reported, nothing shown as cancelled', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);
    backend.reviewOnCancel(sessionId);
    const review = oneEvent(el, 'paynet-review') as Promise<PaynetReviewEvent>;
    $(el, '[part="cancel-button"]').click();
    expect((await review).detail).to.deep.include({ sessionId, late: false });
    await waitForStatus(el, 'needs_review');
    expect(text(el)).not.to.contain('cancelled');
    await pollingStopped(() => backend.requestsTo('status').length);
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-review']);
  });

  it('says a cancel or refund (mode="reversal") is not confirmed yet in its own words', async () => {
    const backend = await useBackend();
    const saleSessionId = backend.seedPaidSale('149.90');
    const el = await checkout(html`<paynet-checkout
      mode="reversal" reversal-url=${backend.reversalUrl} sale-session=${saleSessionId} handoff="qr" lang="en"
      poll-interval=${FAST_POLL.interval}
    ></paynet-checkout>`);
    const session = oneEvent(el, 'paynet-session');
    $(el, '[part="pay-button"]').click();
    const { detail } = await session;
    backend.review(detail.sessionId, REASON);
    await waitForStatus(el, 'needs_review');
    expect(plain($(el, '[part="heading"]').textContent)).to.equal('We could not confirm this cancellation or refund yet');
    expect(plain($(el, '.result [part="message"]').textContent)).to.equal('Please do not start it again. The shop will check it and get back to you.');
    expect(buttons(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  describe('heard by the watch after a cancel', () => {
    it('replaces "cancelled" with the review (late), and the watch ends without a success', async () => {
      const backend = await useBackend();
      const el = await qrSaleElement(backend);
      const events = recordEvents(el);
      const sessionId = await cancelledSale(el);
      expect(text(el)).to.contain('Payment cancelled');

      const review = oneEvent(el, 'paynet-review') as Promise<PaynetReviewEvent>;
      backend.review(sessionId, REASON);
      expect((await review).detail).to.deep.equal({ reason: { code: 'needs_review', message: REASON }, sessionId, late: true });
      await waitForStatus(el, 'needs_review');
      expect(plain($(el, '[part="heading"]').textContent)).to.equal('We could not confirm this payment yet');
      expect(text(el)).not.to.contain('Payment cancelled');
      expect(text(el)).not.to.contain("we'll show it here");
      expect(buttons(el)).to.deep.equal([]);
      await expect(el).to.be.accessible();

      await pollingStopped(() => backend.requestsTo('status').length);
      expect(terminalEvents(events).map((e) => [e.type, (e.detail as { late?: boolean }).late])).to.deep.equal([
        ['paynet-cancel', undefined],
        ['paynet-review', true],
      ]);
    });

    it('in the background: a quiet line beside the new payment, which goes on untouched', async () => {
      const backend = await useBackend();
      const el = await qrSaleElement(backend);
      const events = recordEvents(el);
      const old = await cancelledSale(el);
      $(el, '[part="retry-button"]').click();
      await waitForStatus(el, 'idle');
      const { sessionId: fresh } = await startSale(el, '20,00');
      const statusEventsBefore = events.filter((e) => e.type === 'paynet-status').length;

      const review = oneEvent(el, 'paynet-review') as Promise<PaynetReviewEvent>;
      backend.review(old, REASON);
      expect((await review).detail).to.deep.equal({ reason: { code: 'needs_review', message: REASON }, sessionId: old, late: true });
      await el.updateComplete;

      const line = shadow(el).querySelector('[part="late-notice"]');
      expect(line?.getAttribute('role')).to.equal('status');
      expect(plain(line?.textContent)).to.equal(
        `An earlier payment of ${amount('en', 149.9)} could not be confirmed yet. The shop will check it and get back to you.`,
      );
      // The new session is still awaited: no error view, no status change, the QR still there.
      expect(el.state.status === 'awaiting' && el.state.session.sessionId).to.equal(fresh);
      expect(events.filter((e) => e.type === 'paynet-status')).to.have.length(statusEventsBefore);
      expect(shadow(el).querySelector('[part="qr"]')).not.to.equal(null);
      await expect(el).to.be.accessible();

      const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
      backend.approve(fresh);
      expect((await success).detail).to.deep.include({ sessionId: fresh, late: false });
      expect(terminalEvents(events).map((e) => [e.type, (e.detail as { sessionId?: string }).sessionId])).to.deep.equal([
        ['paynet-cancel', old],
        ['paynet-review', old],
        ['paynet-success', fresh],
      ]);
      // Nothing asks about the old session any more.
      const oldPolls = (): number => backend.requestsTo('status').filter((request) => request.url.endsWith(`/${old}`)).length;
      await pollingStopped(oldPolls, 'status requests for the old session');
    });

    it('in the background, in Turkish', async () => {
      const backend = await useBackend();
      const el = await qrSaleElement(backend, 'tr');
      const old = await cancelledSale(el);
      $(el, '[part="retry-button"]').click();
      await waitForStatus(el, 'idle');
      const review = oneEvent(el, 'paynet-review');
      backend.review(old);
      await review;
      await el.updateComplete;
      expect(plain(shadow(el).querySelector('[part="late-notice"]')?.textContent)).to.equal(
        `Önceki ${amount('tr', 149.9)} tutarındaki ödeme henüz doğrulanamadı. Mağaza kontrol edip size dönüş yapacak.`,
      );
      expect(el.state.status).to.equal('idle');
    });
  });

  describe('a cancel the backend could not check with Paynet (503 paynet_unavailable + Retry-After)', () => {
    it('is never shown as cancelled: the session is polled on after Retry-After, and the phone’s payment is reported', async () => {
      const backend = await useBackend();
      const el = await qrSaleElement(backend);
      const events = recordEvents(el);
      const { sessionId } = await startSale(el);
      backend.fail('cancel', { kind: 'status', status: 503, body: PAYNET_UNAVAILABLE, headers: { 'Retry-After': '1' } });
      $(el, '[part="cancel-button"]').click();
      await waitFor(() => backend.requestsTo('cancel').length === 1 && el.state.status === 'awaiting' && !el.state.cancelling, 'the refused cancel never came back');
      const cancelAt = backend.requestsTo('cancel')[0]?.at ?? Number.NaN;
      const after = (): number => backend.requestsTo('status').filter((request) => request.at > cancelAt).length;
      await waitFor(() => after() > 0, 'the session was not polled after the refused cancel');
      const next = backend.requestsTo('status').find((request) => request.at > cancelAt);
      // Retry-After: 1 against a 15 ms poll interval.
      expect((next?.at ?? 0) - cancelAt).to.be.at.least(900);
      expect(el.state.status).to.equal('awaiting');
      expect(shadow(el).querySelector('[part="cancel-button"]')).not.to.equal(null);

      const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
      backend.approve(sessionId);
      expect((await success).detail).to.deep.include({ sessionId, late: false });
      expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
      expect(backend.requestsTo('cancel')).to.have.length(1);
    });

    it('can be pressed again, and is reported once the backend agrees', async () => {
      const backend = await useBackend();
      const el = await qrSaleElement(backend);
      const events = recordEvents(el);
      const { sessionId } = await startSale(el);
      backend.fail('cancel', { kind: 'status', status: 503, body: PAYNET_UNAVAILABLE, headers: { 'Retry-After': '1' } });
      $(el, '[part="cancel-button"]').click();
      await waitFor(() => backend.requestsTo('cancel').length === 1 && el.state.status === 'awaiting' && !el.state.cancelling, 'the refused cancel never came back');
      await el.updateComplete;
      expect(el.state.status).to.equal('awaiting');
      const cancelled = oneEvent(el, 'paynet-cancel');
      $(el, '[part="cancel-button"]').click();
      expect((await cancelled).detail).to.deep.equal({ sessionId });
      expect(backend.requestsTo('cancel')).to.have.length(2);
      expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-cancel']);
    });
  });

  describe('card payments', () => {
    it('shows a card payment answered needs_review for the shop to check, with the card wiped and nothing to send it again', async () => {
      const backend = await useBackend();
      backend.fail('payment', {
        kind: 'status',
        status: 200,
        body: { sessionId: 'card_1', kind: 'sale', status: 'needs_review', expiresAt: new Date().toISOString(), reason: { code: 'needs_review', message: REASON } },
      });
      const el = await cardElement(backend.paymentUrl, backend.sessionUrl);
      const events = recordEvents(el);
      await fillCard(el);
      const result = await el.pay();
      expect(result).to.deep.equal({ status: 'needs_review', reason: { code: 'needs_review', message: REASON } });
      await waitForStatus(el, 'needs_review');
      expect(plain($(el, '[part="heading"]').textContent)).to.equal('We could not confirm this payment yet');
      expect(buttons(el)).to.deep.equal([]);
      expect(shadow(el).innerHTML).not.to.contain('4242');
      await expect(el).to.be.accessible();
      expect(terminalEvents(events).map((e) => [e.type, e.detail])).to.deep.equal([
        ['paynet-review', { reason: { code: 'needs_review', message: REASON }, sessionId: 'card_1', late: false }],
      ]);
      expect(backend.requestsTo('payment')).to.have.length(1);
      el.reset();
      await waitForStatus(el, 'idle');
      expect(cardInputsEmpty(el)).to.equal(true);
    });

    it('retries a card payment Paynet’s answer was lost for (503 + Retry-After) with the same key and card, once', async () => {
      const backend = await useBackend();
      backend.fail('payment', { kind: 'status', status: 503, body: PAYNET_UNAVAILABLE, headers: { 'Retry-After': '2' } });
      const el = await cardElement(backend.paymentUrl, backend.sessionUrl);
      const events = recordEvents(el);
      await fillCard(el);
      const result = await el.pay();
      expect(result.status).to.equal('succeeded');
      const payments = backend.requestsTo('payment');
      expect(payments).to.have.length(2);
      expect(payments[1]?.idempotencyKey).to.equal(payments[0]?.idempotencyKey);
      expect(payments[0]?.idempotencyKey).to.match(/^[0-9a-f-]{36}$/u);
      expect(payments[1]?.body).to.deep.equal(payments[0]?.body);
      expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
      await el.updateComplete;
      expect(JSON.stringify(el.state) + shadow(el).innerHTML).not.to.contain('4242424242424242');
    });

    it('gives up after its retries with an error, every try under the same key, and keeps no card afterwards', async () => {
      const backend = await useBackend();
      backend.fail('payment', { kind: 'status', status: 503, body: PAYNET_UNAVAILABLE, headers: { 'Retry-After': '2' } }, 3);
      const el = await cardElement(backend.paymentUrl, backend.sessionUrl);
      await fillCard(el);
      const result = await el.pay();
      expect(result.status === 'error' && result.error).to.deep.include({ code: 'paynet_unavailable', retryable: true });
      const keys = new Set(backend.requestsTo('payment').map((request) => request.idempotencyKey));
      expect(backend.requestsTo('payment')).to.have.length(3);
      expect(keys.size).to.equal(1);
      await el.updateComplete;
      $(el, '[part="retry-button"]').click();
      await waitForStatus(el, 'idle');
      expect(cardInputsEmpty(el)).to.equal(true);
    });
  });
});
