/**
 * The payment flow as a pure reducer: (state, event, now) → (state, effects).
 * No DOM, no fetch, no timers: the runner (controllers/checkout-runner.ts) performs the
 * effects and feeds their outcomes back as events tagged with the request id they answer.
 *
 * Read by state: each state the flow can be in has one table in states/ that lists the events
 * it accepts and what follows (its `on`); transition() picks the table by the state's `phase`,
 * then the handler by the event. An event a state does not list changes nothing.
 *
 * Rules it guarantees (and test/flow + test/faults check):
 * - at most one request in flight; a `poll-due` while one is in flight is ignored;
 * - an answer to any request but the one in flight is dropped (stale);
 * - exactly one terminal notice per session, plus at most one `late` success;
 * - the backend decides every outcome: cancel asks it, and a `succeeded` answer to a cancel
 *   is a success; expiry is only reported after a status request sent at or after
 *   `expiresAt` (plus a short grace) still says `pending`;
 * - after `cancelled` the phone can still take the card until Paynet closes the session, so a
 *   late watch keeps asking (slowly) until a status request sent at or after that end is
 *   answered; a `succeeded` then is reported once as a late success. No other terminal
 *   state sends anything. Start again or a new Pay does not end that watch: it is handed to
 *   the runner as it is (`watch-in-background`), which goes on running it behind the new flow;
 * - `needs_review` (the backend could not learn the payment's fate from Paynet; the shop checks
 *   it by hand) is final like the others, whichever request brought it: nothing more is asked
 *   about that session, and it is never shown as a failure. Found by a late watch, it ends the
 *   watch with a late review instead of a late success;
 * - a deeplink is checked against the allowlist before the awaiting state or any launch.
 */
import type { SessionResponse } from '../contract.js';
import { expiryEnd } from './expiry.js';
import type { FlowEvent, Handlers, Moment, Transition } from './flow-events.js';
import type { CancelledWatchingState, FlowConfig, FlowState, Phase, StateIn } from './flow-state.js';
import { unchanged } from './requests.js';
import { awaiting } from './states/awaiting.js';
import { cancelledWatching } from './states/cancelled-watching.js';
import { cancelling } from './states/cancelling.js';
import { creating, oneShot } from './states/creating.js';
import { final, unpaid } from './states/final.js';
import { idle, idleState } from './states/idle.js';
import type { CheckoutState, CheckoutStatus } from './types.js';

export type { Effect, FlowEvent, Transition } from './flow-events.js';
export type {
  AwaitingState,
  CancelledWatchingState,
  CancellingState,
  CreatingState,
  FinalState,
  FlowConfig,
  FlowState,
  IdleState,
  InFlightRequest,
  OneShotState,
  Phase,
  RequestKind,
  UnpaidState,
} from './flow-state.js';

/** The machine: each state's table, with the public status it shows. */
const STATES: { readonly [P in Phase]: Handlers<StateIn<P>> } = {
  idle, // idle: the form
  creating, // creating: a session is being made
  'one-shot': oneShot, // creating: a one-shot payment's one request is out
  awaiting, // awaiting: the session is polled
  cancelling, // awaiting (cancelling): the backend is asked to cancel
  'cancelled-watching': cancelledWatching, // cancelled, and the phone may still pay
  unpaid, // expired, cancelled once its watch is over, error
  final, // succeeded, failed, needs_review
};

/**
 * @param random a number in [0, 1) for backoff jitter, drawn by the caller so this stays pure.
 */
export function transition(state: FlowState, event: FlowEvent, now: number, random = 0.5): Transition {
  return inState(state, event, { now, random });
}

/** The table of the state's phase, then the handler of the event's type (paired for TypeScript by the generics). */
function inState<P extends Phase>(state: StateIn<P>, event: FlowEvent, at: Moment): Transition {
  const table: Handlers<StateIn<P>> = STATES[state.phase];
  return on(table, state, event.type, event, at);
}

function on<S extends FlowState, T extends FlowEvent['type']>(table: Handlers<S>, state: S, type: T, event: Extract<FlowEvent, { type: T }>, at: Moment): Transition {
  const handler = table[type];
  return handler === undefined ? unchanged(state) : handler(state, event, at);
}

export function initialFlowState(config: FlowConfig): FlowState {
  return idleState(config);
}

const TERMINAL: ReadonlySet<CheckoutStatus> = new Set(['succeeded', 'failed', 'expired', 'cancelled', 'needs_review', 'error']);

export function isTerminal(view: CheckoutState): boolean {
  return TERMINAL.has(view.status);
}

/** Whether the flow still asks the backend on a timer (the runner drops its timer otherwise). */
export function keepsPolling(state: FlowState): boolean {
  return state.phase === 'awaiting' || state.phase === 'cancelling' || state.phase === 'cancelled-watching';
}

/** `cancelled` is shown, and the phone may still pay: the element keeps listening for it. */
export function isLateWatching(state: FlowState): state is CancelledWatchingState {
  return state.phase === 'cancelled-watching';
}

/** When the running late watch ends (its final check is due), or null when none runs. */
export function lateWatchEnd(state: FlowState): number | null {
  return isLateWatching(state) ? state.lateWatchUntil : null;
}

/**
 * A late watch of a session that is no longer shown (found in storage after a reload): the
 * same state the flow is in after the cancel, so it runs and ends exactly as that watch does.
 */
export function lateWatchState(config: FlowConfig, session: SessionResponse): CancelledWatchingState {
  return {
    phase: 'cancelled-watching',
    checkout: { status: 'cancelled', session },
    config,
    nextRequestId: 1,
    inFlight: null,
    lateWatchUntil: expiryEnd(session),
    consecutiveErrors: 0,
  };
}
