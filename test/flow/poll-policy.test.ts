import { expect } from '@open-wc/testing';
import { describe, it } from './mocha.js';
import fc from 'fast-check';
import { DEFAULT_POLL_POLICY, MAX_BACKOFF_MS, POLL_INTERVAL_MS, SLOW_AFTER_MS, SLOW_POLL_INTERVAL_MS, nextPollDelayMs } from '../../src/flow/poll-policy.js';

describe('poll policy', () => {
  it('polls every two seconds, then every five after a minute', () => {
    expect(nextPollDelayMs(DEFAULT_POLL_POLICY, { elapsedMs: 0, consecutiveErrors: 0, random: 0.3 })).to.equal(POLL_INTERVAL_MS);
    expect(nextPollDelayMs(DEFAULT_POLL_POLICY, { elapsedMs: SLOW_AFTER_MS - 1, consecutiveErrors: 0, random: 0.3 })).to.equal(2_000);
    expect(nextPollDelayMs(DEFAULT_POLL_POLICY, { elapsedMs: SLOW_AFTER_MS, consecutiveErrors: 0, random: 0.3 })).to.equal(SLOW_POLL_INTERVAL_MS);
  });

  it('treats a clock that jumped backwards as the start of the session', () => {
    expect(nextPollDelayMs(DEFAULT_POLL_POLICY, { elapsedMs: -90_000, consecutiveErrors: 0, random: 0 })).to.equal(2_000);
  });

  it('backs off exponentially with jitter after errors, up to the maximum', () => {
    const policy = DEFAULT_POLL_POLICY;
    expect(nextPollDelayMs(policy, { elapsedMs: 0, consecutiveErrors: 1, random: 0 })).to.equal(2_000);
    expect(nextPollDelayMs(policy, { elapsedMs: 0, consecutiveErrors: 1, random: 1 })).to.equal(4_000);
    expect(nextPollDelayMs(policy, { elapsedMs: 0, consecutiveErrors: 3, random: 1 })).to.equal(16_000);
    expect(nextPollDelayMs(policy, { elapsedMs: 0, consecutiveErrors: 50, random: 1 })).to.equal(MAX_BACKOFF_MS);
  });

  it('honours Retry-After within [interval, maximum]', () => {
    const at = (retryAfterMs: number): number =>
      nextPollDelayMs(DEFAULT_POLL_POLICY, { elapsedMs: 0, consecutiveErrors: 4, retryAfterMs, random: 0.9 });
    expect(at(9_000)).to.equal(9_000);
    expect(at(10)).to.equal(2_000);
    expect(at(600_000)).to.equal(30_000);
  });

  it('stays within its bounds for any policy and input', () => {
    const policies = fc.record({
      intervalMs: fc.integer({ min: 1, max: 60_000 }),
      slowIntervalMs: fc.integer({ min: 1, max: 120_000 }),
      slowAfterMs: fc.integer({ min: 0, max: 600_000 }),
      maxBackoffMs: fc.integer({ min: 1, max: 300_000 }),
      requestTimeoutMs: fc.constant(10_000),
    });
    const inputs = fc.record({
      elapsedMs: fc.integer({ min: -1_000_000, max: 10_000_000 }),
      consecutiveErrors: fc.integer({ min: 0, max: 10_000 }),
      retryAfterMs: fc.option(fc.integer({ min: -5, max: 10_000_000 }), { nil: undefined }),
      random: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    });
    fc.assert(
      fc.property(policies, inputs, (policy, input) => {
        const base = Math.max(0, input.elapsedMs) >= policy.slowAfterMs ? policy.slowIntervalMs : policy.intervalMs;
        const delay = nextPollDelayMs(policy, input);
        return Number.isFinite(delay) && delay >= base && delay <= Math.max(base, policy.maxBackoffMs);
      }),
      { numRuns: 2_000 },
    );
  });
});
