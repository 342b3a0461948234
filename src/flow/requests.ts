/**
 * The one request slot every state has: issuing a request, recognising its answer, dropping it.
 * At most one request is ever out, and only the one out is answered: the rest are stale.
 */
import type { SessionResponse } from '../contract.js';
import type { Effect, FlowEvent, Moment, Transition } from './flow-events.js';
import { statusUrlWithWait, statusWaitSecondsFor } from './long-poll.js';
import type { AwaitingState, CancelledWatchingState, CreatingState, FlowBase, FlowState, InFlightRequest, RequestKind } from './flow-state.js';

export function unchanged(state: FlowState): Transition {
  return { state, effects: [] };
}

export function issue<S extends FlowBase>(
  state: S,
  kind: RequestKind,
  now: number,
  waitSeconds?: number,
): { state: S & { inFlight: InFlightRequest }; id: number } {
  const id = state.nextRequestId;
  const inFlight: InFlightRequest = waitSeconds === undefined ? { id, kind, sentAt: now } : { id, kind, sentAt: now, waitSeconds };
  return { state: { ...state, nextRequestId: id + 1, inFlight }, id };
}

/** Whether `requestId` is the request out, of that kind (anything else is a stale or stray answer). */
function answers<S extends FlowBase>(state: S, requestId: number, kind: RequestKind): state is S & Asking {
  return state.inFlight !== null && state.inFlight.id === requestId && state.inFlight.kind === kind;
}

/** A state with a request out, as the handler of that request's answer sees it. */
export type Asking = { inFlight: InFlightRequest };

/** The events that answer a request. */
type Answer = Extract<FlowEvent, { requestId: number }>;

/**
 * The handler of an answer to the request out of `kind`. An answer to any other request (an
 * earlier one, or another kind) is stale: dropped, whatever the state.
 */
export function answerTo<S extends FlowState, E extends Answer>(
  kind: RequestKind,
  handle: (state: S & Asking, event: E, at: Moment) => Transition,
): (state: S, event: E, at: Moment) => Transition {
  return (state, event, at) => (answers(state, event.requestId, kind) ? handle(state, event, at) : unchanged(state));
}

/**
 * One status request for `session` now; the only way the flow ever asks for a status. While
 * awaiting on a backend that advertises long-poll, it asks to be held (`?wait=N` in its URL).
 */
export function pollNow(state: FlowState, session: SessionResponse, now: number): Transition {
  const waitSeconds = state.phase === 'awaiting' ? statusWaitSecondsFor(state) : undefined;
  const next = issue(state, 'poll', now, waitSeconds);
  const statusUrl = waitSeconds === undefined ? session.statusUrl : statusUrlWithWait(session.statusUrl, waitSeconds);
  return { state: next.state, effects: [{ type: 'poll', requestId: next.id, statusUrl }] };
}

/** A timer, or the host back in the DOM, while a session is followed: ask now, unless a request is out. */
export function pollUnlessBusy(state: AwaitingState | CancelledWatchingState, _event: unknown, { now }: Moment): Transition {
  return state.inFlight === null ? pollNow(state, state.checkout.session, now) : unchanged(state);
}

/** The host left: the runner aborted the request out, so none is; `woken` asks again. */
export function forgetRequest(state: CreatingState | AwaitingState | CancelledWatchingState): Transition {
  return { state: { ...state, inFlight: null }, effects: [] };
}

export function abortInFlight(state: FlowState): Effect[] {
  return state.inFlight === null ? [] : [{ type: 'abort-request' }];
}

/** `next`, after dropping the request `state` had out (another tab already answered it). */
export function abortingFirst(state: FlowState, next: Transition): Transition {
  return { state: next.state, effects: [...abortInFlight(state), ...next.effects] };
}
