/**
 * `creating`: the request that starts the payment is out. Its kind (src/modes/) decides which
 * of two sub-states: a session being created (then awaited), or a one-shot payment, whose
 * one answer is final. Pay and Start again are ignored here: a press joins this attempt.
 */
import type { SessionResponse, StatusResponse, TransactionSummary } from '../../contract.js';
import { requestKind } from '../../modes/request-kinds.js';
import type { Effect, EventOf, Handlers, Moment, Transition } from '../flow-events.js';
import {
  settledBase,
  type CreatingState,
  type CreatingView,
  type FinalState,
  type FlowBase,
  type FlowState,
  type OneShotState,
  type UnpaidState,
} from '../flow-state.js';
import { clientError, fallbackReason, notify, reviewReason, statusNotice } from '../notices.js';
import { abortInFlight, answerTo, forgetRequest, issue, unchanged } from '../requests.js';
import type { CheckoutNotice, ResolvedHandoff, StartRequest } from '../types.js';
import { enterAwaiting } from './awaiting.js';

export const creating: Handlers<CreatingState> = {
  started: answerTo('start', answered),
  'start-failed': answerTo('start', failed),
  suspended: forgetRequest,
  woken: (state, _event, { now }) => {
    if (state.inFlight !== null) return unchanged(state);
    // The creation was cut off: send it again with the same key, so the backend hands back
    // the session it may already have made instead of a second one.
    const next = issue(state, 'start', now);
    return {
      state: next.state,
      effects: [{ type: 'send', requestId: next.id, request: state.checkout.request, idempotencyKey: state.idempotencyKey }],
    };
  },
};

/**
 * Neither `suspended` nor `woken` is listed: the one request may carry a charge, so the runner
 * lets it finish while the host is away, and it is never sent again.
 */
export const oneShot: Handlers<OneShotState> = {
  started: answerTo('start', answered),
  'start-failed': answerTo('start', failed),
};

/**
 * Pay (or a new Pay from a final view): the request goes out with the press's key.
 * `handedOver`: a running late watch the runner takes over, told right after the abort.
 */
export function enterCreating(previous: FlowState, event: EventOf<'start'>, { now }: Moment, handedOver: Effect[] = []): Transition {
  const { request, idempotencyKey } = event;
  const kind = requestKind(request);
  // What el.state may show of the request (a card's number is not kept).
  const checkout: CreatingView = { status: 'creating', request: kind.keep(request) };
  const base: FlowBase = { config: event.config ?? previous.config, nextRequestId: previous.nextRequestId, inFlight: null };
  const { state: sent, id } = issue(base, 'start', now);
  const next: CreatingState | OneShotState = kind.oneShot
    ? { ...sent, phase: 'one-shot', checkout }
    : { ...sent, phase: 'creating', checkout, idempotencyKey };
  return {
    state: next,
    // A late-watch poll may still be out: the new attempt's request must be the only one.
    effects: [...abortInFlight(previous), ...handedOver, statusNotice(previous.checkout, checkout), { type: 'send', requestId: id, request, idempotencyKey }],
  };
}

/** The answer to the start request: a session to follow, or a one-shot payment's final status. */
function answered(state: CreatingState | OneShotState, event: EventOf<'started'>, { now }: Moment): Transition {
  const view = state.checkout;
  const answer = event.answer;
  if ('status' in answer) return settleOneShot(settledBase(state), view, answer.status);
  return enterAwaiting(settledBase(state), view, answer.session, resolveHandoff(view.request, answer.session), now, true);
}

function failed(state: CreatingState | OneShotState, event: EventOf<'start-failed'>): Transition {
  const next: UnpaidState = { ...settledBase(state), phase: 'unpaid', checkout: { status: 'error', error: event.error } };
  return { state: next, effects: [statusNotice(state.checkout, next.checkout), notify({ type: 'error', error: event.error })] };
}

function resolveHandoff(request: StartRequest, session: SessionResponse): ResolvedHandoff {
  if (session.handoff === 'device') return 'device';
  if (!('handoff' in request)) return 'qr';
  return request.handoff === 'device' ? 'qr' : request.handoff;
}

/**
 * A one-shot payment's answer is final at once: no session to follow, so nothing persisted and
 * no watch. `needs_review`: Paynet's answer was lost for good and the card may have been
 * charged, so no error view (whose "Try again" would send the payment again under a new key).
 */
function settleOneShot(base: FlowBase, previous: CreatingView, status: StatusResponse): Transition {
  const request = previous.request;
  const sessionId = status.sessionId;
  let next: FinalState | UnpaidState;
  let notice: CheckoutNotice;
  switch (status.status) {
    case 'succeeded': {
      const transaction = status.transaction ?? requestKind(request).summary(request) ?? unknownTransaction();
      next = { ...base, phase: 'final', checkout: { status: 'succeeded', transaction } };
      notice = { type: 'success', transaction, sessionId, late: false };
      break;
    }
    case 'failed': {
      const reason = status.reason ?? fallbackReason(base.config);
      next = { ...base, phase: 'final', checkout: { status: 'failed', reason } };
      notice = { type: 'failure', reason, sessionId };
      break;
    }
    case 'needs_review': {
      const reason = status.reason ?? reviewReason(base.config);
      next = { ...base, phase: 'final', checkout: { status: 'needs_review', reason } };
      notice = { type: 'review', reason, sessionId, late: false };
      break;
    }
    default: {
      // A one-shot payment answers with a final status; anything else is not something we can show as an outcome.
      const error = clientError(base.config, 'unknown', false);
      next = { ...base, phase: 'unpaid', checkout: { status: 'error', error } };
      notice = { type: 'error', error };
    }
  }
  return { state: next, effects: [statusNotice(previous, next.checkout), notify(notice)] };
}

/** Only a kind without a summary could reach this; a success is still a success. */
function unknownTransaction(): TransactionSummary {
  return { referenceNo: '', amount: '', currency: 'TRY', instalment: 1 };
}
