/** Shared set-up for element tests: the msw worker, a fresh mock backend per test, fixtures, waits. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import '../../src/paynet-checkout.js';
import type { PaynetCheckout } from '../../src/paynet-checkout.component.js';
import type { CheckoutStatus } from '../../src/flow/types.js';
import { MockMerchantBackend, type MockBackendOptions } from '../mocks/merchant-backend.js';

export const worker = setupWorker();
let started: Promise<unknown> | undefined;

/** Starts msw once per test file, and gives each test a backend of its own. */
export async function useBackend(options?: MockBackendOptions): Promise<MockMerchantBackend> {
  started ??= worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  await started;
  const backend = new MockMerchantBackend(options);
  worker.resetHandlers(...backend.handlers);
  return backend;
}

/** Short polls so a test takes milliseconds; no test asserts on timing. */
export const FAST_POLL = { interval: 15, slow: 15, slowAfter: 60_000 } as const;

export async function checkout(template: ReturnType<typeof html>): Promise<PaynetCheckout> {
  return fixture<PaynetCheckout>(template);
}

export function shadow(el: PaynetCheckout): ShadowRoot {
  const root = el.shadowRoot;
  if (root === null) throw new Error('no shadow root');
  return root;
}

export function $<T extends Element = HTMLElement>(el: PaynetCheckout, selector: string): T {
  const found = shadow(el).querySelector<T>(selector);
  if (found === null) throw new Error(`nothing matches ${selector}`);
  return found;
}

export function text(el: PaynetCheckout): string {
  // Intl puts no-break spaces in amounts ("TRY\u00a01,234.56"); tests compare plain spaces.
  return (shadow(el).textContent ?? '').replace(/\s+/gu, ' ').trim();
}

export async function waitForStatus(el: PaynetCheckout, status: CheckoutStatus): Promise<void> {
  await waitUntil(() => el.state.status === status, `state never became ${status} (is ${el.state.status})`, { timeout: 5_000 });
  await el.updateComplete;
}

export async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** Every paynet-* event the element fires, in order. */
export function recordEvents(el: PaynetCheckout): CustomEvent[] {
  const events: CustomEvent[] = [];
  for (const type of ['session', 'status', 'success', 'failure', 'expired', 'cancel', 'review', 'error']) {
    el.addEventListener(`paynet-${type}`, (event) => events.push(event as CustomEvent));
  }
  return events;
}

export const TERMINAL_EVENTS = ['paynet-success', 'paynet-failure', 'paynet-expired', 'paynet-cancel', 'paynet-review', 'paynet-error'];

export function terminalEvents(events: CustomEvent[]): CustomEvent[] {
  return events.filter((event) => TERMINAL_EVENTS.includes(event.type));
}

/** Catches the element's launch of a deeplink (a click on an anchor in its shadow root) without navigating. */
export function interceptLaunches(el: PaynetCheckout): string[] {
  const launched: string[] = [];
  shadow(el).addEventListener(
    'click',
    (event) => {
      const target = event.target;
      if (target instanceof HTMLAnchorElement) {
        event.preventDefault();
        launched.push(target.href);
      }
    },
    { capture: true },
  );
  return launched;
}

/** A pending session from an earlier test must not be resumed by the next one. */
export function forgetPersistedSessions(): void {
  sessionStorage.clear();
}

/** Types an amount, presses Pay, and waits for the session the backend created. */
export async function startSale(el: PaynetCheckout, amount = '149,90'): Promise<{ sessionId: string }> {
  const session = new Promise<{ sessionId: string }>((resolve) => {
    el.addEventListener('paynet-session', (event) => resolve(event.detail), { once: true });
  });
  const input = shadow(el).querySelector<HTMLInputElement>('#amount');
  if (input !== null) await typeInto(input, amount);
  $(el, '[part="pay-button"]').click();
  const detail = await session;
  await waitForStatus(el, 'awaiting');
  return detail;
}

/** A sale element showing a QR code, polling fast: the shape most outcome tests need. */
export function qrSaleElement(backend: MockMerchantBackend, lang = 'en'): Promise<PaynetCheckout> {
  return checkout(html`<paynet-checkout
    session-url=${backend.sessionUrl}
    handoff="qr"
    lang=${lang}
    poll-interval=${FAST_POLL.interval}
    poll-slow-interval=${FAST_POLL.slow}
  ></paynet-checkout>`);
}

/** Starts a sale and presses Cancel; the backend agrees (the phone has not paid yet). */
export async function cancelledSale(el: PaynetCheckout): Promise<string> {
  const { sessionId } = await startSale(el);
  $(el, '[part="cancel-button"]').click();
  await waitForStatus(el, 'cancelled');
  return sessionId;
}
