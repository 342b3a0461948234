import { expect } from '@open-wc/testing';
import type { SessionResponse, TransactionSummary } from '../../src/contract.js';
import { eventForNotice } from '../../src/events/event-for-notice.js';
import { PaynetErrorEvent } from '../../src/events/paynet-error-event.js';
import { PaynetReviewEvent } from '../../src/events/paynet-review-event.js';
import { PaynetSessionEvent } from '../../src/events/paynet-session-event.js';
import { PaynetSuccessEvent } from '../../src/events/paynet-success-event.js';
import { describe, it } from '../flow/mocha.js';

const session: SessionResponse = {
  sessionId: 'ses_1', kind: 'sale', handoff: 'paypos', referenceNo: 'REF-1', amount: '149.90', currency: 'TRY',
  instalment: 3, deeplinkUrl: 'paypos://pay?session=ps_1', expiresAt: '2026-11-24T10:05:00.000Z', statusUrl: '/s/ses_1',
};

const transaction: TransactionSummary = {
  xactId: 'x1', referenceNo: 'REF-1', amount: '149.90', currency: 'TRY', instalment: 3, cardMasked: '4546 71** **** 1234', authorizationCode: 'A1',
};

describe('paynet-* events', () => {
  it('turns each notice into one bubbling, composed event of its own type', () => {
    const notices = [
      { type: 'session', session, handoff: 'qr' },
      { type: 'status', status: 'awaiting', previous: 'creating', sessionId: 'ses_1' },
      { type: 'success', transaction, sessionId: 'ses_1', late: false },
      { type: 'failure', reason: { code: 'declined', message: 'Declined' }, sessionId: 'ses_1' },
      { type: 'expired', sessionId: 'ses_1' },
      { type: 'cancel', sessionId: 'ses_1' },
      { type: 'review', reason: { code: 'needs_review', message: 'The shop will check it' }, sessionId: 'ses_1', late: false },
      { type: 'error', error: { code: 'network', message: 'Offline', retryable: true } },
    ] as const;
    const events = notices.map((notice) => eventForNotice(notice));
    expect(events.map((event) => event?.type)).to.deep.equal([
      'paynet-session', 'paynet-status', 'paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review', 'paynet-error',
    ]);
    for (const event of events) {
      expect(event?.bubbles).to.equal(true);
      expect(event?.composed).to.equal(true);
    }
  });

  it('has no event for a launch instruction', () => {
    expect(eventForNotice({ type: 'launch', url: 'paypos://pay?session=1' })).to.equal(undefined);
  });

  it('gives the session detail without URLs a page could misuse', () => {
    const event = new PaynetSessionEvent(session, 'qr');
    expect(event.detail).to.deep.equal({
      sessionId: 'ses_1', referenceNo: 'REF-1', handoff: 'qr', amount: '149.90', instalment: 3, expiresAt: '2026-11-24T10:05:00.000Z',
    });
  });

  it('carries only the contract fields of a transaction, dropping anything else the backend sent', () => {
    const smuggled = { ...transaction, pan: '4546711234561234', cvc: '123' } as TransactionSummary;
    const event = new PaynetSuccessEvent({ transaction: smuggled, late: true, sessionId: 'ses_1' });
    expect(event.detail).to.deep.equal({ transaction, late: true, sessionId: 'ses_1' });
    expect(JSON.stringify(event.detail)).to.not.contain('4546711234561234');
  });

  it('tells the shop will check a payment with its reason, session and lateness, and nothing of the session beyond its id', () => {
    const notice = {
      type: 'review', reason: { code: 'needs_review', message: 'The shop will check it' }, sessionId: 'ses_1', session, late: true, background: true,
    } as const;
    const event = eventForNotice(notice);
    expect(event).to.be.instanceOf(PaynetReviewEvent);
    expect(event?.detail).to.deep.equal({ reason: { code: 'needs_review', message: 'The shop will check it' }, sessionId: 'ses_1', late: true });
  });

  it('describes an error with code, text and whether to retry', () => {
    const event = new PaynetErrorEvent({ code: 'http_500', message: 'Try later', retryable: true }, 'ses_9');
    expect(event.detail).to.deep.equal({ code: 'http_500', message: 'Try later', retryable: true, sessionId: 'ses_9' });
  });
});
