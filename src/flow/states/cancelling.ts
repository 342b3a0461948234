/**
 * `awaiting`, cancelling: Cancel was pressed and the backend decides. The cancel goes out at
 * once, or, when a poll was out at the press, as soon as that poll answers without a final
 * word (it may bring the success, which wins). A `succeeded` answer to the cancel is a success;
 * a `pending` one (the phone may be mid-payment) goes back to awaiting.
 */
import type { EventOf, Handlers, Moment, Transition } from '../flow-events.js';
import type { AwaitingState, CancellingState, FlowBase } from '../flow-state.js';
import { calmed, reconnecting, schedulePoll } from '../next-poll.js';
import { answerTo, issue } from '../requests.js';
import { settle, settleFromAnotherTab } from '../settle.js';

export const cancelling: Handlers<CancellingState> = {
  // The poll that was out when Cancel was pressed: a final word settles the session (a success
  // wins over the press); anything else, even past the deadline, lets the cancel go and decide.
  'poll-result': answerTo('poll', (state, event, { now, random }) => {
    const settled = { ...state, inFlight: null };
    const status = event.status;
    if (status.sessionId !== state.checkout.session.sessionId) return sendCancel(reconnecting(settled), now);
    if (status.status !== 'pending') {
      return settle(settled, status, false, { sentAt: state.inFlight.sentAt, now, random, retryAfterMs: event.retryAfterMs });
    }
    return sendCancel(calmed(settled), now);
  }),
  'poll-failed': answerTo('poll', (state, _event, { now }) => sendCancel(reconnecting({ ...state, inFlight: null }), now)),
  'cancel-result': answerTo('cancel', cancelAnswered),
  'cancel-failed': answerTo('cancel', (state, event, { now, random }) => afterCancelError(state, now, random, event.retryAfterMs)),
  'remote-result': settleFromAnotherTab,
  // The runner dropped the request out; the press goes with it (the shopper can press again).
  suspended: (state) => ({ state: backToAwaiting(state, state.checkout.reconnecting, state.consecutiveErrors), effects: [] }),
};

type Cancellable = FlowBase & Pick<CancellingState, 'checkout' | 'sessionStartedAt' | 'consecutiveErrors'>;

/** The cancel request goes out now (nothing else is out): its answer, not the press, decides. */
export function sendCancel(state: Cancellable, now: number): Transition {
  const next = issue(state, 'cancel', now);
  const sent: CancellingState = { ...next.state, phase: 'cancelling' };
  return { state: sent, effects: [{ type: 'cancel-session', requestId: next.id, statusUrl: state.checkout.session.statusUrl }] };
}

function cancelAnswered(state: CancellingState, event: EventOf<'cancel-result'>, { now, random }: Moment): Transition {
  const status = event.status;
  if (status.sessionId !== state.checkout.session.sessionId) return afterCancelError(state, now, random, undefined);
  if (status.status !== 'pending') return settle(state, status, false, { sentAt: state.inFlight.sentAt, now, random });
  // The backend would not cancel (the phone may be mid-payment): keep waiting for it.
  return schedulePoll(backToAwaiting(state, false, 0), now, random, undefined);
}

/** The cancel did not get through: polling goes on with backoff (a success may still come). */
function afterCancelError(state: CancellingState, now: number, random: number, retryAfterMs: number | undefined): Transition {
  return schedulePoll(backToAwaiting(state, true, state.consecutiveErrors + 1), now, random, retryAfterMs);
}

function backToAwaiting(state: CancellingState, isReconnecting: boolean, consecutiveErrors: number): AwaitingState {
  return {
    ...state,
    phase: 'awaiting',
    inFlight: null,
    consecutiveErrors,
    checkout: { ...state.checkout, cancelling: false, reconnecting: isReconnecting },
  };
}
