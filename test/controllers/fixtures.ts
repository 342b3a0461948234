/** What the controller tests share: a host element, one sale's shapes, the mount wiring, the msw worker's life. */
import { LitElement, html } from 'lit';
import { setupWorker } from 'msw/browser';
import type { SessionResponse, StatusResponse, TransactionSummary } from '../../src/contract.js';
import { CheckoutController, type CheckoutOptions } from '../../src/controllers/checkout-controller.js';
import type { RunnerEnvironment } from '../../src/controllers/checkout-runner.js';
import { DEFAULT_POLL_POLICY } from '../../src/flow/poll-policy.js';
import type { CheckoutNotice, ResolvedHandoff, StartRequest } from '../../src/flow/types.js';
import { createMemoryStore } from '../../src/storage/session-store.js';
import { createMerchantApi } from '../../src/transport/merchant-api.js';
import { after, afterEach, before } from '../flow/mocha.js';
import type { VirtualClock } from './virtual-clock.js';

// The virtual clock starts here, so expiry instants in the tests are fixed, not "now + x".
export const T0 = Date.parse('2026-11-24T10:00:00.000Z');

// Late watches poll at the slow interval; tests step the clock by it.
export const SLOW = DEFAULT_POLL_POLICY.slowIntervalMs;

// The msw handlers answer on the page's own origin, where the relative sessionUrl goes.
export const origin = location.origin;

/** An instant `ms` after T0, as the backend writes expiresAt. */
export function expiresAfter(ms: number): string {
  return new Date(T0 + ms).toISOString();
}

/** The shopper's press: one 149.90 sale; only the handoff differs between the tests. */
export function saleRequest(handoff: ResolvedHandoff): StartRequest {
  return { kind: 'sale', amount: '149.90', instalment: 1, handoff };
}

/** A created PayPOS sale session as the merchant backend answers it. */
export function saleSession(fields: Pick<SessionResponse, 'sessionId' | 'referenceNo' | 'deeplinkUrl' | 'expiresAt'>): SessionResponse {
  return {
    sessionId: fields.sessionId,
    kind: 'sale',
    handoff: 'paypos',
    referenceNo: fields.referenceNo,
    amount: '149.90',
    currency: 'TRY',
    instalment: 1,
    deeplinkUrl: fields.deeplinkUrl,
    expiresAt: fields.expiresAt,
    statusUrl: `sessions/${fields.sessionId}`,
  };
}

/** The status answer for `session`; a success carries its transaction, with `proof` (authorisation code or masked card). */
export function saleStatus(session: SessionResponse, value: StatusResponse['status'], proof: Pick<TransactionSummary, 'authorizationCode' | 'cardMasked'>): StatusResponse {
  const answer: StatusResponse = { sessionId: session.sessionId, kind: 'sale', status: value, expiresAt: session.expiresAt };
  if (value === 'succeeded') answer.transaction = { referenceNo: session.referenceNo, amount: session.amount, currency: session.currency, instalment: session.instalment, ...proof };
  return answer;
}

/** The real merchant transport over `fetch`, with the element's usual settings; a test overrides what it needs. */
export function checkoutOptions(watchedFetch: typeof fetch, overrides: Partial<CheckoutOptions> = {}): CheckoutOptions {
  return {
    routes: { sessionUrl: '/api/paynet/sessions' },
    allowedSchemes: ['paypos', 'https'],
    pollPolicy: DEFAULT_POLL_POLICY,
    describeError: (code) => code,
    api: createMerchantApi({ fetch: watchedFetch }),
    ...overrides,
  };
}

/** The real fetch (msw answers); the wrapper only counts aborts, which is how a test sees a request dropped. */
export function abortCountingFetch(network: { aborted: number }): typeof fetch {
  return (input, init) => {
    init?.signal?.addEventListener('abort', () => network.aborted++);
    return fetch(input, init);
  };
}

/** The runner's surroundings under test: the virtual clock, a store that dies with the test, and no other tab. */
export function testEnvironment(clock: VirtualClock, overrides: Partial<RunnerEnvironment> = {}): Partial<RunnerEnvironment> {
  return { clock, store: createMemoryStore(), openChannel: () => ({ post() {}, close() {} }), ...overrides };
}

/** The smallest lit host a controller can live in; it shows the state so a test can see it re-render. */
export class ControllerTestHost extends LitElement {
  controller: CheckoutController | undefined;
  override render() {
    return html`<p>${this.controller?.state.status ?? 'none'}</p>`;
  }
}
customElements.define('controller-test-host', ControllerTestHost);

const TERMINAL: ReadonlyArray<CheckoutNotice['type']> = ['success', 'failure', 'expired', 'cancel', 'review', 'error'];

/** Puts a controller on `host` and the host in the page (which connects it), collecting every notice. */
export function mountController(host: ControllerTestHost, options: CheckoutOptions, environment: Partial<RunnerEnvironment>) {
  const notices: CheckoutNotice[] = [];
  const controller = new CheckoutController(host, () => options, (notice) => notices.push(notice), environment);
  host.controller = controller;
  document.body.append(host);
  const terminal = () => notices.filter((n) => TERMINAL.includes(n.type));
  return { host, controller, notices, terminal };
}

/**
 * Registers (in the calling describe) one msw worker for its tests: handlers and the hosts
 * named `hostTag` do not outlive a test, so no request lands on a later test's backend.
 */
export function useWorker(hostTag: string, cleanUp: () => void = () => {}) {
  const worker = setupWorker();
  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    worker.resetHandlers();
    document.querySelectorAll(hostTag).forEach((element) => element.remove());
    cleanUp();
  });
  after(() => worker.stop());
  return worker;
}
