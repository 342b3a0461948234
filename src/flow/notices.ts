/** What the flow tells its host, and the readable stand-ins for what an answer left out. */
import type { Reason, SessionResponse, TransactionSummary } from '../contract.js';
import type { Effect } from './flow-events.js';
import type { FlowConfig } from './flow-state.js';
import type { CheckoutError, CheckoutNotice, CheckoutState } from './types.js';

export function notify(notice: CheckoutNotice): Effect {
  return { type: 'notify', notice };
}

/** Every change of status is told, with the status it left and the session it concerns. */
export function statusNotice(previous: CheckoutState, next: CheckoutState): Effect {
  const sessionId = 'session' in next ? next.session?.sessionId : undefined;
  return notify({
    type: 'status',
    status: next.status,
    previous: previous.status,
    ...(sessionId === undefined ? {} : { sessionId }),
  });
}

export function clientError(config: FlowConfig, code: string, retryable: boolean): CheckoutError {
  return { code, message: config.describeError(code), retryable };
}

export function fallbackReason(config: FlowConfig): Reason {
  return { code: 'failed', message: config.describeError('failed') };
}

/** A `needs_review` answer without its reason still says what it is. */
export function reviewReason(config: FlowConfig): Reason {
  return { code: 'needs_review', message: config.describeError('needs_review') };
}

/** A success whose details did not arrive is still a success: say what we know. */
export function sessionFallbackTransaction(session: SessionResponse): TransactionSummary {
  return { referenceNo: session.referenceNo, amount: session.amount, currency: session.currency, instalment: session.instalment };
}
