/**
 * The Paynet simulator: a real HTTP server speaking the Paynet endpoints of paynet-api.md,
 * plus a control API under /_sim/ (docs/paynet-simulator.md).
 *
 *   const sim = await startSimulator({ port: 0 });
 *   // Paynet base URL: sim.url
 *   await sim.close();
 */
import type { AddressInfo } from 'node:net';
import type { SimContext } from './context.js';
import { resetSimulator } from './control.js';
import { FaultRegistry } from './faults.js';
import { assertHttpUrl, resolveOptions, resolveQuirks, type SimulatorOptions } from './options.js';
import type { Quirks } from './quirks.js';
import { createSimulatorServer } from './server.js';
import { SimState, type CallRecord, type CardPaymentRecord, type DeviceTransaction, type PaymentSession, type SoftposTransactionRecord } from './state.js';
import { Terminal } from './terminal.js';
import { WebhookSender, type WebhookDelivery } from './webhook.js';

export type { SimulatedDevice, SimulatorOptions } from './options.js';
export { DEFAULT_OPTIONS } from './options.js';
export { DEFAULT_QUIRKS, QUIRK_NAMES, type Quirks } from './quirks.js';
export type { FaultRule } from './faults.js';
export type { CallRecord, CardPaymentRecord, DeviceTransaction, PaymentSession, SoftposTransactionRecord } from './state.js';
export type { WebhookBody, WebhookDelivery } from './webhook.js';
export { PRESENTED_CARDS, isLuhnValid, maskPan } from './cards.js';

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

export interface Simulator {
  /** "http://127.0.0.1:<port>": the Paynet base URL (and device API base URL). */
  readonly url: string;
  readonly port: number;
  readonly state: SimulatorStateView;
  /** Where approvals are announced from now on (e.g. once the merchant server knows its port). */
  setWebhookUrl(url: string | undefined): void;
  /** The readings of Paynet's pages in force (GET /_sim/quirks). */
  readonly quirks: Readonly<Quirks>;
  /** Sets the quirks: fields left out take the simulator's starting reading (PUT /_sim/quirks). */
  setQuirks(quirks: Partial<Quirks>): void;
  /** Same as POST /_sim/reset (quirks back to the starting reading too). */
  reset(): void;
  /** Ends held requests and pending webhooks, closes every connection, and stops listening. */
  close(): Promise<void>;
}

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const state = new SimState(() => resolved.now());
  const initialQuirks = resolved.quirks as Quirks;
  const ctx: SimContext = {
    options: resolved,
    state,
    faults: new FaultRegistry(),
    quirks: { current: initialQuirks, initial: initialQuirks },
    webhooks: new WebhookSender(() => resolved.webhookUrl),
    terminal: new Terminal(state, () => resolved.now(), resolved.deviceSaleTimeoutMs),
  };
  const closing = new AbortController();
  const server = createSimulatorServer(ctx, closing.signal);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

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

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    state: view,
    setWebhookUrl(url) {
      if (url !== undefined) assertHttpUrl(url, 'webhookUrl');
      resolved.webhookUrl = url;
    },
    get quirks() {
      return ctx.quirks.current;
    },
    setQuirks(quirks) {
      ctx.quirks.current = resolveQuirks({ ...ctx.quirks.initial, ...quirks });
    },
    reset() {
      resetSimulator(ctx);
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        ctx.terminal.abortAll('Simülatör kapandı');
        ctx.webhooks.abortAll();
        server.close(() => resolve());
        // Held device sales have just been answered; whatever is still open is idle or mid-fault.
        setImmediate(() => server.closeAllConnections());
      });
      return closed;
    },
  };
}
