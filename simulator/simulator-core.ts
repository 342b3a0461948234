/**
 * The Paynet simulator without a host: Paynet's endpoints, the control API, faults and quirks,
 * as one `handle(request) → outcome` function over plain data. The same behaviour runs in two
 * hosts: `startSimulator` (index.ts) puts it behind a node:http server (server.ts), and a
 * browser page can put it behind a service worker or a `fetch` of its own (web-adapter.ts).
 *
 * Nothing this module imports touches a Node module (test/simulator/browser-path.test.ts holds
 * it to that), so a browser bundle may import this file directly; index.ts is the Node entry.
 *
 *   const core = createSimulatorCore({ paymentSessionTtlMs: 300_000 }, savedSnapshot);
 *   core.onChange(() => storage.setItem('sim', JSON.stringify(core.snapshot())));
 *   const outcome = await core.handle({ method: 'POST', url, headers, body });
 */
import { resetSimulator } from './control.js';
import type { SimContext } from './context.js';
import { dispatch } from './dispatch.js';
import { FaultRegistry } from './faults.js';
import { DROPPED, type SimOutcome, type SimRequest } from './http-io.js';
import { assertHttpUrl, resolveOptions, resolveQuirks, type SimulatorOptions } from './options.js';
import type { Quirks } from './quirks.js';
import { readSnapshot, restoreSnapshot, takeSnapshot, type SimSnapshot } from './snapshot.js';
import { SimState, type CallRecord, type CardPaymentRecord, type DeviceTransaction, type PaymentSession, type SoftposTransactionRecord } from './state.js';
import { Terminal } from './terminal.js';
import { WebhookSender, type WebhookDelivery } from './webhook.js';

export { BODY_TOO_LARGE, MAX_BODY_BYTES, type SimAnswer, type SimOutcome, type SimRequest } from './http-io.js';
export type { SimHeaders } from './context.js';
export { MAX_SNAPSHOT_CALLS, type SimSnapshot } from './snapshot.js';
export type { SimulatorOptions } from './options.js';
export type { Quirks } from './quirks.js';

/** Read-only view of what the simulator holds, for tests. Card data in it is masked. */
export interface SimulatorStateView {
  readonly sessions: ReadonlyMap<string, Readonly<PaymentSession>>;
  readonly transactions: ReadonlyMap<string, Readonly<SoftposTransactionRecord>>;
  /** reference_no → every v2/transaction/payment attempt made with it. */
  readonly cardPayments: ReadonlyMap<string, readonly CardPaymentRecord[]>;
  readonly deviceTransactions: ReadonlyMap<string, Readonly<DeviceTransaction>>;
  readonly calls: readonly CallRecord[];
  readonly webhookDeliveries: readonly WebhookDelivery[];
}

export interface SimulatorCore {
  /**
   * Answers one request: a Paynet endpoint (through the faults and quirks in force) or the
   * control API under /_sim/ (with CORS headers; OPTIONS answered 204). `{dropped: true}` means
   * close the connection unanswered: a `drop` fault (after Paynet did the work), a `hang` once it
   * is released (faults cleared, `close()`, or the request's `gone` aborted), and every request
   * after `close()`.
   */
  handle(request: SimRequest): Promise<SimOutcome>;
  readonly state: SimulatorStateView;
  /** The readings of Paynet's pages in force (GET /_sim/quirks). */
  readonly quirks: Readonly<Quirks>;
  /** Sets the quirks: fields left out take the simulator's starting reading (PUT /_sim/quirks). */
  setQuirks(quirks: Partial<Quirks>): void;
  /** Where approvals are announced from now on (e.g. once the merchant server knows its port). */
  setWebhookUrl(url: string | undefined): void;
  /** Same as POST /_sim/reset (quirks back to the starting reading too). */
  reset(): void;
  /**
   * Ends held requests, pending terminal sales (their held calls answered 1008) and webhook
   * deliveries; later requests are dropped. onChange listeners are let go first, untold.
   */
  close(): void;
  /** The state as JSON-serialisable plain data (the call log and webhook deliveries: the last 200). */
  snapshot(): SimSnapshot;
  /**
   * Calls `listener` after the state changed (a Paynet call, a control action, a terminal sale
   * timing out), at most once per turn of the event loop's microtask queue. Returns the unsubscribe.
   */
  onChange(listener: () => void): () => void;
}

/**
 * A simulator core. `restore`: a `snapshot()` to start from (a pending PayPOS session can still
 * be approved, a pending terminal sale times out in the time it had left); one that does not have
 * the snapshot's shape is ignored and the simulator starts empty.
 */
export function createSimulatorCore(options: Partial<SimulatorOptions> = {}, restore?: SimSnapshot): SimulatorCore {
  const resolved = resolveOptions(options);
  const state = new SimState(() => resolved.now());
  const initialQuirks = resolved.quirks as Quirks;
  const listeners = new Set<() => void>();
  let notifying = false;
  // Coalesced: one request may change several things; listeners run once, after all of them.
  const changed = (): void => {
    if (notifying || listeners.size === 0) return;
    notifying = true;
    queueMicrotask(() => {
      notifying = false;
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch {
          // Saving the state is the host's business; its failure must not fail a Paynet call.
        }
      }
    });
  };
  const ctx: SimContext = {
    options: resolved,
    state,
    faults: new FaultRegistry(),
    quirks: { current: initialQuirks, initial: initialQuirks },
    webhooks: new WebhookSender(() => resolved.webhookUrl),
    terminal: new Terminal(state, () => resolved.now(), resolved.deviceSaleTimeoutMs, changed),
    changed,
  };
  const restored = restore === undefined ? undefined : readSnapshot(restore, initialQuirks);
  if (restored) {
    restoreSnapshot(ctx, restored);
    ctx.terminal.resumePending();
  }

  const closing = new AbortController();
  const view: SimulatorStateView = {
    get sessions() {
      // Brings expiries up to date before the caller reads statuses.
      state.allSessions();
      return state.sessions;
    },
    transactions: state.transactions,
    cardPayments: state.cardPayments,
    deviceTransactions: state.deviceTransactions,
    calls: state.calls,
    webhookDeliveries: ctx.webhooks.deliveries,
  };

  return {
    handle(request) {
      return closing.signal.aborted ? Promise.resolve(DROPPED) : dispatch(ctx, closing.signal, request);
    },
    state: view,
    get quirks() {
      return ctx.quirks.current;
    },
    setQuirks(quirks) {
      ctx.quirks.current = resolveQuirks({ ...ctx.quirks.initial, ...quirks });
      changed();
    },
    setWebhookUrl(url) {
      if (url !== undefined) assertHttpUrl(url, 'webhookUrl');
      resolved.webhookUrl = url;
    },
    reset() {
      resetSimulator(ctx);
      changed();
    },
    close() {
      // Closing is the host going away, not something that happened to a payment: listeners are
      // not told, so a saved snapshot keeps the sales that were pending.
      listeners.clear();
      closing.abort();
      ctx.terminal.abortAll('Simülatör kapandı');
      ctx.webhooks.abortAll();
    },
    snapshot: () => takeSnapshot(ctx),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
