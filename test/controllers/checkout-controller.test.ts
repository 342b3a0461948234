import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import type { CheckoutOptions } from '../../src/controllers/checkout-controller.js';
import type { RunnerEnvironment } from '../../src/controllers/checkout-runner.js';
import { DEFAULT_POLL_POLICY } from '../../src/flow/poll-policy.js';
import { openBroadcastSessionChannel } from '../../src/storage/session-channel.js';
import { createMemoryStore, createWebStorageStore } from '../../src/storage/session-store.js';
import { describe, it } from '../flow/mocha.js';
import { ControllerTestHost, T0, abortCountingFetch, checkoutOptions, expiresAfter, mountController, origin, saleRequest, saleSession, saleStatus, testEnvironment, useWorker } from './fixtures.js';
import { VirtualClock, until } from './virtual-clock.js';

const SALE = saleRequest('deeplink');
const session = saleSession({ sessionId: 'ses_1', referenceNo: 'REF-1', deeplinkUrl: 'paypos://pay?session=ps_1', expiresAt: expiresAfter(5 * 60_000) });
const status = (value: StatusResponse['status']): StatusResponse => saleStatus(session, value, { authorizationCode: 'OK1' });

/** A scripted backend: creation always works; status answers are taken from `script` in order (last one repeats). */
class Backend {
  statusCalls = 0;
  cancelCalls = 0;
  createKeys: Array<string | null> = [];
  constructor(public script: Array<() => Response | Promise<Response>>) {}

  handlers() {
    return [
      http.post(`${origin}/api/paynet/sessions`, ({ request }) => {
        this.createKeys.push(request.headers.get('Idempotency-Key'));
        return HttpResponse.json(session, { status: 201 });
      }),
      http.get(`${origin}/api/paynet/sessions/ses_1`, () => {
        this.statusCalls++;
        const next = this.script.length > 1 ? this.script.shift() : this.script[0];
        if (next === undefined) throw new Error('empty script');
        return next();
      }),
      http.post(`${origin}/api/paynet/sessions/ses_1/cancel`, () => {
        this.cancelCalls++;
        return HttpResponse.json(status('succeeded'));
      }),
    ];
  }
}

const json = (answer: StatusResponse) => () => HttpResponse.json(answer);

function mount(options: Partial<CheckoutOptions> = {}, env: Partial<RunnerEnvironment> = {}) {
  const clock = new VirtualClock(T0);
  const network = { aborted: 0 };
  const host = document.createElement('controller-test-host') as ControllerTestHost;
  const full = checkoutOptions(abortCountingFetch(network), { describeError: (code) => `text:${code}`, ...options });
  return { ...mountController(host, full, testEnvironment(clock, env)), clock, network };
}

