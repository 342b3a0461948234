/** Shared set-up for element tests: the msw worker, a fresh mock backend per test, fixtures, waits. */
import { fixture, html } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import '../../src/paynet-checkout.js';
import type { PaynetCheckout } from '../../src/paynet-checkout.component.js';
import type { CheckoutStatus } from '../../src/flow/types.js';
import { loadLanguage } from '../../src/i18n/strings-for.js';
import { cardChunk, qrChunk, runtimeChunk, terminalChunk } from '../../src/lazy/chunks.js';
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

/**
 * The element with every lazy chunk (and English) already loaded, so a test sees each view as soon as its
 * state is reached (test/lazy/ covers the element before its chunks arrive).
 */
export async function checkout(template: ReturnType<typeof html>): Promise<PaynetCheckout> {
  await Promise.all([runtimeChunk.load(), qrChunk.load(), cardChunk.load(), terminalChunk.load(), loadLanguage('en')]);
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

/**
 * How long a wait for something that should happen may take. Generous: on a busy machine (2
 * cores, load 10–15) a step that takes 50 ms when idle takes seconds, and axe's first audit on a
 * page several. A passing test never waits this long; a failing one says what it waited for.
 * (The runner's per-test limit, web-test-runner.config.mjs, is longer still.)
 */
export const WAIT_LIMIT_MS = 20_000;

/** How often a condition is looked at again. */
const CHECK_INTERVAL_MS = 10;

/**
 * How long a count must stand still before a test takes it that something has stopped (polling
 * after a final state): about twenty of the tests' 15 ms poll intervals.
 */
export const QUIET_MS = 300;

function nextCheck(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, CHECK_INTERVAL_MS));
}

/** Resolves once `condition()` holds; fails after WAIT_LIMIT_MS with `what` (asked then, so it can say the state at that time). */
export async function waitFor(condition: () => boolean, what: string | (() => string)): Promise<void> {
  const deadline = performance.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`waited ${WAIT_LIMIT_MS} ms: ${typeof what === 'string' ? what : what()}`);
    await nextCheck();
  }
}

/**
 * Resolves with `count()` once it has not changed for QUIET_MS: how a test sees that the element
 * has stopped doing something (a request on its way still lands first). Fails if the count keeps
 * changing for WAIT_LIMIT_MS, as it would if polling went on.
 */
export async function quiet(count: () => number, what: string): Promise<number> {
  const deadline = performance.now() + WAIT_LIMIT_MS;
  let last = count();
  let since = performance.now();
  for (;;) {
    await nextCheck();
    const now = performance.now();
    const current = count();
    if (current !== last) {
      last = current;
      since = now;
    } else if (now - since >= QUIET_MS) {
      return current;
    }
    if (now > deadline) throw new Error(`waited ${WAIT_LIMIT_MS} ms for ${what} to stop (now ${current})`);
  }
}

/**
 * The element has stopped sending `count` requests (polling after a final state): at most the
 * one already on its way when this is called lands, and then nothing for QUIET_MS.
 */
export async function pollingStopped(count: () => number, what = 'status requests'): Promise<void> {
  const before = count();
  const after = await quiet(count, what);
  if (after > before + 1) throw new Error(`${what} went on after the end: ${before} then ${after}`);
}

export async function waitForStatus(el: PaynetCheckout, status: CheckoutStatus): Promise<void> {
  await waitFor(() => el.state.status === status, () => `state never became ${status} (is ${el.state.status})`);
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
