/**
 * The machine's state: the checkout the element shows (`checkout`, the public CheckoutState)
 * and what the machine keeps to run it. One interface per state the machine can be in, told
 * apart by `phase`, each holding only what that state needs: a handler given an AwaitingState
 * reads its session without asking whether there is one. Two public statuses have sub-states
 * of their own (`creating`: a session or a one-shot payment; `awaiting`: polling or
 * cancelling), and `cancelled` has one while the phone can still pay (`cancelled-watching`).
 */
import type { PollPolicy } from './poll-policy.js';
import type { CheckoutState, CheckoutStatus } from './types.js';

export interface FlowConfig {
  policy: PollPolicy;
  allowedSchemes: readonly string[];
  /** Plain text for a client-side error code. */
  describeError: (code: string) => string;
}

/** `start`: the request that starts the payment (a session, or a one-shot payment's final answer). */
export type RequestKind = 'start' | 'poll' | 'cancel';

export interface InFlightRequest {
  id: number;
  kind: RequestKind;
  /** Clock time the request left: an answer to a request sent after the deadline is a final check. */
  sentAt: number;
  /** A status request the backend was asked to hold this many seconds (long-poll). */
  waitSeconds?: number;
}

type View<S extends CheckoutStatus> = Extract<CheckoutState, { status: S }>;
export type CreatingView = View<'creating'>;
export type AwaitingView = View<'awaiting'>;
/** Cancel was pressed; the backend's answer (which may still be success) is awaited. */
type CancellingView = AwaitingView & { cancelling: true };

/** What every state keeps: its config and the one request that may be out. */
export interface FlowBase {
  config: FlowConfig;
  /** Ids only grow, so an answer to an earlier request is always recognisable. */
  nextRequestId: number;
  inFlight: InFlightRequest | null;
}

/** What the flow keeps while it follows a session (for the poll delay). */
interface Following {
  /** Clock time the session began (for the slow-down after a minute). */
  sessionStartedAt: number;
  consecutiveErrors: number;
  /** Long-polls answered `pending` without being held, in a row (see long-poll.ts); absent is 0. */
  fastLongPolls?: number;
}

export interface IdleState extends FlowBase {
  phase: 'idle';
  checkout: View<'idle'>;
}

/** The request that creates a session is out, or was cut by a disconnect. */
export interface CreatingState extends FlowBase {
  phase: 'creating';
  checkout: CreatingView;
  /** The press's key: a creation cut by a disconnect is sent again with it. */
  idempotencyKey: string;
}

/**
 * A one-shot payment: one request whose answer is final and may carry a charge, so it is out
 * until it answers, across a disconnect, and never sent twice.
 */
export interface OneShotState extends FlowBase {
  phase: 'one-shot';
  checkout: CreatingView;
  inFlight: InFlightRequest;
}

export interface AwaitingState extends FlowBase, Following {
  phase: 'awaiting';
  checkout: AwaitingView & { cancelling: false };
}

/**
 * Cancel was pressed. Its request is out, or a poll that was out when it was pressed (and may
 * bring the success) is, and the cancel goes when that poll answers: either way something is out.
 */
export interface CancellingState extends FlowBase, Following {
  phase: 'cancelling';
  checkout: CancellingView;
  inFlight: InFlightRequest;
}

/**
 * `cancelled` is shown but the phone could still pay (Paynet has no void, only expiry): the
 * late watch asks on, slowly, until a status request sent at or after `lateWatchUntil` is answered.
 */
export interface CancelledWatchingState extends FlowBase {
  phase: 'cancelled-watching';
  checkout: View<'cancelled'>;
  /** The end of that chance: expiryEnd(session). */
  lateWatchUntil: number;
  consecutiveErrors: number;
}

/** Over without a payment seen here (expired, cancelled and no longer watched, error): another tab may still have seen one. */
export interface UnpaidState extends FlowBase {
  phase: 'unpaid';
  checkout: View<'expired' | 'cancelled' | 'error'>;
}

/** Over for good: the backend's last word was a success, a failure or a review by the shop. */
export interface FinalState extends FlowBase {
  phase: 'final';
  checkout: View<'succeeded' | 'failed' | 'needs_review'>;
}

export type FlowState =
  | IdleState
  | CreatingState
  | OneShotState
  | AwaitingState
  | CancellingState
  | CancelledWatchingState
  | UnpaidState
  | FinalState;

export type Phase = FlowState['phase'];
export type StateIn<P extends Phase> = Extract<FlowState, { phase: P }>;

/** The part every state shares, with nothing in flight: what a state that is left passes on. */
export function settledBase(state: FlowBase): FlowBase {
  return { config: state.config, nextRequestId: state.nextRequestId, inFlight: null };
}
