/**
 * A followed session's outcome: the backend's final word (or another tab's) becomes one
 * terminal state and one terminal notice, and a `cancelled` the phone could still pay opens
 * the late watch. Also the late outcomes after a cancel: a success, or a review by the shop.
 */
import type { SessionResponse, StatusResponse } from '../contract.js';
import { expiryEnd } from './expiry.js';
import type { Effect, EventOf, Moment, Transition } from './flow-events.js';
import {
  settledBase,
  type AwaitingState,
  type AwaitingView,
  type CancelledWatchingState,
  type CancellingState,
  type FlowBase,
  type FinalState,
  type UnpaidState,
} from './flow-state.js';
import { scheduleLateWatch } from './next-poll.js';
import { fallbackReason, notify, reviewReason, sessionFallbackTransaction, statusNotice } from './notices.js';
import { abortingFirst, unchanged } from './requests.js';
import type { CheckoutNotice, CheckoutState } from './types.js';

/** When the answer that settles a session was asked for, and what its late watch needs. */
export interface SettleTiming {
  /** undefined: not known (another tab's answer). */
  sentAt: number | undefined;
  now: number;
  random: number;
  retryAfterMs?: number | undefined;
}

/**
 * The backend's final word for the session followed in `state`: one terminal state, one notice.
 * `quiet`: the answer came from another tab (or is our own inference): it is not echoed.
 * `timing` undefined: no late watch whatever the answer.
 */
export function settle(state: FlowBase & { checkout: AwaitingView }, status: StatusResponse, quiet: boolean, timing?: SettleTiming): Transition {
  const view = state.checkout;
  const session = view.session;
  const sessionId = session.sessionId;
  const base = settledBase(state);
  let next: FinalState | UnpaidState;
  let notice: CheckoutNotice;
  switch (status.status) {
    case 'succeeded': {
      const transaction = status.transaction ?? sessionFallbackTransaction(session);
      next = { ...base, phase: 'final', checkout: { status: 'succeeded', session, transaction } };
      notice = { type: 'success', transaction, sessionId, late: false };
      break;
    }
    case 'failed': {
      const reason = status.reason ?? fallbackReason(state.config);
      next = { ...base, phase: 'final', checkout: { status: 'failed', session, reason } };
      notice = { type: 'failure', reason, sessionId };
      break;
    }
    case 'cancelled':
      next = { ...base, phase: 'unpaid', checkout: { status: 'cancelled', session } };
      notice = { type: 'cancel', sessionId };
      break;
    case 'needs_review': {
      const reason = status.reason ?? reviewReason(state.config);
      next = { ...base, phase: 'final', checkout: { status: 'needs_review', session, reason } };
      notice = { type: 'review', reason, sessionId, session, late: false };
      break;
    }
    case 'expired':
    case 'pending':
      next = { ...base, phase: 'unpaid', checkout: { status: 'expired', session } };
      notice = { type: 'expired', sessionId };
      break;
  }
  const effects: Effect[] = [{ type: 'clear-persisted' }];
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(view, next.checkout), notify(notice));
  // No watch after `expired`: we only conclude it from a check sent after expiryEnd (or the
  // backend says so after expiresAt, when Paynet takes no more payments on the session).
  if (next.checkout.status === 'cancelled' && timing !== undefined && (timing.sentAt === undefined || timing.sentAt < expiryEnd(session))) {
    const watching: CancelledWatchingState = {
      ...base,
      phase: 'cancelled-watching',
      checkout: next.checkout,
      lateWatchUntil: expiryEnd(session),
      consecutiveErrors: 0,
    };
    const scheduled = scheduleLateWatch(watching, timing.now, timing.random, timing.retryAfterMs);
    return { state: scheduled.state, effects: [...effects, { type: 'watch', session }, ...scheduled.effects] };
  }
  return { state: next, effects };
}

/** Another tab's final answer while we follow the same session: adopted quietly, our own request dropped. */
export function settleFromAnotherTab(state: AwaitingState | CancellingState, { status }: EventOf<'remote-result'>, { now, random }: Moment): Transition {
  if (status.status === 'pending' || status.sessionId !== state.checkout.session.sessionId) return unchanged(state);
  // When it was sent is unknown: a `cancelled` from there starts our own late watch.
  return abortingFirst(state, settle(state, status, true, { sentAt: undefined, now, random }));
}

/**
 * The phone paid a session shown as over (`quiet`: another tab found it and told the others;
 * our own watch tells them). Reported once: `succeeded` hears nothing more.
 */
export function lateSuccess(state: FlowBase & { checkout: CheckoutState }, session: SessionResponse, status: StatusResponse, quiet: boolean): Transition {
  const transaction = status.transaction ?? sessionFallbackTransaction(session);
  const next: FinalState = { ...settledBase(state), phase: 'final', checkout: { status: 'succeeded', session, transaction } };
  // The shown session was cleared from storage when it settled; only its watch entry is left.
  const effects: Effect[] = [{ type: 'unwatch', sessionId: session.sessionId }];
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(state.checkout, next.checkout), notify({ type: 'success', transaction, sessionId: session.sessionId, late: true }));
  return { state: next, effects };
}

/**
 * The watch after a cancel hears `needs_review`: the backend can no longer tell whether the
 * phone paid, so the cancel on screen ("not completed") may be wrong. The watch ends and the
 * shopper is told the shop will check it instead: never a success, never a failure.
 */
export function lateReview(state: CancelledWatchingState, status: StatusResponse, quiet: boolean): Transition {
  const session = state.checkout.session;
  const reason = status.reason ?? reviewReason(state.config);
  const next: FinalState = { ...settledBase(state), phase: 'final', checkout: { status: 'needs_review', session, reason } };
  // As for a late success: the pending-session entry went when the cancel settled.
  const effects: Effect[] = [{ type: 'unwatch', sessionId: session.sessionId }];
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(state.checkout, next.checkout), notify({ type: 'review', reason, sessionId: session.sessionId, session, late: true }));
  return { state: next, effects };
}
