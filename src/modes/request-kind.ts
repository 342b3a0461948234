/** What each way to start a payment provides to the flow and to the runner (see request-kinds.ts). */
import type { SessionResponse, StatusResponse, TransactionSummary } from '../contract.js';
import type { StartRequest } from '../flow/types.js';
import type { PaynetCheckoutValues } from '../paynet-checkout.attributes.js';
import type { MerchantApi } from '../transport/merchant-api.js';

/**
 * The backend's answer to the request that starts a payment: a session to follow until it is
 * final (PayPOS, terminal, reversal), or at once the final status (a one-shot card payment).
 */
export type StartAnswer = { session: SessionResponse } | { status: StatusResponse };

/**
 * The merchant backend's routes as the element was configured: every `*Url` property
 * (sessionUrl, reversalUrl, paymentUrl…), so a method with a route of its own only declares
 * its attribute, and the route reaches its `send` with no one in between naming it.
 */
export type RouteName = Extract<keyof PaynetCheckoutValues, `${string}Url`>;
export type Routes = { readonly [K in RouteName]?: string | undefined };

export interface SendContext {
  api: MerchantApi;
  routes: Routes;
}

export interface RequestKind<R extends StartRequest> {
  /**
   * Answered once, with a final status, and that answer may carry a charge: the request is not
   * aborted when the element leaves the page, and never sent again after a disconnect.
   */
  readonly oneShot: boolean;
  /** What of the request the flow's state may hold (el.state is readable by the page). */
  keep(request: R): R;
  /** What a one-shot success without its transaction details still says was paid. */
  summary(request: R): TransactionSummary | undefined;
  /** The one request to the merchant backend (the runner retries it with the same key). */
  send(context: SendContext, request: R, idempotencyKey: string, signal: AbortSignal): Promise<StartAnswer>;
}

/** A kind answered with a session to follow: nothing to redact, nothing to summarise, sent again after a disconnect. */
export function sessionKind<R extends StartRequest>(send: RequestKind<R>['send']): RequestKind<R> {
  return { oneShot: false, keep: (request) => request, summary: () => undefined, send };
}
