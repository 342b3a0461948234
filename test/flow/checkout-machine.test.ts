import { expect } from '@open-wc/testing';
import { describe, it } from './mocha.js';
import { isTerminal, keepsPolling, lateWatchEnd } from '../../src/flow/checkout-machine.js';
import { EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { CheckoutError } from '../../src/flow/types.js';
import { Harness, REVIEW_REASON, SALE, SESSION_TTL_MS, T0, makeSession, makeStatus } from './fixtures.js';

const NETWORK: CheckoutError = { code: 'network', message: 'offline', retryable: true };
const NOT_FOUND: CheckoutError = { code: 'not_found', message: 'no such session', retryable: false };
/** The kit's answer to a cancel when it could not ask Paynet whether the phone already paid. */
const PAYNET_UNAVAILABLE: CheckoutError = { code: 'paynet_unavailable', message: 'Paynet is not reachable right now. Try again.', retryable: true };

describe('checkout machine', () => {
  describe('creating a session', () => {
    it('asks the backend for a session with the press key and says it is creating', () => {
      const flow = new Harness();
      const effects = flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-1' });
      expect(flow.state.checkout.status).to.equal('creating');
      expect(effects).to.deep.include({ type: 'send', requestId: 1, request: SALE, idempotencyKey: 'key-1' });
      expect(flow.notices).to.deep.equal([{ type: 'status', status: 'creating', previous: 'idle' }]);
    });

    it('ignores a second press while the first is still running', () => {
      const flow = new Harness();
      flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-1' });
      expect(flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-2' })).to.deep.equal([]);
      flow.send({ type: 'started', requestId: flow.inFlightId, answer: { session: makeSession() } });
      expect(flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-3' })).to.deep.equal([]);
    });

    it('enters awaiting, persists the session and checks its status at once', () => {
      const flow = new Harness();
      flow.openSession();
      const view = flow.state.checkout;
      expect(view.status).to.equal('awaiting');
      expect(flow.effects.map((effect) => effect.type)).to.include.members(['persist', 'poll']);
      expect(flow.notices.map((notice) => notice.type)).to.deep.equal(['status', 'session', 'status']);
      expect(flow.notices.some((notice) => notice.type === 'launch')).to.equal(false);
    });

    it('asks the host to launch the deeplink on the deeplink handoff', () => {
      const flow = new Harness();
      flow.openSession(makeSession(), { ...SALE, handoff: 'deeplink' });
      expect(flow.notices).to.deep.include({ type: 'launch', url: 'paypos://pay?session=ps_1' });
    });

    for (const link of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:msgbox', 'http://shop.example/pay', 'paypos ://x']) {
      it(`refuses the session, without launching or polling, when its deeplink is ${link}`, () => {
        const flow = new Harness();
        flow.openSession(makeSession({ deeplinkUrl: link }), { ...SALE, handoff: 'deeplink' });
        const view = flow.state.checkout;
        expect(view.status).to.equal('error');
        if (view.status === 'error') {
          expect(view.error.code).to.equal('unsafe_deeplink');
          expect(view.error.retryable).to.equal(false);
        }
        expect(flow.effects.some((effect) => effect.type === 'poll' || effect.type === 'persist')).to.equal(false);
        expect(flow.notices.some((notice) => notice.type === 'launch' || notice.type === 'session')).to.equal(false);
        expect(flow.terminalNotices).to.have.length(1);
        expect(flow.terminalNotices[0]?.type).to.equal('error');
      });
    }

    it('shows the creation error with the retryability it came with', () => {
      const flow = new Harness();
      flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-1' });
      const malformed: CheckoutError = { code: 'malformed_response', message: 'bad', retryable: true };
      flow.send({ type: 'start-failed', requestId: flow.inFlightId, error: malformed });
      expect(flow.state.checkout).to.deep.equal({ status: 'error', error: malformed });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'error', error: malformed }]);
    });

    it('uses the device handoff when the backend sent the sale to a terminal', () => {
      const flow = new Harness();
      flow.openSession(
        makeSession({ handoff: 'device', deeplinkUrl: null, device: { deviceId: 'P00134', label: 'Kasa 1' } }),
        { ...SALE, handoff: 'device', deviceId: 'P00134' },
      );
      const view = flow.state.checkout;
      expect(view.status === 'awaiting' && view.handoff).to.equal('device');
    });
  });

  describe('polling', () => {
    it('ignores a poll-due while a request is in flight', () => {
      const flow = new Harness();
      flow.openSession();
      expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    });

    it('waits the regular interval after pending, and the slow interval after a minute', () => {
      const flow = new Harness();
      flow.openSession();
      flow.now += 300;
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.lastScheduledDelayMs()).to.equal(2_000);
      flow.now = T0 + 61_000;
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.lastScheduledDelayMs()).to.equal(5_000);
    });

    it('honours Retry-After, clamped to the policy', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending'), retryAfterMs: 7_000 });
      expect(flow.lastScheduledDelayMs()).to.equal(7_000);
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending'), retryAfterMs: 0 });
      expect(flow.lastScheduledDelayMs()).to.equal(2_000);
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending'), retryAfterMs: 3_600_000 });
      expect(flow.lastScheduledDelayMs()).to.equal(30_000);
    });

    it('keeps polling quietly with growing backoff after errors, and calms down after an answer', () => {
      const flow = new Harness();
      flow.openSession();
      const delays: number[] = [];
      for (let i = 0; i < 6; i++) {
        flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NETWORK }, 0.999);
        delays.push(flow.lastScheduledDelayMs() ?? -1);
        flow.send({ type: 'poll-due' });
      }
      const view = flow.state.checkout;
      expect(view.status === 'awaiting' && view.reconnecting).to.equal(true);
      expect(delays[0]).to.be.within(2_000, 4_000);
      expect(delays.at(-1)).to.be.within(29_000, 30_000);
      expect(delays).to.deep.equal([...delays].sort((a, b) => a - b));
      expect(flow.terminalNotices).to.deep.equal([]);
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      const calm = flow.state.checkout;
      expect(calm.status === 'awaiting' && calm.reconnecting).to.equal(false);
      expect(flow.lastScheduledDelayMs()).to.equal(2_000);
    });

    it('drops an answer to an earlier request', () => {
      const flow = new Harness();
      flow.openSession();
      const first = flow.inFlightId;
      flow.send({ type: 'poll-result', requestId: first, status: makeStatus('pending') });
      flow.send({ type: 'poll-due' });
      expect(flow.send({ type: 'poll-result', requestId: first, status: makeStatus('failed') })).to.deep.equal([]);
      expect(flow.state.checkout.status).to.equal('awaiting');
    });

    it('treats an answer about another session as a malformed reply and keeps polling', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded', { sessionId: 'ses_other' }) });
      const view = flow.state.checkout;
      expect(view.status === 'awaiting' && view.reconnecting).to.equal(true);
      expect(flow.terminalNotices).to.deep.equal([]);
    });

    it('reports success once, with the transaction, and stops', () => {
      const flow = new Harness();
      flow.openSession();
      const id = flow.inFlightId;
      const status = makeStatus('succeeded');
      const effects = flow.send({ type: 'poll-result', requestId: id, status });
      expect(flow.state.checkout).to.deep.include({ status: 'succeeded', transaction: status.transaction });
      expect(effects).to.deep.include({ type: 'clear-persisted' });
      expect(effects).to.deep.include({ type: 'broadcast', status });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'success', transaction: status.transaction, sessionId: 'ses_1', late: false }]);
      expect(flow.send({ type: 'poll-result', requestId: id, status })).to.deep.equal([]);
      expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
      expect(flow.terminalNotices).to.have.length(1);
    });

    it('still reports a success whose transaction details are missing', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded', { transaction: undefined }) });
      expect(flow.terminalNotices[0]).to.deep.include({ type: 'success', late: false });
      const view = flow.state.checkout;
      expect(view.status === 'succeeded' && view.transaction.amount).to.equal('149.90');
    });

    it('reports the backend reason of a failure, or a readable one when it sent none', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('failed') });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'failure', reason: { code: 'declined', message: 'Card declined' }, sessionId: 'ses_1' }]);
      const other = new Harness();
      other.openSession();
      other.send({ type: 'poll-result', requestId: other.inFlightId, status: makeStatus('failed', { reason: undefined }) });
      expect(other.terminalNotices[0]).to.deep.include({ type: 'failure', reason: { code: 'failed', message: 'text for failed' } });
    });

    it('reports expired at once when the backend says so', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('expired') });
      expect(flow.state.checkout.status).to.equal('expired');
      expect(flow.terminalNotices).to.deep.equal([{ type: 'expired', sessionId: 'ses_1' }]);
    });
  });

  describe('the deadline', () => {
    const deadline = T0 + SESSION_TTL_MS;

    it('schedules a check exactly at expiresAt instead of sailing past it', () => {
      const flow = new Harness();
      flow.openSession();
      flow.now = deadline - 700;
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.lastScheduledDelayMs()).to.equal(700);
    });

    it('reports success when the final check finds the phone paid', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.now = deadline;
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded') });
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
    });

    it('keeps asking through the grace period, then reports expired once', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.now = deadline;
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.state.checkout.status).to.equal('awaiting');
      // Five minutes in: the slow interval.
      expect(flow.lastScheduledDelayMs()).to.equal(5_000);
      flow.now = deadline + EXPIRY_GRACE_MS - 500;
      flow.send({ type: 'poll-due' });
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.lastScheduledDelayMs()).to.equal(500);
      flow.now = deadline + EXPIRY_GRACE_MS;
      flow.send({ type: 'poll-due' });
      const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.state.checkout.status).to.equal('expired');
      expect(flow.terminalNotices).to.deep.equal([{ type: 'expired', sessionId: 'ses_1' }]);
      expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
    });

    it('does not call a session expired on a pending answer to a request sent before the end', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.now = deadline + EXPIRY_GRACE_MS - 1;
      flow.send({ type: 'poll-due' });
      flow.now = deadline + EXPIRY_GRACE_MS + 5_000;
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.state.checkout.status).to.equal('awaiting');
    });

    it('keeps retrying a final check that fails on the network, since only the backend knows', () => {
      const flow = new Harness();
      flow.openSession();
      flow.now = deadline + EXPIRY_GRACE_MS;
      flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NETWORK });
      flow.send({ type: 'poll-due' });
      expect(flow.state.checkout.status).to.equal('awaiting');
      flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NOT_FOUND });
      expect(flow.state.checkout).to.deep.include({ status: 'error', error: NOT_FOUND });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'error', error: NOT_FOUND, sessionId: 'ses_1' }]);
    });

    it('keeps polling through a refusal before the deadline (it may be a passing misconfiguration)', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NOT_FOUND });
      expect(flow.state.checkout.status).to.equal('awaiting');
      expect(flow.terminalNotices).to.deep.equal([]);
    });
  });

  describe('cancel', () => {
    it('asks the backend, and reports cancel when it agrees', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      const effects = flow.send({ type: 'cancel-requested' });
      expect(effects).to.deep.equal([{ type: 'cancel-session', requestId: flow.inFlightId, statusUrl: makeSession().statusUrl }]);
      const view = flow.state.checkout;
      expect(view.status === 'awaiting' && view.cancelling).to.equal(true);
      expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
      flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'cancel', sessionId: 'ses_1' }]);
    });

    it('reports success, not cancel, when the phone paid first', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('succeeded') });
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
    });

    it('waits for a poll in flight, which may bring the success, before cancelling', () => {
      const flow = new Harness();
      flow.openSession();
      expect(flow.send({ type: 'cancel-requested' })).to.deep.equal([]);
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded') });
      expect(flow.effects.some((effect) => effect.type === 'cancel-session')).to.equal(false);
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
    });

    it('sends the queued cancel when the poll in flight says pending', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'cancel-requested' });
      const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(effects.map((effect) => effect.type)).to.deep.equal(['cancel-session']);
    });

    it('goes on waiting when the backend will not cancel, or cannot be reached', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      expect(flow.state.checkout).to.deep.include({ status: 'awaiting', cancelling: false });
      flow.send({ type: 'cancel-requested' });
      flow.send({ type: 'cancel-failed', requestId: flow.inFlightId, error: NETWORK });
      expect(flow.state.checkout).to.deep.include({ status: 'awaiting', cancelling: false, reconnecting: true });
      expect(flow.lastScheduledDelayMs()).to.be.within(2_000, 30_000);
      expect(flow.terminalNotices).to.deep.equal([]);
    });

    it('never shows cancelled when the backend could not ask Paynet (503 + Retry-After): it polls on, after Retry-After', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      const effects = flow.send({ type: 'cancel-failed', requestId: flow.inFlightId, error: PAYNET_UNAVAILABLE, retryAfterMs: 7_000 });
      expect(effects).to.deep.equal([{ type: 'schedule-poll', delayMs: 7_000 }]);
      expect(flow.state.checkout).to.deep.include({ status: 'awaiting', cancelling: false, reconnecting: true });
      expect(keepsPolling(flow.state)).to.equal(true);
      flow.now += 7_000;
      expect(flow.send({ type: 'poll-due' })).to.deep.equal([{ type: 'poll', requestId: flow.inFlightId, statusUrl: makeSession().statusUrl }]);
      // The phone had paid: the backend's word, not the pressed Cancel, decides.
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded') });
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
    });
  });

  describe('other tabs, resume and the host lifecycle', () => {
    it('adopts another tab’s final answer for the same session, and drops its own request', () => {
      const flow = new Harness();
      flow.openSession();
      const effects = flow.send({ type: 'remote-result', status: makeStatus('succeeded') });
      expect(effects[0]).to.deep.equal({ type: 'abort-request' });
      expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
      expect(flow.state.inFlight).to.equal(null);
    });

    it('ignores another tab’s answer about a different session', () => {
      const flow = new Harness();
      flow.openSession();
      expect(flow.send({ type: 'remote-result', status: makeStatus('succeeded', { sessionId: 'ses_2' }) })).to.deep.equal([]);
    });

    it('reports one late success after a cancel was shown, and no more', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
      flow.send({ type: 'remote-result', status: makeStatus('succeeded') });
      flow.send({ type: 'remote-result', status: makeStatus('succeeded') });
      expect(flow.terminalNotices.map((notice) => [notice.type, notice.type === 'success' && notice.late])).to.deep.equal([
        ['cancel', false],
        ['success', true],
      ]);
      expect(flow.state.checkout.status).to.equal('succeeded');
    });

    it('resumes a persisted session by polling it, without launching the app again', () => {
      const flow = new Harness();
      const effects = flow.send({ type: 'resumed', session: makeSession(), handoff: 'deeplink' });
      expect(flow.state.checkout.status).to.equal('awaiting');
      expect(effects.some((effect) => effect.type === 'poll')).to.equal(true);
      expect(flow.notices.some((notice) => notice.type === 'launch')).to.equal(false);
    });

    it('re-sends a creation cut off by a disconnect with the same key', () => {
      const flow = new Harness();
      flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-1' });
      const first = flow.inFlightId;
      flow.send({ type: 'suspended' });
      expect(flow.state.inFlight).to.equal(null);
      const effects = flow.send({ type: 'woken' });
      expect(effects).to.deep.equal([{ type: 'send', requestId: first + 1, request: SALE, idempotencyKey: 'key-1' }]);
      expect(flow.send({ type: 'started', requestId: first, answer: { session: makeSession() } })).to.deep.equal([]);
    });

    it('polls at once when woken while awaiting, and forgets a cancel cut off by the disconnect', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      flow.send({ type: 'suspended' });
      expect(flow.state.checkout).to.deep.include({ status: 'awaiting', cancelling: false });
      expect(flow.send({ type: 'woken' }).map((effect) => effect.type)).to.deep.equal(['poll']);
    });

    it('goes back to idle on reset from a terminal state only', () => {
      const flow = new Harness();
      flow.openSession();
      expect(flow.send({ type: 'reset' })).to.deep.equal([]);
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('expired') });
      flow.send({ type: 'reset' });
      expect(flow.state.checkout).to.deep.equal({ status: 'idle' });
    });
  });

  describe('card payments', () => {
    const payment = {
      amount: '149.90',
      instalment: 1,
      currency: 'TRY' as const,
      card: { holder: 'AYŞE YILMAZ', number: '4242424242424242', month: 12, year: 2030, cvc: '123' },
    };

    it('sends the card once and keeps only the amount in its state', () => {
      const flow = new Harness();
      const effects = flow.send({ type: 'start', request: { kind: 'card', payment }, idempotencyKey: 'key-9' });
      expect(effects).to.deep.include({ type: 'send', requestId: 1, request: { kind: 'card', payment }, idempotencyKey: 'key-9' });
      expect(JSON.stringify(flow.state)).not.to.contain('4242424242424242');
      expect(JSON.stringify(flow.state)).not.to.contain('123"');
    });

    it('reports the card success or the decline', () => {
      const paid = new Harness();
      paid.send({ type: 'start', request: { kind: 'card', payment }, idempotencyKey: 'key-9' });
      paid.send({ type: 'started', requestId: paid.inFlightId, answer: { status: makeStatus('succeeded') } });
      expect(paid.terminalNotices.map((notice) => notice.type)).to.deep.equal(['success']);
      const declined = new Harness();
      declined.send({ type: 'start', request: { kind: 'card', payment }, idempotencyKey: 'key-9' });
      declined.send({ type: 'started', requestId: declined.inFlightId, answer: { status: makeStatus('failed') } });
      expect(declined.state.checkout).to.deep.include({ status: 'failed', reason: { code: 'declined', message: 'Card declined' } });
    });

    it('shows a card payment answered needs_review for the shop to check, never as an error to try again', () => {
      const flow = new Harness();
      flow.send({ type: 'start', request: { kind: 'card', payment }, idempotencyKey: 'key-9' });
      const effects = flow.send({ type: 'started', requestId: flow.inFlightId, answer: { status: makeStatus('needs_review', { sessionId: 'card_1' }) } });
      expect(flow.state.checkout).to.deep.equal({ status: 'needs_review', reason: REVIEW_REASON });
      expect(flow.terminalNotices).to.deep.equal([{ type: 'review', reason: REVIEW_REASON, sessionId: 'card_1', late: false }]);
      expect(effects.some((effect) => effect.type === 'send')).to.equal(false);
      expect('idempotencyKey' in flow.state).to.equal(false);
      expect(JSON.stringify(flow.state)).not.to.contain('4242424242424242');
    });
  });

  describe('needs_review: the backend could not learn the fate from Paynet', () => {
    it('is final on a poll: one review notice, the pending session cleared, no more polling', () => {
      const flow = new Harness();
      flow.openSession();
      const id = flow.inFlightId;
      const status = makeStatus('needs_review');
      const effects = flow.send({ type: 'poll-result', requestId: id, status });
      expect(flow.state.checkout).to.deep.equal({ status: 'needs_review', session: makeSession(), reason: REVIEW_REASON });
      expect(isTerminal(flow.state.checkout)).to.equal(true);
      expect(keepsPolling(flow.state)).to.equal(false);
      expect(effects).to.deep.include({ type: 'clear-persisted' });
      expect(effects).to.deep.include({ type: 'broadcast', status });
      expect(effects).to.deep.include({ type: 'notify', notice: { type: 'status', status: 'needs_review', previous: 'awaiting', sessionId: 'ses_1' } });
      expect(effects.some((effect) => effect.type === 'schedule-poll' || effect.type === 'poll' || effect.type === 'watch')).to.equal(false);
      expect(flow.terminalNotices).to.deep.equal([{ type: 'review', reason: REVIEW_REASON, sessionId: 'ses_1', session: makeSession(), late: false }]);
      // Nothing more is asked about the session, whatever comes.
      flow.now += 60_000;
      expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
      expect(flow.send({ type: 'woken' })).to.deep.equal([]);
      expect(flow.send({ type: 'cancel-requested' })).to.deep.equal([]);
      expect(flow.send({ type: 'poll-result', requestId: id, status })).to.deep.equal([]);
      expect(flow.send({ type: 'remote-result', status: makeStatus('failed') })).to.deep.equal([]);
      expect(flow.terminalNotices).to.have.length(1);
    });

    it('says what it is when the backend sent no reason', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('needs_review', { reason: undefined }) });
      expect(flow.state.checkout).to.deep.include({ status: 'needs_review', reason: { code: 'needs_review', message: 'text for needs_review' } });
    });

    it('is final as the answer to a cancel too: no cancel reported, and no late watch', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
      flow.send({ type: 'cancel-requested' });
      const effects = flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('needs_review') });
      expect(flow.state.checkout.status).to.equal('needs_review');
      expect(lateWatchEnd(flow.state)).to.equal(null);
      expect(keepsPolling(flow.state)).to.equal(false);
      expect(effects.some((effect) => effect.type === 'watch' || effect.type === 'schedule-poll')).to.equal(false);
      expect(effects).to.deep.include({ type: 'clear-persisted' });
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['review']);
    });

    it('is final at the deadline as well, instead of an expiry', () => {
      const flow = new Harness();
      flow.openSession();
      flow.now = T0 + SESSION_TTL_MS + EXPIRY_GRACE_MS;
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('needs_review') });
      expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['review']);
    });

    it('adopts another tab’s needs_review for the same session, quietly, dropping its own request', () => {
      const flow = new Harness();
      flow.openSession();
      const effects = flow.send({ type: 'remote-result', status: makeStatus('needs_review') });
      expect(effects[0]).to.deep.equal({ type: 'abort-request' });
      expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
      expect(effects).to.deep.include({ type: 'clear-persisted' });
      expect(flow.state.checkout.status).to.equal('needs_review');
      expect(flow.state.inFlight).to.equal(null);
    });

    it('goes back to the form on reset, like any final state (the page may start a new order)', () => {
      const flow = new Harness();
      flow.openSession();
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('needs_review') });
      flow.send({ type: 'reset' });
      expect(flow.state.checkout).to.deep.equal({ status: 'idle' });
    });
  });
});
