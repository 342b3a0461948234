import { expect } from '@open-wc/testing';
import { TransportError, type TransportErrorInit } from '../../src/transport/errors.js';
import { CREATE_RETRY_DELAYS_MS, retryDelayMs, shouldRetry, withRetries } from '../../src/transport/retry.js';
import { VirtualClock, until } from '../controllers/virtual-clock.js';
import { describe, it } from '../flow/mocha.js';

function transportError(init: Pick<TransportErrorInit, 'kind' | 'code'> & { status?: number }): TransportError {
  return new TransportError({ message: init.code, ...init });
}

const network = transportError({ kind: 'network', code: 'network' });
const unavailable = transportError({ kind: 'http', code: 'http_503', status: 503 });
const rejected = transportError({ kind: 'http', code: 'amount_invalid', status: 422 });
const malformed = transportError({ kind: 'malformed', code: 'malformed_response' });

/** A start request that fails with `failures` in turn, then answers 'session'. */
function flaky(failures: readonly unknown[]) {
  const calls = { count: 0 };
  const call = (): Promise<string> => {
    const failure = failures[calls.count];
    calls.count++;
    return failure === undefined ? Promise.resolve('session') : Promise.reject(failure);
  };
  return { calls, call };
}

describe('retry of the start request', () => {
  it('retries a failure that may pass, as often as there are delays', () => {
    for (const error of [network, unavailable, transportError({ kind: 'timeout', code: 'timeout' }), transportError({ kind: 'http', code: 'http_429', status: 429 })]) {
      expect(shouldRetry(error, 0), error.code).to.equal(true);
      expect(shouldRetry(error, CREATE_RETRY_DELAYS_MS.length - 1), error.code).to.equal(true);
      expect(shouldRetry(error, CREATE_RETRY_DELAYS_MS.length), error.code).to.equal(false);
    }
  });

  it('does not retry a refusal, a malformed answer, an abort or an error not from the transport', () => {
    const aborted = transportError({ kind: 'aborted', code: 'aborted' });
    for (const error of [rejected, malformed, aborted, new Error('bug')]) expect(shouldRetry(error, 0), String(error)).to.equal(false);
  });

  it('waits 500 ms, then 1.5 s', () => {
    expect([retryDelayMs(0), retryDelayMs(1)]).to.deep.equal([500, 1_500]);
  });

  it('gets the session on the third try after two network failures, on the clock it was given', async () => {
    const clock = new VirtualClock(0);
    const { calls, call } = flaky([network, unavailable]);
    const result = withRetries(clock, new AbortController().signal, call);
    await until(() => clock.pendingTimers === 1, 'the first pause');
    clock.advance(500);
    await until(() => calls.count === 2 && clock.pendingTimers === 1, 'the second pause');
    clock.advance(1_500);
    expect(await result).to.equal('session');
    expect(calls.count).to.equal(3);
    expect(clock.delaysMs).to.deep.equal([500, 1_500]);
  });

  it('gives up with the last failure once the delays are used up', async () => {
    const clock = new VirtualClock(0);
    const { calls, call } = flaky([network, network, unavailable]);
    const result = withRetries(clock, new AbortController().signal, call).catch((error: unknown) => error);
    await until(() => clock.pendingTimers === 1, 'the first pause');
    clock.advance(500);
    await until(() => calls.count === 2 && clock.pendingTimers === 1, 'the second pause');
    clock.advance(1_500);
    expect(await result).to.equal(unavailable);
    expect(calls.count).to.equal(3);
  });

  it('fails at once on a refusal or a malformed answer', async () => {
    for (const error of [rejected, malformed]) {
      const clock = new VirtualClock(0);
      const { calls, call } = flaky([error]);
      expect(await withRetries(clock, new AbortController().signal, call).catch((caught: unknown) => caught)).to.equal(error);
      expect(calls.count).to.equal(1);
      expect(clock.delaysMs).to.deep.equal([]);
    }
  });

  it('stops during a pause when the request is aborted, with no timer left and no further try', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const { calls, call } = flaky([network]);
    const result = withRetries(clock, controller.signal, call).catch((error: unknown) => error);
    await until(() => clock.pendingTimers === 1, 'the pause');
    const reason = new Error('shopper left');
    controller.abort(reason);
    expect(await result).to.equal(reason);
    expect(clock.pendingTimers).to.equal(0);
    clock.advance(10_000);
    expect(calls.count).to.equal(1);
  });
});
