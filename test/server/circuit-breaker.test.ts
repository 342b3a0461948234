/**
 * The circuit breaker in front of Paynet (server/circuit-breaker.ts) on an injected clock, and
 * the retry loop beside it (server/retry.ts): a Paynet that is down is neither hammered by
 * calls nor by retries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CircuitBreaker, DEFAULT_CIRCUIT_FAILURE_THRESHOLD, DEFAULT_CIRCUIT_OPEN_MS } from '../../server/circuit-breaker.js';
import { PaynetDeclinedError, PaynetRateLimitedError, PaynetUnavailableError, PaynetUnknownCodeError } from '../../server/errors.js';
import { jitteredDelayMs, retrying } from '../../server/retry.js';

function clockAt(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function openBreaker(threshold = 3, openMs = 5_000): { breaker: CircuitBreaker; advance: (ms: number) => void } {
  const clock = clockAt();
  const breaker = new CircuitBreaker({ failureThreshold: threshold, openMs, now: clock.now });
  for (let i = 0; i < threshold; i++) {
    assert.notEqual(breaker.allow(), false);
    breaker.failed();
  }
  return { breaker, advance: clock.advance };
}

describe('CircuitBreaker', () => {
  it('lets calls through while closed, below the failure threshold', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, now: clockAt().now });
    breaker.failed();
    breaker.failed();
    assert.equal(breaker.state, 'closed');
    assert.notEqual(breaker.allow(), false);
    assert.equal(breaker.retryAfterMs, 0);
  });

  it('opens after the threshold of consecutive failures and refuses calls while open', () => {
    const { breaker, advance } = openBreaker(3, 5_000);
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.allow(), false);
    advance(4_999);
    assert.equal(breaker.allow(), false);
    assert.equal(breaker.retryAfterMs, 1);
  });

  it('counts only consecutive failures: an answer in between starts the count again', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, now: clockAt().now });
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    assert.equal(breaker.state, 'closed');
    breaker.failed();
    assert.equal(breaker.state, 'open');
  });

  it('uses 5 failures and 5 s by default', () => {
    const clock = clockAt();
    const breaker = new CircuitBreaker({ now: clock.now });
    for (let i = 0; i < DEFAULT_CIRCUIT_FAILURE_THRESHOLD - 1; i++) breaker.failed();
    assert.equal(breaker.state, 'closed');
    breaker.failed();
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.retryAfterMs, DEFAULT_CIRCUIT_OPEN_MS);
    clock.advance(DEFAULT_CIRCUIT_OPEN_MS);
    assert.equal(breaker.state, 'half-open');
  });

  it('lets exactly one trial through when half-open', () => {
    const { breaker, advance } = openBreaker(3, 5_000);
    advance(5_000);
    assert.equal(breaker.state, 'half-open');
    assert.equal(breaker.retryAfterMs, 0);
    assert.notEqual(breaker.allow(), false);
    for (let i = 0; i < 10; i++) assert.equal(breaker.allow(), false);
    advance(60_000);
    assert.equal(breaker.allow(), false, 'still one trial however long it takes');
  });

  it('closes when the trial gets an answer', () => {
    const { breaker, advance } = openBreaker(3, 5_000);
    advance(5_000);
    assert.notEqual(breaker.allow(), false);
    breaker.succeeded();
    assert.equal(breaker.state, 'closed');
    for (let i = 0; i < 5; i++) assert.notEqual(breaker.allow(), false);
    // The failure count started again: it takes the whole threshold to open.
    breaker.failed();
    breaker.failed();
    assert.equal(breaker.state, 'closed');
  });

  it('reopens for a full period when the trial fails', () => {
    const { breaker, advance } = openBreaker(3, 5_000);
    advance(5_000);
    assert.notEqual(breaker.allow(), false);
    advance(2_000);
    breaker.failed();
    assert.equal(breaker.state, 'open');
    assert.equal(breaker.allow(), false);
    assert.equal(breaker.retryAfterMs, 5_000);
    advance(4_999);
    assert.equal(breaker.allow(), false);
    advance(1);
    assert.notEqual(breaker.allow(), false, 'the next trial');
  });

  it('frees the trial when the trial call is abandoned, without closing the circuit', () => {
    const { breaker, advance } = openBreaker(3, 5_000);
    advance(5_000);
    assert.notEqual(breaker.allow(), false);
    assert.equal(breaker.allow(), false);
    breaker.abandoned('trial');
    assert.equal(breaker.state, 'half-open');
    assert.notEqual(breaker.allow(), false, 'another trial may go');
    assert.equal(breaker.allow(), false, 'but only one');
  });

  it(
    'keeps the trial when a call allowed before the circuit opened is abandoned',
    () => {
      const clock = clockAt();
      const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 5_000, now: clock.now });
      assert.notEqual(breaker.allow(), false); // the straggler, still in flight
      assert.notEqual(breaker.allow(), false);
      breaker.failed(); // opens
      clock.advance(5_000);
      assert.notEqual(breaker.allow(), false); // the trial
      breaker.abandoned('call'); // the straggler ends (our own abort)
      assert.equal(breaker.allow(), false);
    },
  );
});

describe('retrying', () => {
  const unavailable = (reason: PaynetUnavailableError['reason']): PaynetUnavailableError => new PaynetUnavailableError(`Paynet ${reason}`, reason);

  it('retries an unavailable Paynet after each delay, then answers', async () => {
    let calls = 0;
    const result = await retrying([1, 1, 1], undefined, async () => {
      calls++;
      if (calls < 3) throw unavailable('timeout');
      return 'answer';
    });
    assert.equal(result, 'answer');
    assert.equal(calls, 3);
  });

  it('gives up with the last error once the delays are used up', async () => {
    let calls = 0;
    const last = unavailable('http_5xx');
    await assert.rejects(
      retrying([1, 1], undefined, async () => {
        calls++;
        throw calls === 3 ? last : unavailable('network');
      }),
      (error) => error === last,
    );
    assert.equal(calls, 3);
  });

  it('stops at once when the circuit is open', async () => {
    let calls = 0;
    const refused = unavailable('circuit_open');
    await assert.rejects(
      retrying([1, 1, 1], undefined, async () => {
        calls++;
        throw refused;
      }),
      (error) => error === refused,
    );
    assert.equal(calls, 1);
  });

  it('does not retry errors that are not "Paynet unavailable"', async () => {
    const errors = [
      new PaynetDeclinedError('declined', { code: 1 }),
      new PaynetUnknownCodeError('code 999', { code: 999 }),
      new PaynetRateLimitedError('slow down'),
      new TypeError('a bug'),
    ];
    for (const thrown of errors) {
      let calls = 0;
      await assert.rejects(
        retrying([1, 1, 1], undefined, async () => {
          calls++;
          throw thrown;
        }),
        (error) => error === thrown,
      );
      assert.equal(calls, 1, thrown.name);
    }
  });

  it('does not retry once the caller has aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    await assert.rejects(
      retrying([1, 1, 1], controller.signal, async () => {
        calls++;
        controller.abort();
        throw unavailable('network');
      }),
      PaynetUnavailableError,
    );
    assert.equal(calls, 1);
  });

  it(
    'does not call again when the caller aborts during the wait',
    async () => {
      const controller = new AbortController();
      let calls = 0;
      const run = retrying([10_000], controller.signal, async () => {
        calls++;
        if (calls === 1) setTimeout(() => controller.abort(), 5);
        throw unavailable('timeout');
      });
      await assert.rejects(run, PaynetUnavailableError);
      assert.equal(calls, 1);
    },
  );

  it('waits between half and all of each delay', async () => {
    const delays: number[] = [];
    let last = performance.now();
    let calls = 0;
    await retrying([40, 40], undefined, async () => {
      const t = performance.now();
      if (calls > 0) delays.push(t - last);
      last = t;
      calls++;
      if (calls < 3) throw unavailable('timeout');
    });
    assert.equal(delays.length, 2);
    // Timers never fire more than a millisecond early; an upper bound only with a generous margin.
    for (const waited of delays) assert.ok(waited >= 19 && waited <= 40 + 500, String(waited));
  });
});

describe('jitteredDelayMs', () => {
  it('stays within [d/2, d] for any delay and any random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (delay, draw) => {
        const jittered = jitteredDelayMs(delay, () => draw);
        assert.ok(jittered >= delay / 2 && jittered <= delay, `${delay} → ${jittered}`);
      }),
    );
  });

  it('uses the extremes of the range at the extremes of the draw', () => {
    assert.equal(jitteredDelayMs(1_000, () => 0), 500);
    assert.ok(jitteredDelayMs(1_000, () => 0.999_999) < 1_000);
    assert.ok(jitteredDelayMs(1_000, () => 0.999_999) > 999);
  });

  it('spreads Math.random draws over the range, within it', () => {
    const draws = Array.from({ length: 1_000 }, () => jitteredDelayMs(1_000));
    for (const d of draws) assert.ok(d >= 500 && d <= 1_000, String(d));
    assert.ok(Math.min(...draws) < 600 && Math.max(...draws) > 900, 'not spread');
  });
});
