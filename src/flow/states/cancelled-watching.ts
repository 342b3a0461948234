/**
 * `cancelled`, still watching: the cancel was reported, but the phone can still pay until
 * Paynet closes the session, so the flow keeps asking (slowly) until a status request sent at
 * or after that end is answered. A `succeeded` then is reported once as a late success; a
 * `needs_review` ends the watch with a late review. Leaving the view (Start again, a new Pay)
 * does not end the watch: the runner takes it over (`watch-in-background`).
 */
import type { Effect, EventOf, Handlers, Moment, Transition } from '../flow-events.js';
import { settledBase, type CancelledWatchingState } from '../flow-state.js';
import { scheduleLateWatch } from '../next-poll.js';
import { clientError } from '../notices.js';
import { abortingFirst, answerTo, forgetRequest, pollUnlessBusy, unchanged, type Asking } from '../requests.js';
import { lateReview, lateSuccess } from '../settle.js';
import type { CheckoutError } from '../types.js';
import { enterCreating } from './creating.js';
import { enterIdle } from './idle.js';

export const cancelledWatching: Handlers<CancelledWatchingState> = {
  'poll-due': pollUnlessBusy,
  // A watch cut by a disconnect asks at once: if its end passed while away, this is its final check.
  woken: pollUnlessBusy,
  'poll-result': answerTo('poll', watched),
  'poll-failed': answerTo('poll', (state, event, { now, random }) =>
    afterWatchError(state, state.inFlight.sentAt, event.error, now, random, event.retryAfterMs),
  ),
  'remote-result': (state, { status }) => {
    if (status.sessionId !== state.checkout.session.sessionId) return unchanged(state);
    // Another tab found it: our watch poll (if any) has nothing left to learn.
    if (status.status === 'succeeded') return abortingFirst(state, lateSuccess(state, state.checkout.session, status, true));
    // Another tab's watch got the backend's last word: ours would only hear it again.
    if (status.status === 'needs_review') return abortingFirst(state, lateReview(state, status, true));
    return unchanged(state);
  },
  suspended: forgetRequest,
  start: (state, event, at) => enterCreating(state, event, at, handOver(state)),
  reset: (state) => enterIdle(state, handOver(state)),
};

/** The watch goes on behind the new flow as it is, minus the request the leaving aborts. */
function handOver(state: CancelledWatchingState): Effect[] {
  return [{ type: 'watch-in-background', watch: { ...state, inFlight: null } }];
}

function watched(state: CancelledWatchingState & Asking, event: EventOf<'poll-result'>, { now, random }: Moment): Transition {
  const sentAt = state.inFlight.sentAt;
  const status = event.status;
  if (status.sessionId !== state.checkout.session.sessionId) {
    return afterWatchError(state, sentAt, clientError(state.config, 'malformed_response', true), now, random, undefined);
  }
  if (status.status === 'succeeded') return lateSuccess(state, state.checkout.session, status, false);
  if (status.status === 'needs_review') return lateReview(state, status, false);
  // Asked at or after the end and still not paid: Paynet takes nothing more on this session.
  if (sentAt >= state.lateWatchUntil) return endWatch(state);
  return scheduleLateWatch({ ...state, inFlight: null, consecutiveErrors: 0 }, now, random, event.retryAfterMs);
}

function afterWatchError(
  state: CancelledWatchingState,
  sentAt: number,
  error: CheckoutError,
  now: number,
  random: number,
  retryAfterMs: number | undefined,
): Transition {
  // As in awaiting: past the end, a refusal (404, 401…) will not pass, so the watch stops
  // (quietly: the cancel was already reported); an error that may pass is asked again.
  if (!error.retryable && sentAt >= state.lateWatchUntil) return endWatch(state);
  return scheduleLateWatch({ ...state, inFlight: null, consecutiveErrors: state.consecutiveErrors + 1 }, now, random, retryAfterMs);
}

/** The watch is over: `cancelled` stays shown, as it was, and the session leaves the watched list. */
function endWatch(state: CancelledWatchingState): Transition {
  return {
    state: { ...settledBase(state), phase: 'unpaid', checkout: state.checkout },
    effects: [{ type: 'unwatch', sessionId: state.checkout.session.sessionId }],
  };
}
