/**
 * When the flow asks next: the policy's delay (slow-down, Retry-After, error backoff with
 * jitter), landed exactly on the marks that matter instead of sailing past them. The error
 * count it backs off on is kept here too.
 */
import type { Effect, Transition } from './flow-events.js';
import type { AwaitingState, AwaitingView, CancelledWatchingState, FlowBase } from './flow-state.js';
import { expiresAtMs, expiryEnd } from './expiry.js';
import { nextPollDelayMs, type PollDelayInput } from './poll-policy.js';

/** A followed session's state (awaiting or cancelling). */
type Followed = FlowBase & { checkout: AwaitingView; consecutiveErrors: number };

/** An answer came back: the error count and the "reconnecting" note go (the view is kept when it had none). */
export function calmed<S extends Followed>(state: S): S {
  const view: S['checkout'] = state.checkout;
  return { ...state, consecutiveErrors: 0, checkout: view.reconnecting ? { ...view, reconnecting: false } : view };
}

/** A request failed: one more error to back off on, and the view says it is reconnecting. */
export function reconnecting<S extends Followed>(state: S): S {
  return { ...state, consecutiveErrors: state.consecutiveErrors + 1, checkout: { ...state.checkout, reconnecting: true } };
}

/** While awaiting: the deadline (the final check) and the end of the grace period are the marks. */
export function schedulePoll(state: AwaitingState, now: number, random: number, retryAfterMs: number | undefined): Transition {
  const session = state.checkout.session;
  const delayMs = nextPollDelayMs(state.config.policy, delayInput(now - state.sessionStartedAt, state.consecutiveErrors, random, retryAfterMs));
  return { state, effects: [schedule(delayMs, [expiresAtMs(session), expiryEnd(session)], now)] };
}

/** The late watch asks at the slow interval, landing exactly on its end. */
export function scheduleLateWatch(state: CancelledWatchingState, now: number, random: number, retryAfterMs: number | undefined): Transition {
  const policy = state.config.policy;
  // The shopper has left the phone: the slow interval whatever the session's age.
  const delayMs = nextPollDelayMs(policy, delayInput(policy.slowAfterMs, state.consecutiveErrors, random, retryAfterMs));
  return { state, effects: [schedule(delayMs, [state.lateWatchUntil], now)] };
}

function delayInput(elapsedMs: number, consecutiveErrors: number, random: number, retryAfterMs: number | undefined): PollDelayInput {
  return { elapsedMs, consecutiveErrors, random, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** The delay, cut short at the first mark still ahead. */
function schedule(delayMs: number, marks: readonly number[], now: number): Effect {
  const mark = marks.find((at) => now < at);
  const landed = mark === undefined ? delayMs : Math.min(delayMs, mark - now);
  return { type: 'schedule-poll', delayMs: Math.max(0, Math.round(landed)) };
}
