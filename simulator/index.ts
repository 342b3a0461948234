/**
 * The Paynet simulator: a real HTTP server speaking the Paynet endpoints of paynet-api.md,
 * plus a control API under /_sim/ (docs/paynet-simulator.md).
 *
 *   const sim = await startSimulator({ port: 0 });
 *   // Paynet base URL: sim.url
 *   await sim.close();
 *
 * The behaviour is the host-neutral core (simulator-core.ts, also exported here); this entry
 * adds the node:http server. A browser bundle imports simulator-core.ts and web-adapter.ts
 * directly, never this file.
 */
import type { AddressInfo } from 'node:net';
import { DEFAULT_OPTIONS, type SimulatorOptions } from './options.js';
import type { Quirks } from './quirks.js';
import { createSimulatorServer } from './server.js';
import { createSimulatorCore, type SimulatorStateView } from './simulator-core.js';

export type { SimulatedDevice, SimulatorOptions } from './options.js';
export { DEFAULT_OPTIONS } from './options.js';
export { DEFAULT_QUIRKS, QUIRK_NAMES, type Quirks } from './quirks.js';
export type { FaultRule } from './faults.js';
export type { CallRecord, CardPaymentRecord, DeviceTransaction, PaymentSession, SoftposTransactionRecord } from './state.js';
export type { WebhookBody, WebhookDelivery } from './webhook.js';
export { PRESENTED_CARDS, isLuhnValid, maskPan } from './cards.js';
export {
  BODY_TOO_LARGE,
  MAX_BODY_BYTES,
  MAX_SNAPSHOT_CALLS,
  createSimulatorCore,
  type SimAnswer,
  type SimHeaders,
  type SimOutcome,
  type SimRequest,
  type SimSnapshot,
  type SimulatorCore,
  type SimulatorStateView,
} from './simulator-core.js';
export { simulatorFetch, simulatorResponse, toResponse, toSimRequest } from './web-adapter.js';

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
  const core = createSimulatorCore(options);
  const server = createSimulatorServer(core);
  const listenOn = { port: options.port ?? DEFAULT_OPTIONS.port, host: options.host ?? DEFAULT_OPTIONS.host };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOn.port, listenOn.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = listenOn.host.includes(':') ? `[${listenOn.host}]` : listenOn.host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    state: core.state,
    setWebhookUrl: (url) => core.setWebhookUrl(url),
    get quirks() {
      return core.quirks;
    },
    setQuirks: (quirks) => core.setQuirks(quirks),
    reset: () => core.reset(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        core.close();
        server.close(() => resolve());
        // Held device sales have just been answered; whatever is still open is idle or mid-fault.
        setImmediate(() => server.closeAllConnections());
      });
      return closed;
    },
  };
}
