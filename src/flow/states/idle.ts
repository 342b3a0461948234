/** `idle`: the form. Pay starts a payment; a session found after a reload is followed again. */
import type { Effect, Handlers, Transition } from '../flow-events.js';
import type { FlowConfig, FlowState, IdleState } from '../flow-state.js';
import { statusNotice } from '../notices.js';
import { abortInFlight } from '../requests.js';
import { enterAwaiting } from './awaiting.js';
import { enterCreating } from './creating.js';

export const idle: Handlers<IdleState> = {
  start: enterCreating,
  // Not launched again: the phone had it before the reload.
  resumed: (state, event, { now }) => {
    const base = { config: event.config ?? state.config, nextRequestId: state.nextRequestId, inFlight: null };
    return enterAwaiting(base, state.checkout, event.session, event.handoff, now, false);
  },
};

/** Request ids go on growing across attempts, so no answer to an earlier one is ever taken for a new one. */
export function idleState(config: FlowConfig, nextRequestId = 1): IdleState {
  return { phase: 'idle', checkout: { status: 'idle' }, config, nextRequestId, inFlight: null };
}

/** Start again from a final view. `handedOver`: a running late watch the runner takes over, told right after the abort. */
export function enterIdle(previous: FlowState, handedOver: Effect[] = []): Transition {
  const next = idleState(previous.config, previous.nextRequestId);
  return { state: next, effects: [...abortInFlight(previous), ...handedOver, statusNotice(previous.checkout, next.checkout)] };
}
