/**
 * The final views. Each accepts a new Pay and Start again, and sends nothing of its own.
 * `final` (succeeded, failed, needs_review) is the backend's last word; `unpaid` (expired,
 * cancelled once its watch is over, error) showed no payment, yet another tab may still hear
 * that the session was paid after all: that is reported once, as a late success.
 */
import type { Handlers } from '../flow-events.js';
import type { FinalState, UnpaidState } from '../flow-state.js';
import { abortingFirst, unchanged } from '../requests.js';
import { lateSuccess } from '../settle.js';
import { enterCreating } from './creating.js';
import { enterIdle } from './idle.js';

export const final: Handlers<FinalState> = {
  start: enterCreating,
  reset: (state) => enterIdle(state),
};

export const unpaid: Handlers<UnpaidState> = {
  start: enterCreating,
  reset: (state) => enterIdle(state),
  'remote-result': (state, { status }) => {
    const session = state.checkout.session;
    if (status.status !== 'succeeded' || session?.sessionId !== status.sessionId) return unchanged(state);
    return abortingFirst(state, lateSuccess(state, session, status, true));
  },
};
