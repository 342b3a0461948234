import { expect } from '@open-wc/testing';
import { describe, it } from './mocha.js';
import { isLateWatching, keepsPolling, lateWatchEnd } from '../../src/flow/checkout-machine.js';
import { EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { CheckoutError } from '../../src/flow/types.js';
import { Harness, REVIEW_REASON, SALE, SESSION_TTL_MS, T0, TEST_POLICY, makeSession, makeStatus } from './fixtures.js';

const NETWORK: CheckoutError = { code: 'network', message: 'offline', retryable: true };
const NOT_FOUND: CheckoutError = { code: 'not_found', message: 'no such session', retryable: false };
const EXPIRY_END = T0 + SESSION_TTL_MS + EXPIRY_GRACE_MS;

/** A session, one pending poll, then Cancel answered `cancelled` at `cancelAt`. */
function cancelledFlow(cancelAt = T0 + 20_000): Harness {
  const flow = new Harness();
  flow.openSession();
  flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
  flow.now = cancelAt;
  flow.send({ type: 'cancel-requested' });
  flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
  return flow;
}

function lateFlags(flow: Harness): Array<[string, boolean]> {
  return flow.terminalNotices.map((notice) => [notice.type, (notice.type === 'success' || notice.type === 'review') && notice.late]);
}

/** Fires the scheduled poll (time moves by its delay) and returns the effects of poll-due. */
function fireScheduledPoll(flow: Harness): ReturnType<Harness['send']> {
  flow.now += flow.lastScheduledDelayMs() ?? Number.NaN;
  return flow.send({ type: 'poll-due' });
}

describe('late watch after a cancel', () => {
  it('keeps asking at the slow interval, and reports a late payment once as a late success', () => {
    const flow = cancelledFlow();
    expect(flow.state.checkout.status).to.equal('cancelled');
    expect(isLateWatching(flow.state)).to.equal(true);
    expect(lateWatchEnd(flow.state)).to.equal(EXPIRY_END);
    expect(flow.lastScheduledDelayMs()).to.equal(TEST_POLICY.slowIntervalMs);

    expect(fireScheduledPoll(flow)).to.deep.equal([{ type: 'poll', requestId: flow.inFlightId, statusUrl: makeSession().statusUrl }]);
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
    expect(flow.lastScheduledDelayMs()).to.equal(TEST_POLICY.slowIntervalMs);
    expect(flow.state.checkout.status).to.equal('cancelled');

    fireScheduledPoll(flow);
    const id = flow.inFlightId;
    const paid = makeStatus('succeeded');
    const effects = flow.send({ type: 'poll-result', requestId: id, status: paid });
    expect(flow.state.checkout).to.deep.include({ status: 'succeeded', transaction: paid.transaction });
    expect(effects).to.deep.include({ type: 'broadcast', status: paid });
    // Its watch entry goes; the pending-session entry was already cleared when the cancel settled.
    expect(effects).to.deep.include({ type: 'unwatch', sessionId: 'ses_1' });
    expect(effects).not.to.deep.include({ type: 'clear-persisted' });
    expect(effects).to.deep.include({ type: 'notify', notice: { type: 'status', status: 'succeeded', previous: 'cancelled', sessionId: 'ses_1' } });
    expect(lateFlags(flow)).to.deep.equal([
      ['cancel', false],
      ['success', true],
    ]);
    // Over: the same answer again, a timer, another tab's word change nothing.
    expect(flow.send({ type: 'poll-result', requestId: id, status: paid })).to.deep.equal([]);
    expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.send({ type: 'remote-result', status: paid })).to.deep.equal([]);
    expect(keepsPolling(flow.state)).to.equal(false);
    expect(flow.terminalNotices).to.have.length(2);
  });

  it('ends with a late review, never a success, when the backend can no longer tell whether the phone paid', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    const id = flow.inFlightId;
    const status = makeStatus('needs_review');
    const effects = flow.send({ type: 'poll-result', requestId: id, status });
    // "Not completed" may be wrong now: the shopper is told the shop will check it.
    expect(flow.state.checkout).to.deep.equal({ status: 'needs_review', session: makeSession(), reason: REVIEW_REASON });
    expect(isLateWatching(flow.state)).to.equal(false);
    expect(keepsPolling(flow.state)).to.equal(false);
    expect(effects).to.deep.include({ type: 'unwatch', sessionId: 'ses_1' });
    expect(effects).to.deep.include({ type: 'broadcast', status });
    expect(effects).not.to.deep.include({ type: 'clear-persisted' });
    expect(effects.some((effect) => effect.type === 'schedule-poll' || effect.type === 'poll')).to.equal(false);
    expect(effects).to.deep.include({ type: 'notify', notice: { type: 'status', status: 'needs_review', previous: 'cancelled', sessionId: 'ses_1' } });
    expect(lateFlags(flow)).to.deep.equal([
      ['cancel', false],
      ['review', true],
    ]);
    // Over: no further request, and no success from another tab's word either.
    flow.now += 60_000;
    expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.send({ type: 'woken' })).to.deep.equal([]);
    expect(flow.send({ type: 'remote-result', status: makeStatus('succeeded') })).to.deep.equal([]);
    expect(flow.notices.some((notice) => notice.type === 'success')).to.equal(false);
  });

  it('ends on another tab’s needs_review too: one late review, its own poll dropped, nothing echoed', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    const id = flow.inFlightId;
    const effects = flow.send({ type: 'remote-result', status: makeStatus('needs_review') });
    expect(effects[0]).to.deep.equal({ type: 'abort-request' });
    expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
    expect(effects).to.deep.include({ type: 'unwatch', sessionId: 'ses_1' });
    expect(flow.send({ type: 'poll-result', requestId: id, status: makeStatus('needs_review') })).to.deep.equal([]);
    expect(lateFlags(flow)).to.deep.equal([
      ['cancel', false],
      ['review', true],
    ]);
  });

  it('also watches when a poll (not our cancel) brings the cancel', () => {
    const flow = new Harness();
    flow.openSession();
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
    expect(isLateWatching(flow.state)).to.equal(true);
    expect(flow.lastScheduledDelayMs()).to.equal(TEST_POLICY.slowIntervalMs);
  });

  it('lands its last check exactly on expiryEnd, and stops for good when that check is answered', () => {
    const flow = cancelledFlow(EXPIRY_END - 12_000);
    const sentAt: number[] = [];
    const delays: number[] = [];
    while (isLateWatching(flow.state)) {
      delays.push(flow.lastScheduledDelayMs() ?? -1);
      fireScheduledPoll(flow);
      sentAt.push(flow.now);
      flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
      if (sentAt.length > 10) break;
    }
    expect(delays).to.deep.equal([5_000, 5_000, 2_000]);
    expect(sentAt.at(-1)).to.equal(EXPIRY_END);
    expect(isLateWatching(flow.state)).to.equal(false);
    expect(keepsPolling(flow.state)).to.equal(false);
    const scheduled = flow.effects.filter((effect) => effect.type === 'schedule-poll').length;
    flow.now += 60_000;
    expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.send({ type: 'woken' })).to.deep.equal([]);
    expect(flow.effects.filter((effect) => effect.type === 'schedule-poll')).to.have.length(scheduled);
    expect(flow.state.checkout.status).to.equal('cancelled');
  });

  it('does not watch when the cancel was answered to a request sent after expiryEnd', () => {
    const flow = cancelledFlow(EXPIRY_END);
    expect(isLateWatching(flow.state)).to.equal(false);
    expect(flow.effects.at(-1)?.type).not.to.equal('schedule-poll');
  });

  it('does not watch after expiry: the check that concluded it was already sent after expiryEnd', () => {
    const flow = new Harness();
    flow.openSession();
    flow.now = EXPIRY_END;
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
    flow.send({ type: 'poll-due' });
    const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
    expect(flow.state.checkout.status).to.equal('expired');
    expect(effects.some((effect) => effect.type === 'schedule-poll')).to.equal(false);
    expect(keepsPolling(flow.state)).to.equal(false);
  });

  it('backs off on errors, honours Retry-After, and calms down after an answer', () => {
    const flow = cancelledFlow(T0 + 1_000);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      fireScheduledPoll(flow);
      flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NETWORK }, 0.999);
      delays.push(flow.lastScheduledDelayMs() ?? -1);
    }
    expect(delays[0]).to.be.within(9_000, 10_000);
    expect(delays.at(-1)).to.be.within(29_000, 30_000);
    expect(delays).to.deep.equal([...delays].sort((a, b) => a - b));
    expect(flow.state.checkout.status).to.equal('cancelled');
    expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['cancel']);
    fireScheduledPoll(flow);
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('cancelled'), retryAfterMs: 12_000 });
    expect(flow.lastScheduledDelayMs()).to.equal(12_000);
    fireScheduledPoll(flow);
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
    expect(flow.lastScheduledDelayMs()).to.equal(5_000);
  });

  it('asks again when the final check fails on the network, and stops quietly on a refusal', () => {
    const flow = cancelledFlow(EXPIRY_END - 1_000);
    fireScheduledPoll(flow);
    expect(flow.now).to.equal(EXPIRY_END);
    flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NETWORK });
    expect(isLateWatching(flow.state)).to.equal(true);
    fireScheduledPoll(flow);
    flow.send({ type: 'poll-failed', requestId: flow.inFlightId, error: NOT_FOUND });
    expect(isLateWatching(flow.state)).to.equal(false);
    expect(flow.state.checkout.status).to.equal('cancelled');
    expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['cancel']);
  });

  it('treats an answer about another session as a passing fault and goes on watching', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded', { sessionId: 'ses_other' }) });
    expect(flow.state.checkout.status).to.equal('cancelled');
    expect(isLateWatching(flow.state)).to.equal(true);
    expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['cancel']);
  });

  it('never has two requests out: a re-check while the watch poll is out sends nothing', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.send({ type: 'woken' })).to.deep.equal([]);
  });

  it('leaves the view on Start again, dropping the watch poll still out and handing the watch over', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    const id = flow.inFlightId;
    const effects = flow.send({ type: 'reset' });
    expect(effects[0]).to.deep.equal({ type: 'abort-request' });
    expect(effects[1]?.type).to.equal('watch-in-background');
    expect(flow.state.checkout).to.deep.equal({ status: 'idle' });
    expect(keepsPolling(flow.state)).to.equal(false);
    expect(flow.send({ type: 'poll-result', requestId: id, status: makeStatus('succeeded') })).to.deep.equal([]);
    expect(flow.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.terminalNotices.map((notice) => notice.type)).to.deep.equal(['cancel']);
  });

  it('drops the watch poll before a new payment starts from the cancelled view', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    const effects = flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-2' });
    expect(effects.map((effect) => effect.type)).to.deep.equal(['abort-request', 'watch-in-background', 'notify', 'send']);
    expect(lateWatchEnd(flow.state)).to.equal(null);
  });

  it('pauses while detached and asks at once when the element is back', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    flow.send({ type: 'suspended' });
    expect(flow.state.inFlight).to.equal(null);
    flow.now += 30_000;
    const effects = flow.send({ type: 'woken' });
    expect(effects).to.deep.equal([{ type: 'poll', requestId: flow.inFlightId, statusUrl: makeSession().statusUrl }]);
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('succeeded') });
    expect(lateFlags(flow)).to.deep.equal([
      ['cancel', false],
      ['success', true],
    ]);
  });

  it('ends on another tab’s success: one late success, its own poll dropped, nothing echoed', () => {
    const flow = cancelledFlow();
    fireScheduledPoll(flow);
    const id = flow.inFlightId;
    const effects = flow.send({ type: 'remote-result', status: makeStatus('succeeded') });
    expect(effects[0]).to.deep.equal({ type: 'abort-request' });
    expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
    expect(flow.send({ type: 'poll-result', requestId: id, status: makeStatus('succeeded') })).to.deep.equal([]);
    expect(lateFlags(flow)).to.deep.equal([
      ['cancel', false],
      ['success', true],
    ]);
  });

  it('keeps watching through another tab’s non-final or cancelled word', () => {
    const flow = cancelledFlow();
    expect(flow.send({ type: 'remote-result', status: makeStatus('cancelled') })).to.deep.equal([]);
    expect(flow.send({ type: 'remote-result', status: makeStatus('expired') })).to.deep.equal([]);
    expect(isLateWatching(flow.state)).to.equal(true);
  });

  it('watches after a cancel adopted from another tab too', () => {
    const flow = new Harness();
    flow.openSession();
    flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
    const effects = flow.send({ type: 'remote-result', status: makeStatus('cancelled') });
    expect(effects.some((effect) => effect.type === 'broadcast')).to.equal(false);
    expect(flow.state.checkout.status).to.equal('cancelled');
    expect(isLateWatching(flow.state)).to.equal(true);
    expect(effects.at(-1)).to.deep.equal({ type: 'schedule-poll', delayMs: TEST_POLICY.slowIntervalMs });
  });
});
