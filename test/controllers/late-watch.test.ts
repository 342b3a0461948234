import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { http, HttpResponse, delay } from 'msw';
import type { StatusResponse } from '../../src/contract.js';
import { EXPIRY_GRACE_MS } from '../../src/flow/poll-policy.js';
import { describe, it } from '../flow/mocha.js';
import { ControllerTestHost, SLOW, T0, abortCountingFetch, checkoutOptions, expiresAfter, mountController, origin, saleRequest, saleSession, saleStatus, testEnvironment, useWorker } from './fixtures.js';
import { VirtualClock, until } from './virtual-clock.js';

/** Also shows whether a late payment is still watched, the one thing these tests read off the page. */
class LateWatchHost extends ControllerTestHost {
  override render() {
    const controller = this.controller;
    return html`<p>${controller?.state.status ?? 'none'} ${controller?.watchingLatePayment === true ? 'watching' : 'still'}</p>`;
  }
}
customElements.define('late-watch-host', LateWatchHost);

const TTL_MS = 60_000;
const SALE = saleRequest('qr');
const session = saleSession({ sessionId: 'ses_lw', referenceNo: 'REF-LW', deeplinkUrl: 'paypos://pay?session=ps_lw', expiresAt: expiresAfter(TTL_MS) });
const status = (value: StatusResponse['status']): StatusResponse => saleStatus(session, value, { authorizationCode: 'LATE1' });

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
  const network = { aborted: 0 };
  const host = document.createElement('late-watch-host') as LateWatchHost;
  return { ...mountController(host, checkoutOptions(abortCountingFetch(network)), testEnvironment(clock)), clock, network };
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
  const worker = useWorker('late-watch-host');

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
