/** What every handler of the simulator works with. */
import type { Credentials } from './auth.js';
import type { FaultRegistry } from './faults.js';
import type { JsonObject } from './http-io.js';
import type { SimulatorOptions } from './options.js';
import type { Answer, Quirks } from './quirks.js';
import type { SimState } from './state.js';
import type { Terminal } from './terminal.js';
import type { WebhookSender } from './webhook.js';

/** The readings of Paynet's pages in force: `initial` from the options, `current` set through /_sim/quirks. */
export interface QuirkSetting {
  current: Readonly<Quirks>;
  readonly initial: Readonly<Quirks>;
}

export interface SimContext {
  readonly options: SimulatorOptions;
  readonly state: SimState;
  readonly faults: FaultRegistry;
  readonly quirks: QuirkSetting;
  readonly webhooks: WebhookSender;
  readonly terminal: Terminal;
  /** Says the state changed, so a host that keeps it can save it (simulator-core.ts `onChange`). */
  readonly changed: () => void;
}

/**
 * Request headers by lower-case name, as a host hands them over: Node's `IncomingHttpHeaders`
 * fits, and so does `Object.fromEntries(webRequest.headers)`.
 */
export type SimHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A parsed Paynet or device API request: the body is always a JSON object by the time a handler sees it. */
export interface ApiRequest {
  readonly headers: SimHeaders;
  readonly body: JsonObject;
  /** Checked before the handler runs (auth.ts says why). */
  readonly credentials: Credentials;
}

/** Handlers say what Paynet means; quirks.ts writes it. */
export type ApiHandler = (ctx: SimContext, request: ApiRequest) => Answer | Promise<Answer>;
