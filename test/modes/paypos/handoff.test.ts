import { expect, html, oneEvent } from '@open-wc/testing';
import type { PaynetErrorEvent } from '../../../src/events/paynet-error-event.js';
import type { PaynetSessionEvent } from '../../../src/events/paynet-session-event.js';
import { afterEach, describe, it } from '../../flow/mocha.js';
import { USER_AGENTS } from '../../mocks/user-agents.js';
import {
  $,
  checkout,
  FAST_POLL,
  forgetPersistedSessions,
  interceptLaunches,
  recordEvents,
  shadow,
  startSale,
  terminalEvents,
  text,
  useBackend,
  waitForStatus,
} from '../../element/helpers.js';
import { decodeSvgQr } from '../../element/qr-decode.js';

/** Makes this page look like another device; undone after each test. */
function pretendToBe(userAgent: string, platform: string | undefined): void {
  Object.defineProperty(navigator, 'userAgent', { value: userAgent, configurable: true });
  Object.defineProperty(navigator, 'userAgentData', {
    value: platform === undefined ? undefined : { platform, mobile: platform === 'Android' },
    configurable: true,
  });
}

function restoreUserAgent(): void {
  Reflect.deleteProperty(navigator, 'userAgent');
  Reflect.deleteProperty(navigator, 'userAgentData');
}

describe('<paynet-checkout> handoff', () => {
  afterEach(() => {
    restoreUserAgent();
    forgetPersistedSessions();
  });

  it('launches the PayPOS deeplink and offers an Open PayPOS link with handoff="deeplink"', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} handoff="deeplink" lang="en" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    const launched = interceptLaunches(el);
    const sessionEvent = oneEvent(el, 'paynet-session') as Promise<PaynetSessionEvent>;
    const { sessionId } = await startSale(el);
    expect((await sessionEvent).detail.handoff).to.equal('deeplink');
    const deeplink = backend.session(sessionId).deeplinkUrl;
    expect(launched).to.deep.equal([deeplink]);
    expect($<HTMLAnchorElement>(el, '[part="open-button"]').getAttribute('href')).to.equal(deeplink);
    expect(shadow(el).querySelector('[part="qr"]')).to.equal(null);
    expect(text(el)).to.contain('Complete the payment in PayPOS');
    await expect(el).to.be.accessible();
    backend.approve(sessionId);
    await waitForStatus(el, 'succeeded');
  });

  it('chooses the deeplink by itself on an Android phone (handoff="auto")', async () => {
    pretendToBe(USER_AGENTS.androidChrome, 'Android');
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    const launched = interceptLaunches(el);
    const { sessionId } = await startSale(el);
    expect(launched).to.deep.equal([backend.session(sessionId).deeplinkUrl]);
    expect(el.state.status === 'awaiting' && el.state.handoff).to.equal('deeplink');
  });

  it('shows a QR code on an iPhone, where PayPOS cannot run (handoff="auto")', async () => {
    pretendToBe(USER_AGENTS.iphone, undefined);
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    const launched = interceptLaunches(el);
    const { sessionId } = await startSale(el);
    expect(launched).to.deep.equal([]);
    const decoded = await decodeSvgQr($<SVGSVGElement>(el, '[part="qr"] svg'));
    expect(decoded).to.equal(backend.session(sessionId).deeplinkUrl);
    expect($(el, '[part="qr"] svg').getAttribute('aria-label')).to.equal('QR code of the PayPOS payment link');
  });

  it('refuses a javascript: deeplink from the backend: error event, nothing opened or rendered', async () => {
    const backend = await useBackend();
    backend.deeplinkOverride = 'javascript:window.__paynetOpened=1';
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} handoff="deeplink" lang="en" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
    const launched = interceptLaunches(el);
    const events = recordEvents(el);
    const error = oneEvent(el, 'paynet-error') as Promise<PaynetErrorEvent>;
    const input = $<HTMLInputElement>(el, '#amount');
    input.value = '10';
    input.dispatchEvent(new InputEvent('input'));
    $(el, '[part="pay-button"]').click();
    const { detail } = await error;
    expect(detail.code).to.equal('unsafe_deeplink');
    expect(detail.retryable).to.equal(false);
    await waitForStatus(el, 'error');
    expect(launched).to.deep.equal([]);
    expect(shadow(el).querySelector('a[href^="javascript"]')).to.equal(null);
    expect(Reflect.get(window, '__paynetOpened')).to.equal(undefined);
    expect(text(el)).to.contain('not safe to open');
    expect(terminalEvents(events).map((e) => e.type)).to.deep.equal(['paynet-error']);
  });

  it('copies the payment link, or shows it to copy by hand when the clipboard is unavailable', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    try {
      const backend = await useBackend();
      const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} handoff="qr" lang="en" poll-interval=${FAST_POLL.interval}></paynet-checkout>`);
      const { sessionId } = await startSale(el);
      $(el, '[part="copy-button"]').click();
      await el.updateComplete;
      await el.updateComplete;
      const fallback = $<HTMLInputElement>(el, '#copy-fallback');
      expect(fallback.value).to.equal(backend.session(sessionId).deeplinkUrl);
      expect(fallback.readOnly).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });
});
