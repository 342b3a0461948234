import { expect } from '@open-wc/testing';
import { describe, it } from './mocha.js';
import { isLateWatching, keepsPolling, lateWatchState, transition, type CancelledWatchingState, type Effect, type FlowState } from '../../src/flow/checkout-machine.js';
import { EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import { Harness, REVIEW_REASON, SALE, SESSION_TTL_MS, T0, TEST_CONFIG, makeSession, makeStatus } from './fixtures.js';

const EXPIRY_END = T0 + SESSION_TTL_MS + EXPIRY_GRACE_MS;

function cancelledFlow(): Harness {
  const flow = new Harness();
  flow.openSession();
  flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
  flow.now = T0 + 20_000;
  flow.send({ type: 'cancel-requested' });
  flow.send({ type: 'cancel-result', requestId: flow.inFlightId, status: makeStatus('cancelled') });
  return flow;
}

function handedOver(effects: Effect[]): CancelledWatchingState {
  const found = effects.find((effect) => effect.type === 'watch-in-background');
  if (found?.type !== 'watch-in-background') throw new Error('no watch handed over');
  return found.watch;
}

/** Drives a detached watch the way the runner's background watcher does. */
class Watch {
  effects: Effect[] = [];
  constructor(public state: FlowState, public now: number) {}
  send(event: Parameters<typeof transition>[1]): Effect[] {
    const result = transition(this.state, event, this.now);
    this.state = result.state;
    this.effects.push(...result.effects);
    return result.effects;
  }
  get inFlightId(): number {
    if (this.state.inFlight === null) throw new Error('nothing in flight');
    return this.state.inFlight.id;
  }
}

describe('late watch handed to the background', () => {
  it('records the session as watched when the cancel settles, so a reload can go on', () => {
    const flow = cancelledFlow();
    expect(flow.effects).to.deep.include({ type: 'watch', session: makeSession() });
  });

  it('on Start again: the old watch state is handed over as it was, nothing in flight, its end unchanged', () => {
    const flow = cancelledFlow();
    flow.now += 5_000;
    flow.send({ type: 'poll-due' });
    const effects = flow.send({ type: 'reset' });
    const watch = handedOver(effects);
    expect(watch.checkout).to.deep.equal({ status: 'cancelled', session: makeSession() });
    expect(watch.inFlight).to.equal(null);
    expect(watch.lateWatchUntil).to.equal(EXPIRY_END);
    expect(isLateWatching(watch)).to.equal(true);
    // The session stays in the watched list: no unwatch.
    expect(effects.some((effect) => effect.type === 'unwatch')).to.equal(false);
    expect(flow.state.checkout.status).to.equal('idle');
  });

  it('the handed-over watch reports a payment on the old session once, late, with the old id', () => {
    const flow = cancelledFlow();
    const watch = new Watch(handedOver(flow.send({ type: 'reset' })), flow.now);
    // The runner connects it: it asks at once.
    expect(watch.send({ type: 'woken' })).to.deep.equal([{ type: 'poll', requestId: watch.inFlightId, statusUrl: makeSession().statusUrl }]);
    // Meanwhile the shown flow starts a new session; the old watch is not disturbed by it.
    flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-2' });
    flow.send({ type: 'started', requestId: flow.inFlightId, answer: { session: makeSession({ sessionId: 'ses_2', statusUrl: 'https://shop.example/api/paynet/sessions/ses_2' }) } });
    const paid = makeStatus('succeeded');
    const effects = watch.send({ type: 'poll-result', requestId: watch.inFlightId, status: paid });
    const successes = watch.effects.flatMap((effect) => (effect.type === 'notify' && effect.notice.type === 'success' ? [effect.notice] : []));
    expect(successes).to.deep.equal([{ type: 'success', transaction: paid.transaction, sessionId: 'ses_1', late: true }]);
    expect(effects).to.deep.include({ type: 'unwatch', sessionId: 'ses_1' });
    // It never touches the pending-session entry, which now holds ses_2.
    expect(watch.effects.some((effect) => effect.type === 'clear-persisted' || effect.type === 'persist')).to.equal(false);
    expect(keepsPolling(watch.state)).to.equal(false);
    expect(watch.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.state.checkout).to.deep.include({ status: 'awaiting' });
  });

  it('the handed-over watch ends on needs_review with a late review of the old session, no success, nothing more', () => {
    const flow = cancelledFlow();
    const watch = new Watch(handedOver(flow.send({ type: 'reset' })), flow.now);
    watch.send({ type: 'woken' });
    flow.send({ type: 'start', request: SALE, idempotencyKey: 'key-2' });
    const effects = watch.send({ type: 'poll-result', requestId: watch.inFlightId, status: makeStatus('needs_review') });
    const outcomes = watch.effects.flatMap((effect) =>
      effect.type === 'notify' && ['success', 'failure', 'expired', 'cancel', 'review', 'error'].includes(effect.notice.type) ? [effect.notice] : [],
    );
    expect(outcomes).to.deep.equal([{ type: 'review', reason: REVIEW_REASON, sessionId: 'ses_1', session: makeSession(), late: true }]);
    expect(effects).to.deep.include({ type: 'unwatch', sessionId: 'ses_1' });
    // The pending-session entry belongs to the flow shown now.
    expect(watch.effects.some((effect) => effect.type === 'clear-persisted' || effect.type === 'persist')).to.equal(false);
    expect(keepsPolling(watch.state)).to.equal(false);
    expect(watch.send({ type: 'poll-due' })).to.deep.equal([]);
    expect(flow.state.checkout.status).to.equal('creating');
  });

  it('the handed-over watch ends with its final check at expiryEnd: unwatch, then nothing more', () => {
    const flow = cancelledFlow();
    const watch = new Watch(handedOver(flow.send({ type: 'reset' })), flow.now);
    watch.send({ type: 'woken' });
    let polls = 1;
    for (;;) {
      const effects = watch.send({ type: 'poll-result', requestId: watch.inFlightId, status: makeStatus('cancelled') });
      const timer = effects.find((effect) => effect.type === 'schedule-poll');
      if (timer?.type !== 'schedule-poll') {
        expect(effects).to.deep.equal([{ type: 'unwatch', sessionId: 'ses_1' }]);
        break;
      }
      expect(watch.now + timer.delayMs).to.be.at.most(EXPIRY_END);
      watch.now += timer.delayMs;
      watch.send({ type: 'poll-due' });
      polls++;
      expect(polls).to.be.below(200);
    }
    expect(watch.now).to.equal(EXPIRY_END);
    expect(isLateWatching(watch.state)).to.equal(false);
    watch.now += 60_000;
    expect(watch.send({ type: 'woken' })).to.deep.equal([]);
    expect(watch.send({ type: 'poll-due' })).to.deep.equal([]);
  });

  it('hands nothing over when the watch had already ended, or after a failure', () => {
    const ended = cancelledFlow();
    ended.now = EXPIRY_END;
    ended.send({ type: 'poll-due' });
    ended.send({ type: 'poll-result', requestId: ended.inFlightId, status: makeStatus('cancelled') });
    expect(isLateWatching(ended.state)).to.equal(false);
    expect(ended.send({ type: 'reset' }).some((effect) => effect.type === 'watch-in-background')).to.equal(false);

    const failed = new Harness();
    failed.openSession();
    failed.send({ type: 'poll-result', requestId: failed.inFlightId, status: makeStatus('failed') });
    expect(failed.send({ type: 'reset' }).some((effect) => effect.type === 'watch-in-background')).to.equal(false);
  });

  it('a watch rebuilt from storage is the watch after the cancel', () => {
    const session = makeSession();
    const state = lateWatchState(TEST_CONFIG, session);
    expect(isLateWatching(state)).to.equal(true);
    expect(state.lateWatchUntil).to.equal(EXPIRY_END);
    const watch = new Watch(state, EXPIRY_END + 1_000);
    // Past its end on reload: one final check, and its answer closes the watch.
    watch.send({ type: 'woken' });
    watch.send({ type: 'poll-result', requestId: watch.inFlightId, status: makeStatus('cancelled') });
    expect(isLateWatching(watch.state)).to.equal(false);
    expect(watch.effects.filter((effect) => effect.type === 'poll')).to.have.length(1);
  });
});
