import { expect } from '@open-wc/testing';
import { describe, it } from './mocha.js';
import { FAST_LONG_POLLS_BEFORE_FALLBACK, LONG_POLL_MIN_HOLD_MS, MAX_STATUS_WAIT_SECONDS, statusUrlWithWait } from '../../src/flow/long-poll.js';
import type { Effect } from '../../src/flow/flow-events.js';
import { Harness, TEST_POLICY, makeSession, makeStatus } from './fixtures.js';

const polls = (effects: Effect[]) => effects.flatMap((effect) => (effect.type === 'poll' ? [effect.statusUrl] : []));

describe('long-poll in the flow', () => {
  it('adds wait to a status URL, keeping the query and fragment it has', () => {
    expect(statusUrlWithWait('/api/paynet/sessions/s1', 25)).to.equal('/api/paynet/sessions/s1?wait=25');
    expect(statusUrlWithWait('/api/paynet/sessions/s1?shop=7', 25)).to.equal('/api/paynet/sessions/s1?shop=7&wait=25');
    expect(statusUrlWithWait('https://x.example/s/1?wait=3#f', 25)).to.equal('https://x.example/s/1?wait=25#f');
    expect(statusUrlWithWait('sessions/s1', 0.5)).to.equal('sessions/s1?wait=0.5');
  });

  it('advertised: the first status request asks to be held; a held pending answer is followed at once', () => {
    const flow = new Harness();
    const session = makeSession({ statusWaitSeconds: 25 });
    flow.openSession(session);
    expect(polls(flow.effects)).to.deep.equal([statusUrlWithWait(session.statusUrl, 25)]);
    flow.now += LONG_POLL_MIN_HOLD_MS + 20_000;
    const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending'), retryAfterMs: 2_000 });
    expect(polls(effects)).to.deep.equal([statusUrlWithWait(session.statusUrl, 25)]);
    expect(effects.some((effect) => effect.type === 'schedule-poll')).to.equal(false);
  });

  it('not advertised: plain polls on the interval, as before', () => {
    const flow = new Harness();
    const session = makeSession();
    flow.openSession(session);
    expect(polls(flow.effects)).to.deep.equal([session.statusUrl]);
    flow.now += 30_000;
    const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending') });
    expect(polls(effects)).to.deep.equal([]);
    expect(flow.lastScheduledDelayMs()).to.equal(TEST_POLICY.intervalMs);
  });

  it('a long-poll answered at once gets the interval (Retry-After honoured); after a few, no more wait', () => {
    const flow = new Harness();
    const session = makeSession({ statusWaitSeconds: 25 });
    flow.openSession(session);
    for (let i = 0; i < FAST_LONG_POLLS_BEFORE_FALLBACK; i++) {
      flow.now += 10;
      const effects = flow.send({ type: 'poll-result', requestId: flow.inFlightId, status: makeStatus('pending'), retryAfterMs: TEST_POLICY.intervalMs + 500 });
      expect(polls(effects), 'no request at once').to.deep.equal([]);
      expect(flow.lastScheduledDelayMs()).to.equal(TEST_POLICY.intervalMs + 500);
      flow.now += TEST_POLICY.intervalMs + 500;
      flow.send({ type: 'poll-due' });
    }
    expect(polls(flow.effects).at(-1)).to.equal(session.statusUrl);
  });

  it('caps the hold it asks for, and ignores an advertisement that is not a positive number', () => {
    const capped = new Harness();
    capped.openSession(makeSession({ statusWaitSeconds: 3_600 }));
    expect(polls(capped.effects)[0]).to.contain(`wait=${MAX_STATUS_WAIT_SECONDS}`);
    for (const odd of [0, -5, Number.NaN, '25' as unknown as number]) {
      const flow = new Harness();
      const session = makeSession({ statusWaitSeconds: odd });
      flow.openSession(session);
      expect(polls(flow.effects)).to.deep.equal([session.statusUrl]);
    }
  });

  it('Cancel during a long-poll drops it and sends the cancel at once', () => {
    const flow = new Harness();
    flow.openSession(makeSession({ statusWaitSeconds: 25 }));
    const effects = flow.send({ type: 'cancel-requested' });
    expect(effects.map((effect) => effect.type)).to.deep.equal(['abort-request', 'cancel-session']);
  });
});
