/**
 * Long-poll as the runner performs it, over the real transport and msw (the mock merchant
 * backend holds `?wait=N` like the kit): advertised, the status request asks to be held and a
 * sale ends in a handful of requests; not advertised, polling is as before; a backend that
 * answers "held" requests at once gets the interval schedule, then plain polls.
 */
import { expect } from '@open-wc/testing';
import type { CheckoutOptions } from '../../src/controllers/checkout-controller.js';
import { LONG_POLL_MIN_HOLD_MS, FAST_LONG_POLLS_BEFORE_FALLBACK } from '../../src/flow/long-poll.js';
import { DEFAULT_POLL_POLICY } from '../../src/flow/poll-policy.js';
import { MockMerchantBackend, type MockBackendOptions } from '../mocks/merchant-backend.js';
import { describe, it } from '../flow/mocha.js';
import { ControllerTestHost, abortCountingFetch, checkoutOptions, mountController, saleRequest, testEnvironment, useWorker } from './fixtures.js';
import { VirtualClock, until } from './virtual-clock.js';

const SALE = saleRequest('qr');
const INTERVAL = DEFAULT_POLL_POLICY.intervalMs;

/** Real time passes (the network's), the virtual clock does not: nothing may be asked meanwhile. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 150));

describe('long-poll', () => {
  const worker = useWorker('controller-test-host', () => sessionStorage.clear());

  function mount(backendOptions: MockBackendOptions, options: Partial<CheckoutOptions> = {}) {
    const backend = new MockMerchantBackend(backendOptions);
    worker.use(...backend.handlers);
    // The mock writes expiresAt on the real clock: the virtual one starts there.
    const clock = new VirtualClock(Date.now());
    const host = document.createElement('controller-test-host') as ControllerTestHost;
    const mounted = mountController(host, checkoutOptions(abortCountingFetch({ aborted: 0 }), options), testEnvironment(clock));
    return { ...mounted, backend, clock };
  }

  const statusUrls = (backend: MockMerchantBackend) => backend.requestsTo('status').map((request) => new URL(request.url));
  const createdId = (controller: { state: { status: string } }) => (controller.state as { session?: { sessionId: string } }).session?.sessionId ?? '';

  it('advertised: asks to be held, and the success arrives on the held request (create + one poll)', async () => {
    const { controller, backend } = mount({ statusWaitSeconds: 25 });
    const result = controller.start(SALE);
    await until(() => backend.heldLongPolls === 1, 'the first status request held');
    backend.approve(createdId(controller));
    expect((await result).status).to.equal('succeeded');
    const [poll] = statusUrls(backend);
    expect(poll?.searchParams.get('wait')).to.equal('25');
    expect(backend.requests.length).to.be.at.most(5);
    expect(backend.requests.length).to.equal(2);
  });

  it('after a held pending answer, asks again at once (no interval), still held', async () => {
    const { controller, backend, clock } = mount({ statusWaitSeconds: 1 });
    const result = controller.start(SALE);
    await until(() => backend.arrivals('status') === 1, 'the first long-poll');
    // The backend holds it its full second; the page's clock moves with it.
    clock.advance(LONG_POLL_MIN_HOLD_MS);
    await until(() => backend.arrivals('status') === 2, 'the next long-poll, sent without the clock moving');
    backend.approve(createdId(controller));
    expect((await result).status).to.equal('succeeded');
    expect(statusUrls(backend).every((url) => url.searchParams.get('wait') === '1')).to.equal(true);
    expect(backend.requests.length).to.be.at.most(5);
  });

  it('not advertised: polls exactly as before (no wait, the next poll on the interval)', async () => {
    const { controller, backend, clock } = mount({});
    const result = controller.start(SALE);
    await until(() => backend.arrivals('status') === 1 && clock.pendingTimers === 1, 'the first poll answered');
    await settle();
    expect(backend.arrivals('status')).to.equal(1);
    expect(clock.delaysMs.at(-1)).to.equal(INTERVAL);
    clock.advance(INTERVAL);
    await until(() => backend.arrivals('status') === 2 && clock.pendingTimers === 1, 'the second poll');
    backend.approve(createdId(controller));
    clock.advance(INTERVAL);
    expect((await result).status).to.equal('succeeded');
    expect(statusUrls(backend).some((url) => url.searchParams.has('wait'))).to.equal(false);
  });

  it('a backend that answers long-polls at once gets the interval schedule, then plain polls: never a hot loop', async () => {
    const { controller, backend, clock } = mount({ statusWaitSeconds: 25, longPoll: 'ignore' });
    const result = controller.start(SALE);
    for (let asked = 1; asked <= FAST_LONG_POLLS_BEFORE_FALLBACK + 1; asked++) {
      await until(() => backend.arrivals('status') === asked && clock.pendingTimers === 1, `poll ${asked} answered`);
      await settle();
      expect(backend.arrivals('status'), 'nothing asked before the interval').to.equal(asked);
      clock.advance(INTERVAL);
    }
    // Recorded, not only arrived: Firefox's service worker may count a request before the mock has logged it.
    await until(() => statusUrls(backend).length === FAST_LONG_POLLS_BEFORE_FALLBACK + 2, 'the poll after the fallback');
    const waits = statusUrls(backend).map((url) => url.searchParams.get('wait'));
    expect(waits).to.deep.equal([...Array<string>(FAST_LONG_POLLS_BEFORE_FALLBACK).fill('25'), null, null]);
    backend.approve(createdId(controller));
    await until(() => clock.pendingTimers === 1, 'the last plain poll answered');
    clock.advance(INTERVAL);
    expect((await result).status).to.equal('succeeded');
  });

  it('Cancel during a held long-poll goes at once, without waiting for the hold', async () => {
    const { controller, backend, terminal } = mount({ statusWaitSeconds: 25 });
    const result = controller.start(SALE);
    await until(() => backend.heldLongPolls === 1, 'the long-poll held');
    controller.cancel();
    await until(() => backend.arrivals('cancel') === 1, 'the cancel sent while the poll is held');
    expect((await result).status).to.equal('cancelled');
    expect(terminal().map((notice) => notice.type)).to.deep.equal(['cancel']);
  });
});
