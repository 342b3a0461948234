/** What every handler of the simulator works with. */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultRegistry } from './faults.js';
import type { JsonObject, Reply } from './http-io.js';
import type { SimulatorOptions } from './options.js';
import type { SimState } from './state.js';
import type { Terminal } from './terminal.js';
import type { WebhookSender } from './webhook.js';

export interface SimContext {
  readonly options: SimulatorOptions;
  readonly state: SimState;
  readonly faults: FaultRegistry;
  readonly webhooks: WebhookSender;
  readonly terminal: Terminal;
}

/** A parsed Paynet or device API request: the body is always a JSON object by the time a handler sees it. */
export interface ApiRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: JsonObject;
}

export type ApiHandler = (ctx: SimContext, request: ApiRequest) => Reply | Promise<Reply>;
