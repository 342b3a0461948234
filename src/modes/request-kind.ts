/** What each way to start a payment provides to the flow and to the runner (see request-kinds.ts). */
import type { SessionResponse, StatusResponse, TransactionSummary } from '../contract.js';
import type { StartRequest } from '../flow/types.js';
import type { MerchantApi } from '../transport/merchant-api.js';

/**
 * The backend's answer to the request that starts a payment: a session to follow until it is
 * final (PayPOS, terminal, reversal), or at once the final status (a one-shot card payment).
 */
export type StartAnswer = { session: SessionResponse } | { status: StatusResponse };

/** The merchant backend's routes, as the element was configured. */
export interface SendContext {
  api: MerchantApi;
  sessionUrl: string;
  reversalUrl?: string | undefined;
  paymentUrl?: string | undefined;
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