describe('checkout controller', () => {
  const worker = useWorker('controller-test-host', () => sessionStorage.clear());

  it('reports success after a 500, keeping the shopper on the waiting screen meanwhile', async () => {
    const backend = new Backend([() => new HttpResponse(null, { status: 500 }), json(status('succeeded'))]);
    worker.use(...backend.handlers());
    const { controller, clock, notices, terminal } = mount();
    const result = controller.start(SALE);
    await until(() => backend.statusCalls === 1 && controller.state.status === 'awaiting' && controller.state.reconnecting, 'first poll to fail');
    expect(terminal()).to.deep.equal([]);
    expect(notices).to.deep.include({ type: 'launch', url: 'paypos://pay?session=ps_1' });
    clock.advance(DEFAULT_POLL_POLICY.maxBackoffMs);
    const final = await result;
    expect(final.status).to.equal('succeeded');
    expect(terminal().map((n) => n.type)).to.deep.equal(['success']);
    expect(clock.pendingTimers).to.equal(0);
  });

  it('settles on needs_review: pay() resolves with it, the pending session is forgotten, nothing more is asked', async () => {
    const review: StatusResponse = { ...status('needs_review'), reason: { code: 'needs_review', message: 'The shop will check this payment.' } };
    const backend = new Backend([json(status('pending')), json(review)]);
    worker.use(...backend.handlers());
    const store = createMemoryStore();
    const { controller, clock, terminal } = mount({ persistKey: 'ctl-review' }, { store });
    const result = controller.start(SALE);
    await until(() => backend.statusCalls === 1 && clock.pendingTimers === 1, 'first poll');
    expect(store.load('ctl-review')?.session.sessionId).to.equal('ses_1');
    clock.advance(DEFAULT_POLL_POLICY.intervalMs);
    const final = await result;
    expect(final.status).to.equal('needs_review');
    expect(final.status === 'needs_review' && final.reason).to.deep.equal(review.reason);
    expect(terminal()).to.deep.equal([{ type: 'review', reason: review.reason, sessionId: 'ses_1', session: controller.state.status === 'needs_review' ? controller.state.session : undefined, late: false }]);
    expect(store.load('ctl-review')).to.equal(undefined);
    expect(clock.pendingTimers).to.equal(0);
    window.dispatchEvent(new Event('online'));
    clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(backend.statusCalls).to.equal(2);
  });

  it('shows reconnecting after a network error, then the success', async () => {
    const backend = new Backend([() => HttpResponse.error(), json(status('pending')), json(status('succeeded'))]);
    worker.use(...backend.handlers());
    const { controller, clock, host } = mount();
    const result = controller.start(SALE);
    await until(() => controller.state.status === 'awaiting' && controller.state.reconnecting, 'reconnecting');
    await host.updateComplete;
    expect(host.shadowRoot?.textContent).to.contain('awaiting');
    clock.advance(DEFAULT_POLL_POLICY.maxBackoffMs);
    await until(() => backend.statusCalls === 2 && controller.state.status === 'awaiting' && !controller.state.reconnecting, 'recovery');
    clock.advance(DEFAULT_POLL_POLICY.intervalMs);
    expect((await result).status).to.equal('succeeded');
  });

  it('checks again at once when the tab becomes visible, without waiting for the timer', async () => {
    const backend = new Backend([json(status('pending'))]);
    worker.use(...backend.handlers());
    const { controller, clock } = mount();
    void controller.start(SALE);
    await until(() => backend.statusCalls >= 1 && clock.pendingTimers === 1, 'first poll');
    // Counted from here: the browser may already have re-checked once on its own (page shown late).
    const polled = backend.statusCalls;
    // The runner may run this page in a background tab: say it became visible, as the browser would.
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    // Wait for the re-check's answer too: while a request is in flight a re-check is (rightly) skipped.
    await until(() => backend.statusCalls === polled + 1 && clock.pendingTimers === 1, 'the re-check');
    window.dispatchEvent(new Event('online'));
    await until(() => backend.statusCalls === polled + 2, 'the re-check when back online');
  });

  it('stops every request and timer when removed, and goes on polling when put back', async () => {
    const backend = new Backend([json(status('pending')), async () => {
      await delay('infinite');
      return HttpResponse.json(status('pending'));
    }, json(status('pending'))]);
    worker.use(...backend.handlers());
    const { host, controller, clock, network } = mount();
    void controller.start(SALE);
    await until(() => backend.statusCalls === 1 && clock.pendingTimers === 1, 'first poll');
    clock.advance(DEFAULT_POLL_POLICY.intervalMs);
    await until(() => backend.statusCalls === 2, 'second poll in flight');
    host.remove();
    expect(network.aborted).to.equal(1);
    expect(clock.pendingTimers).to.equal(0);
    clock.advance(60_000);
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.statusCalls).to.equal(2);
    document.body.append(host);
    await until(() => backend.statusCalls === 3, 'a poll after re-adding');
    expect(controller.state.status).to.equal('awaiting');
  });

  it('retries a failed creation with the same idempotency key', async () => {
    let attempts = 0;
    const keys: Array<string | null> = [];
    worker.use(
      http.post(`${origin}/api/paynet/sessions`, ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'));
        attempts++;
        return attempts === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json(session, { status: 201 });
      }),
      http.get(`${origin}/api/paynet/sessions/ses_1`, () => HttpResponse.json(status('pending'))),
    );
    const { controller, clock } = mount();
    void controller.start(SALE);
    await until(() => attempts === 1 && clock.pendingTimers === 1, 'first attempt');
    clock.advance(1_000);
    await until(() => controller.state.status === 'awaiting', 'the session');
    expect(keys).to.have.length(2);
    expect(keys[0]).to.be.a('string').and.have.length.greaterThan(10);
    expect(keys[1]).to.equal(keys[0]);
  });

  it('reports success, not cancel, when the backend says the phone already paid', async () => {
    const backend = new Backend([json(status('pending'))]);
    worker.use(...backend.handlers());
    const { controller, clock, terminal } = mount();
    const result = controller.start(SALE);
    // At least one poll answered (a browser may add a re-check of its own when the page turns
    // visible late, as Firefox does on a slow first start) and the next one is waiting.
    await until(() => backend.statusCalls >= 1 && clock.pendingTimers === 1, 'first poll', () =>
      `status calls ${backend.statusCalls}, timers ${clock.pendingTimers}, state ${JSON.stringify(controller.state)}`,
    );
    controller.cancel();
    expect(controller.state.status === 'awaiting' && controller.state.cancelling).to.equal(true);
    expect((await result).status).to.equal('succeeded');
    expect(backend.cancelCalls).to.equal(1);
    expect(terminal().map((n) => n.type)).to.deep.equal(['success']);
  });

  it('counts down to expiresAt', async () => {
    const backend = new Backend([json(status('pending'))]);
    worker.use(...backend.handlers());
    const { controller, clock } = mount();
    expect(controller.remainingMs()).to.equal(undefined);
    void controller.start(SALE);
    await until(() => controller.state.status === 'awaiting', 'the session');
    expect(controller.remainingMs()).to.equal(5 * 60_000);
    clock.advance(1_000);
    expect(controller.remainingMs()).to.equal(5 * 60_000 - 1_000);
  });

  it('resumes a persisted session after a reload and clears it once it is over', async () => {
    const backend = new Backend([json(status('pending'))]);
    worker.use(...backend.handlers());
    const store = createWebStorageStore();
    const first = mount({ persistKey: 'paynet-test' }, { store });
    void first.controller.start(SALE);
    await until(() => first.controller.state.status === 'awaiting', 'the session');
    const saved = JSON.parse(sessionStorage.getItem('paynet-test') ?? 'null') as { session?: SessionResponse } | null;
    expect(saved?.session?.sessionId).to.equal('ses_1');
    first.host.remove();
    // A "reload": a new element and controller, nothing in memory.
    backend.script = [json(status('succeeded'))];
    const second = mount({ persistKey: 'paynet-test' }, { store });
    expect(second.controller.state.status).to.equal('awaiting');
    expect(second.notices.some((n) => n.type === 'launch')).to.equal(false);
    await until(() => second.controller.state.status === 'succeeded', 'the resumed success');
    expect(sessionStorage.getItem('paynet-test')).to.equal(null);
  });

  it('shares a final answer with another tab watching the same session', async () => {
    const backend = new Backend([json(status('pending'))]);
    worker.use(...backend.handlers());
    const store = createWebStorageStore();
    const a = mount({ persistKey: 'paynet-tabs' }, { store, openChannel: (listener) => openBroadcastSessionChannel(listener, 'paynet-checkout-test') });
    void a.controller.start(SALE);
    await until(() => a.controller.state.status === 'awaiting' && a.clock.pendingTimers === 1, 'tab A waiting');
    const b = mount({ persistKey: 'paynet-tabs' }, { store, openChannel: (listener) => openBroadcastSessionChannel(listener, 'paynet-checkout-test') });
    await until(() => b.clock.pendingTimers === 1, 'tab B waiting');
    backend.script = [json(status('succeeded'))];
    a.clock.advance(DEFAULT_POLL_POLICY.intervalMs);
    await until(() => b.controller.state.status === 'succeeded', 'tab B to adopt the success');
    expect(b.terminal().map((n) => n.type)).to.deep.equal(['success']);
    expect(b.clock.pendingTimers).to.equal(0);
  });
});
