/**
 * What goes into the machine (events: the runner's requests answered, timers, the host's
 * lifecycle, another tab's word) and what comes out (effects the runner performs), plus the
 * shape of a state's handler table.
 */
import type { SessionResponse, StatusResponse } from '../contract.js';
import type { StartAnswer } from '../modes/request-kinds.js';
import type { CancelledWatchingState, FlowConfig, FlowState } from './flow-state.js';
import type { CheckoutError, CheckoutNotice, ResolvedHandoff, StartRequest } from './types.js';

export type FlowEvent =
  | { type: 'start'; request: StartRequest; idempotencyKey: string; config?: FlowConfig }
  /** The answer to the start request: a session to follow, or a one-shot payment's final status. */
  | { type: 'started'; requestId: number; answer: StartAnswer }
  | { type: 'start-failed'; requestId: number; error: CheckoutError }
  | { type: 'poll-due' }
  | { type: 'poll-result'; requestId: number; status: StatusResponse; retryAfterMs?: number }
  | { type: 'poll-failed'; requestId: number; error: CheckoutError; retryAfterMs?: number }
  | { type: 'cancel-requested' }
  | { type: 'cancel-result'; requestId: number; status: StatusResponse }
  | { type: 'cancel-failed'; requestId: number; error: CheckoutError; retryAfterMs?: number }
  | { type: 'reset' }
  /** A persisted session found after a reload: poll it instead of showing the form. */
  | { type: 'resumed'; session: SessionResponse; handoff: ResolvedHandoff; config?: FlowConfig }
  /** Another tab's final answer for a session (BroadcastChannel). */
  | { type: 'remote-result'; status: StatusResponse }
  /** The host left the DOM: the runner aborted the request in flight and cleared its timers. */
  | { type: 'suspended' }
  /** The host is back in the DOM. */
  | { type: 'woken' };

export type Effect =
  /** Send the request that starts the payment (the runner asks its kind how: src/modes/). */
  | { type: 'send'; requestId: number; request: StartRequest; idempotencyKey: string }
  | { type: 'poll'; requestId: number; statusUrl: string }
  | { type: 'cancel-session'; requestId: number; statusUrl: string }
  | { type: 'schedule-poll'; delayMs: number }
  /** Drop whatever is in flight: the flow was settled by another tab. */
  | { type: 'abort-request' }
  | { type: 'notify'; notice: CheckoutNotice }
  | { type: 'persist'; session: SessionResponse; handoff: ResolvedHandoff }
  | { type: 'clear-persisted' }
  | { type: 'broadcast'; status: StatusResponse }
  /** A late watch began: keep the session in the list of watched ones (survives a reload). */
  | { type: 'watch'; session: SessionResponse }
  /** That watch is over (its end passed, or the payment was reported): forget the session. */
  | { type: 'unwatch'; sessionId: string }
  /**
   * The flow leaves a cancel whose watch still runs (Start again, a new Pay): the phone can
   * still pay that session, so the runner keeps watching it in the background with this state
   * (nothing in flight: the request the old watch had out was aborted just before).
   */
  | { type: 'watch-in-background'; watch: CancelledWatchingState };

export interface Transition {
  state: FlowState;
  effects: Effect[];
}

type EventType = FlowEvent['type'];
export type EventOf<T extends EventType> = Extract<FlowEvent, { type: T }>;

/** When an event is handled: the clock, and a number in [0, 1) for backoff jitter (drawn by the caller, so the machine stays pure). */
export interface Moment {
  now: number;
  random: number;
}

type Handler<S, T extends EventType> = (state: S, event: EventOf<T>, at: Moment) => Transition;

/** A state's `on`: the events it accepts and what follows. An event it does not list changes nothing. */
export type Handlers<S> = { readonly [T in EventType]?: Handler<S, T> };
