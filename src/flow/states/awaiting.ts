/**
 * `awaiting`: a session is open and the phone has it; the flow polls its status on a timer
 * until the backend gives a final word (or a check sent after the session's end still says
 * `pending`). Only the backend knows whether the phone paid, so errors are asked through quietly.
 */
import type { SessionResponse, StatusResponse } from '../../contract.js';
import { isAllowedDeeplink } from '../../handoff/deeplink.js';
import { expiryEnd } from '../expiry.js';
import type { Effect, EventOf, Handlers, Moment, Transition } from '../flow-events.js';
import { settledBase, type AwaitingState, type FlowBase, type UnpaidState } from '../flow-state.js';
import { calmed, reconnecting, schedulePoll } from '../next-poll.js';
import { clientError, notify, statusNotice } from '../notices.js';
import { afterPendingAnswer, isLongPoll } from '../long-poll.js';
import { abortingFirst, answerTo, forgetRequest, pollNow, pollUnlessBusy, type Asking } from '../requests.js';
import { settle, settleFromAnotherTab } from '../settle.js';
import type { CheckoutError, CheckoutState, ResolvedHandoff } from '../types.js';
import { sendCancel } from './cancelling.js';

export const awaiting: Handlers<AwaitingState> = {
  'poll-due': pollUnlessBusy,
  woken: pollUnlessBusy,
  'poll-result': answerTo('poll', polled),
  'poll-failed': answerTo('poll', (state, event, { now, random }) =>
    afterPollError({ ...state, inFlight: null }, event.error, state.inFlight.sentAt, now, random, event.retryAfterMs),
  ),
  'cancel-requested': (state, _event, { now }) => {
    const checkout = { ...state.checkout, cancelling: true as const };
    // A held long-poll could keep the press waiting for seconds: it is dropped and the cancel
    // goes now (the backend's cancel asks Paynet first, so a payment still wins).
    if (isLongPoll(state.inFlight)) return abortingFirst(state, sendCancel({ ...state, checkout, inFlight: null }, now));
    // A poll out may bring the success: the cancel waits for its answer (see cancelling).
    if (state.inFlight !== null) return { state: { ...state, phase: 'cancelling', checkout, inFlight: state.inFlight }, effects: [] };
    return sendCancel({ ...state, checkout }, now);
  },
  'remote-result': settleFromAnotherTab,
  suspended: forgetRequest,
};

/**
 * A session to follow (created, or found after a reload): its deeplink is checked against the
 * allowlist before anything shows it or launches it, then its status is asked at once.
 * `launch`: a session just created on the deeplink handoff is opened on the phone.
 */
export function enterAwaiting(
  base: FlowBase,
  previous: CheckoutState,
  session: SessionResponse,
  handoff: ResolvedHandoff,
  now: number,
  launch: boolean,
): Transition {
  const link = session.deeplinkUrl;
  if (link !== null && !isAllowedDeeplink(link, base.config.allowedSchemes)) {
    const error = clientError(base.config, 'unsafe_deeplink', false);
    const next: UnpaidState = { ...base, phase: 'unpaid', checkout: { status: 'error', error, session } };
    return {
      state: next,
      effects: [{ type: 'clear-persisted' }, statusNotice(previous, next.checkout), notify({ type: 'error', error, sessionId: session.sessionId })],
    };
  }
  const next: AwaitingState = {
    ...base,
    phase: 'awaiting',
    checkout: { status: 'awaiting', session, handoff, reconnecting: false, cancelling: false },
    sessionStartedAt: now,
    consecutiveErrors: 0,
  };
  const polled = pollNow(next, session, now);
  const effects: Effect[] = [
    { type: 'persist', session, handoff },
    notify({ type: 'session', session, handoff }),
    statusNotice(previous, next.checkout),
  ];
  if (launch && handoff === 'deeplink' && link !== null) effects.push(notify({ type: 'launch', url: link }));
  return { state: polled.state, effects: [...effects, ...polled.effects] };
}

function polled(state: AwaitingState & Asking, event: EventOf<'poll-result'>, { now, random }: Moment): Transition {
  const sentAt = state.inFlight.sentAt;
  const settled: AwaitingState = { ...state, inFlight: null };
  const status = event.status;
  if (status.sessionId !== state.checkout.session.sessionId) {
    return afterPollError(settled, clientError(state.config, 'malformed_response', true), sentAt, now, random);
  }
  if (status.status !== 'pending') return settle(settled, status, false, { sentAt, now, random, retryAfterMs: event.retryAfterMs });
  const answered = calmed(settled);
  if (sentAt >= expiryEnd(answered.checkout.session)) {
    // Our own conclusion, not the backend's word: other tabs make their own last check.
    return settle(answered, syntheticExpiry(status), true);
  }
  const { again, state: calm } = afterPendingAnswer(answered, state.inFlight, now);
  // A held long-poll answered: the next one goes at once (it waits at the backend, not here).
  if (again) return pollNow(calm, calm.checkout.session, now);
  return schedulePoll(calm, now, random, event.retryAfterMs);
}

function afterPollError(
  state: AwaitingState,
  error: CheckoutError,
  sentAt: number,
  now: number,
  random: number,
  retryAfterMs?: number,
): Transition {
  const view = state.checkout;
  if (!error.retryable && sentAt >= expiryEnd(view.session)) {
    // Past the deadline and the backend refuses to say (404, 401…): stop, and say so.
    const next: UnpaidState = { ...settledBase(state), phase: 'unpaid', checkout: { status: 'error', error, session: view.session } };
    return {
      state: next,
      effects: [{ type: 'clear-persisted' }, statusNotice(view, next.checkout), notify({ type: 'error', error, sessionId: view.session.sessionId })],
    };
  }
  // Before that, and for any error that may pass, keep asking quietly: only the backend
  // knows whether the phone paid.
  return schedulePoll(reconnecting(state), now, random, retryAfterMs);
}

function syntheticExpiry(status: StatusResponse): StatusResponse {
  return { ...status, status: 'expired' };
}
