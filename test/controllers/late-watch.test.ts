import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { http, HttpResponse, delay } from 'msw';
import { setupWorker } from 'msw/browser';
import type { SessionResponse, StatusResponse } from '../../src/contract.js';
import { CheckoutController } from '../../src/controllers/checkout-controller.js';
import { DEFAULT_POLL_POLICY, EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import type { CheckoutNotice, StartRequest } from '../../src/flow/types.js';
import { createMemoryStore } from '../../src/storage/session-store.js';
import { createMerchantApi } from '../../src/transport/merchant-api.js';
import { after, afterEach, before, describe, it } from '../flow/mocha.js';
import { VirtualClock, until } from './virtual-clock.js';

class LateWatchHost extends LitElement {
  controller: CheckoutController | undefined;
  override render() {
    const controller = this.controller;
    return html`<p>${controller?.state.status ?? 'none'} ${controller?.watchingLatePayment === true ? 'watching' : 'still'}</p>`;
  }
}
customElements.define('late-watch-host', LateWatchHost);

const worker = setupWorker();
const origin = location.origin;
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const TTL_MS = 60_000;
const EXPIRES_AT = new Date(T0 + TTL_MS).toISOString();
const SALE: StartRequest = { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'qr' };
const SLOW = DEFAULT_POLL_POLICY.slowIntervalMs;

const session: SessionResponse = {
  sessionId: 'ses_lw',
  kind: 'sale',
  handoff: 'paypos',
  referenceNo: 'REF-LW',
  amount: '149.90',
  currency: 'TRY',
  instalment: 1,
  deeplinkUrl: 'paypos://pay?session=ps_lw',
  expiresAt: EXPIRES_AT,
  statusUrl: 'sessions/ses_lw',
};

function status(value: StatusResponse['status']): StatusResponse {
  const answer: StatusResponse = { sessionId: 'ses_lw', kind: 'sale', status: value, expiresAt: EXPIRES_AT };
  if (value === 'succeeded') answer.transaction = { referenceNo: 'REF-LW', amount: '149.90', currency: 'TRY', instalment: 1, authorizationCode: 'LATE1' };
  return answer;
}

/** Cancel is accepted; status answers what `truth` says now (the phone may pay after the cancel). */
class Backend {
  truth: StatusResponse['status'] = 'pending';
  statusCalls = 0;
  /** Hold the next status answer forever (a request left in flight). */
  hang = false;
  handlers() {
    return [
      http.post(`${origin}/api/paynet/sessions`, () => HttpResponse.json(session, { status: 201 })),
      http.get(`${origin}/api/paynet/sessions/ses_lw`, async () => {
        this.statusCalls++;
        if (this.hang) await delay('infinite');
        return HttpResponse.json(status(this.truth));
      }),
      http.post(`${origin}/api/paynet/sessions/ses_lw/cancel`, () => {
        if (this.truth === 'pending') this.truth = 'cancelled';
        return HttpResponse.json(status(this.truth));
      }),
    ];
  }
}

function mount() {
  const clock = new VirtualClock(T0);
  const notices: CheckoutNotice[] = [];
  const network = { aborted: 0 };
  const watchedFetch: typeof fetch = (input, init) => {
    init?.signal?.addEventListener('abort', () => network.aborted++);
    return fetch(input, init);
  };
  const host = document.createElement('late-watch-host') as LateWatchHost;
  host.controller = new CheckoutController(
    host,
    () => ({
      sessionUrl: '/api/paynet/sessions',
      allowedSchemes: ['paypos', 'https'],
      pollPolicy: DEFAULT_POLL_POLICY,
      describeError: (code) => code,
      api: createMerchantApi({ fetch: watchedFetch }),
    }),
    (notice) => notices.push(notice),
    { clock, store: createMemoryStore(), openChannel: () => ({ post() {}, close() {} }) },
  );
  document.body.append(host);
  const controller = host.controller;
  const terminal = () => notices.filter((n) => ['success', 'failure', 'expired', 'cancel', 'error'].includes(n.type));
  return { host, controller, clock, notices, network, terminal };
}

/** Starts a sale, lets the first poll answer pending, presses Cancel and waits for `cancelled`. */
async function cancelled(backend: Backend) {
  const mounted = mount();
  void mounted.controller.start(SALE);
  await until(() => backend.statusCalls === 1 && mounted.clock.pendingTimers === 1, 'first poll');
  mounted.controller.cancel();
  await until(() => mounted.controller.state.status === 'cancelled', 'the cancel');
  return mounted;
}

describe('late watch in the runner', () => {
  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    worker.resetHandlers();
    document.querySelectorAll('late-watch-host').forEach((element) => element.remove());
  });
  after(() => worker.stop());

  it('keeps a timer while cancelled, polls on it, and shows the late payment', async () => {
    const backend = new Backend();
    worker.use(...backend.handlers());
    const { host, controller, clock, terminal } = await cancelled(backend);
    expect(controller.watchingLatePayment).to.equal(true);
    expect(clock.pendingTimers).to.equal(1);
    expect(clock.delaysMs.at(-1)).to.equal(SLOW);
    await host.updateComplete;
    expect(host.shadowRoot?.textContent).to.contain('cancelled watching');

    clock.advance(SLOW);
    await until(() => backend.statusCalls === 2 && clock.pendingTimers === 1, 'a watch poll');
    expect(controller.state.status).to.equal('cancelled');

    backend.truth = 'succeeded';
    clock.advance(SLOW);
    await until(() => controller.state.status === 'succeeded', 'the late success');
    expect(terminal().map((n) => [n.type, n.type === 'success' && n.late])).to.deep.equal([
      ['cancel', false],
      ['success', true],
    ]);
    expect(clock.pendingTimers).to.equal(0);
    expect(controller.watchingLatePayment).to.equal(false);
  });

  it('stops at expiryEnd: no timer and no request after the final check is answered, and re-renders', async () => {
    const backend = new Backend();
    worker.use(...backend.handlers());
    const { host, controller, clock } = await cancelled(backend);
    const end = T0 + TTL_MS + EXPIRY_GRACE_MS;
    while (clock.pendingTimers > 0) {
      const calls = backend.statusCalls;
      clock.advance(SLOW);
      await until(() => backend.statusCalls === calls + 1 && controller.state.status === 'cancelled' && (clock.pendingTimers === 1 || !controller.watchingLatePayment), 'the next watch answer');
      expect(clock.now()).to.be.at.most(end + SLOW);
    }
    expect(controller.watchingLatePayment).to.equal(false);
    await host.updateComplete;
    expect(host.shadowRoot?.textContent).to.contain('cancelled still');
    const calls = backend.statusCalls;
    clock.advance(10 * 60_000);
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.statusCalls).to.equal(calls);
    // One watch poll for every slow interval between the cancel and expiryEnd, and no more.
    expect(calls - 1).to.be.within(Math.floor((end - T0) / SLOW) - 1, Math.ceil((end - T0) / SLOW) + 1);
  });

  it('aborts the watch poll and drops its timer when removed, and asks again when put back', async () => {
    const backend = new Backend();
    worker.use(...backend.handlers());
    const { host, controller, clock, network } = await cancelled(backend);
    backend.hang = true;
    clock.advance(SLOW);
    await until(() => backend.statusCalls === 2, 'watch poll in flight');
    host.remove();
    expect(network.aborted).to.equal(1);
    expect(clock.pendingTimers).to.equal(0);
    backend.hang = false;
    backend.truth = 'succeeded';
    document.body.append(host);
    await until(() => controller.state.status === 'succeeded', 'the late success after re-adding');
    expect(backend.statusCalls).to.equal(3);
  });
});
