import { expect, oneEvent } from '@open-wc/testing';
import type { PaynetCancelEvent } from '../../src/events/paynet-cancel-event.js';
import type { PaynetErrorEvent } from '../../src/events/paynet-error-event.js';
import type { PaynetExpiredEvent } from '../../src/events/paynet-expired-event.js';
import type { PaynetFailureEvent } from '../../src/events/paynet-failure-event.js';
import type { PaynetStatusEvent } from '../../src/events/paynet-status-event.js';
import type { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import { afterEach, describe, it } from '../flow/mocha.js';
import {
  $,
  forgetPersistedSessions,
  recordEvents,
  shadow,
  startSale,
  terminalEvents,
  text,
  useBackend,
  waitFor,
  waitForStatus,
  qrSaleElement,
} from './helpers.js';

describe('<paynet-checkout> outcomes', () => {
  afterEach(forgetPersistedSessions);

  it('reports a decline with the reason as text and offers to try again', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);

    const failure = oneEvent(el, 'paynet-failure') as Promise<PaynetFailureEvent>;
    backend.decline(sessionId, 'Insufficient funds', 'insufficient_funds');
    const { detail } = await failure;
    expect(detail).to.deep.equal({ reason: { code: 'insufficient_funds', message: 'Insufficient funds' }, sessionId });

    await waitForStatus(el, 'failed');
    expect(text(el)).to.contain('Payment not completed');
    expect($(el, '[part="message"]').textContent).to.equal('Insufficient funds');
    expect(shadow(el).activeElement?.textContent).to.equal('Payment not completed');
    await expect(el).to.be.accessible();

    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    expect($<HTMLInputElement>(el, '#amount').value).to.equal('149,90');
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-failure']);
  });

  it('shows a backend message containing markup as plain text, never as HTML', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const { sessionId } = await startSale(el);
    const hostile = '<img src=x onerror="window.__paynetXss = 1"><b>bold</b>';
    backend.decline(sessionId, hostile);
    await waitForStatus(el, 'failed');
    expect($(el, '[part="message"]').textContent).to.equal(hostile);
    expect(shadow(el).querySelector('img, b')).to.equal(null);
    expect(Reflect.get(window, '__paynetXss')).to.equal(undefined);
  });

  it('reports expiry when the session runs out unpaid, and starts again on request', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);
    const expired = oneEvent(el, 'paynet-expired') as Promise<PaynetExpiredEvent>;
    backend.expire(sessionId);
    expect((await expired).detail).to.deep.equal({ sessionId });
    await waitForStatus(el, 'expired');
    expect(text(el)).to.contain('Time is up');
    await expect(el).to.be.accessible();
    $(el, '[part="retry-button"]').click();
    await waitForStatus(el, 'idle');
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-expired']);
  });

  it('cancels through the backend when the shopper presses Cancel', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);
    const cancelled = oneEvent(el, 'paynet-cancel') as Promise<PaynetCancelEvent>;
    $(el, '[part="cancel-button"]').click();
    expect((await cancelled).detail).to.deep.equal({ sessionId });
    await waitForStatus(el, 'cancelled');
    expect(backend.requestsTo('cancel')).to.have.length(1);
    expect(text(el)).to.contain('Payment cancelled');
    await expect(el).to.be.accessible();
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-cancel']);
  });

  it('reports success, and no cancel, when the phone paid just before Cancel', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    const { sessionId } = await startSale(el);
    backend.payOnCancel(sessionId);
    const success = oneEvent(el, 'paynet-success') as Promise<PaynetSuccessEvent>;
    $(el, '[part="cancel-button"]').click();
    const { detail } = await success;
    expect(detail.transaction.referenceNo).to.equal(backend.session(sessionId).referenceNo);
    await waitForStatus(el, 'succeeded');
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
  });

  it('keeps polling through server errors and reports the success that follows', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    backend.fail('status', { kind: 'status', status: 500, body: { error: { code: 'internal', message: 'boom' } } }, 2);
    const { sessionId } = await startSale(el);
    backend.approve(sessionId);
    await waitForStatus(el, 'succeeded');
    expect(backend.requestsTo('status').length).to.be.at.least(3);
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
  });

  it('shows a quiet reconnecting note while the network is down, then the success', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    backend.fail('status', { kind: 'network' }, 1_000);
    const { sessionId } = await startSale(el);
    await waitFor(() => el.state.status === 'awaiting' && el.state.reconnecting, 'never reconnecting');
    await el.updateComplete;
    expect($(el, '[part="note"]').textContent).to.contain('reconnecting');
    expect($(el, '[role="status"]').textContent).to.contain('reconnecting');

    backend.clearFaults('status');
    backend.approve(sessionId);
    await waitForStatus(el, 'succeeded');
    expect(shadow(el).querySelector('[part="note"]')).to.equal(null);
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-success']);
  });

  it('reports an unreadable answer as a retryable error', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const events = recordEvents(el);
    backend.fail('create', { kind: 'malformed' });
    const error = oneEvent(el, 'paynet-error') as Promise<PaynetErrorEvent>;
    const input = $<HTMLInputElement>(el, '#amount');
    input.value = '10';
    input.dispatchEvent(new InputEvent('input'));
    $(el, '[part="pay-button"]').click();
    const { detail } = await error;
    expect(detail.code).to.equal('malformed_response');
    expect(detail.retryable).to.equal(true);
    expect(detail.message).to.equal('The shop sent an answer we could not read. Please try again.');
    await waitForStatus(el, 'error');
    expect(text(el)).to.contain('Try again');
    await expect(el).to.be.accessible();
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-error']);
  });

  it('resolves pay() with the final result', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const input = $<HTMLInputElement>(el, '#amount');
    input.value = '25';
    input.dispatchEvent(new InputEvent('input'));
    const session = oneEvent(el, 'paynet-session');
    const result = el.pay();
    const { detail } = await session;
    backend.approve(detail.sessionId);
    const final = await result;
    expect(final.status).to.equal('succeeded');
    if (final.status === 'succeeded') expect(final.transaction.amount).to.equal('25.00');
  });

  it('fires status events for each transition, never because a property was set', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const statuses: string[] = [];
    el.addEventListener('paynet-status', (event: PaynetStatusEvent) => statuses.push(`${event.detail.previous}>${event.detail.status}`));
    el.lang = 'tr';
    el.instalments = [1, 2];
    el.pollInterval = 20;
    await el.updateComplete;
    expect(statuses).to.deep.equal([]);
    const { sessionId } = await startSale(el);
    backend.approve(sessionId);
    await waitForStatus(el, 'succeeded');
    expect(statuses[0]).to.equal('idle>creating');
    expect(statuses.at(-1)).to.match(/>succeeded$/u);
  });

  it('shows the busy Pay button while creating, and a second press joins the same payment', async () => {
    const backend = await useBackend();
    const el = await qrSaleElement(backend);
    const release = backend.hold('create');
    const input = $<HTMLInputElement>(el, '#amount');
    input.value = '30';
    input.dispatchEvent(new InputEvent('input'));
    const first = el.pay();
    await waitForStatus(el, 'creating');
    expect($(el, '[part="pay-button"]').getAttribute('aria-disabled')).to.equal('true');
    expect(text(el)).to.contain('Preparing');
    await expect(el).to.be.accessible();
    const second = el.pay();
    release();
    await waitForStatus(el, 'awaiting');
    const sessionId = el.state.status === 'awaiting' ? el.state.session.sessionId : '';
    backend.approve(sessionId);
    const [a, b] = await Promise.all([first, second]);
    expect(a).to.equal(b);
    expect(backend.requestsTo('create')).to.have.length(1);
  });
});
