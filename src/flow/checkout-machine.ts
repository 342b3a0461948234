/**
 * The payment flow as a pure reducer: (state, event, now) → (state, effects).
 * No DOM, no fetch, no timers: the runner (controllers/checkout-runner.ts) performs the
 * effects and feeds their outcomes back as events tagged with the request id they answer.
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
import type { Reason, SessionResponse, StatusResponse, TransactionSummary } from '../contract.js';
import { isAllowedDeeplink } from '../handoff/deeplink.js';
import { requestKind, type StartAnswer } from '../modes/request-kinds.js';
import { EXPIRY_GRACE_MS, nextPollDelayMs, type PollPolicy } from './poll-policy.js';
import type {
  CheckoutError,
  CheckoutNotice,
  CheckoutState,
  CheckoutStatus,
  ResolvedHandoff,
  StartRequest,
} from './types.js';

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
}

export interface FlowState {
  /** The checkout as the element shows it (its status and what that status carries). */
  checkout: CheckoutState;
  config: FlowConfig;
  /** Ids only grow, so an answer to an earlier request is always recognisable. */
  nextRequestId: number;
  inFlight: InFlightRequest | null;
  /** The press's key, kept while creating so a request cut by a disconnect is re-sent with it. */
  idempotencyKey: string | null;
  /** Clock time the session began (for the slow-down after a minute). */
  sessionStartedAt: number;
  consecutiveErrors: number;
  /** Cancel was pressed while a poll was in flight: send it when that poll answers. */
  cancelQueued: boolean;
  lateSuccessReported: boolean;
  /**
   * Set while `cancelled` is shown but the phone could still pay (Paynet has no void, only
   * expiry): the end of that chance, expiryEnd(session). The watch is over, and this null
   * again, once a status request sent at or after it is answered.
   */
  lateWatchUntil: number | null;
}

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
  | { type: 'watch-in-background'; watch: FlowState };

export interface Transition {
  state: FlowState;
  effects: Effect[];
}

type AwaitingView = Extract<CheckoutState, { status: 'awaiting' }>;

const TERMINAL: ReadonlySet<CheckoutStatus> = new Set(['succeeded', 'failed', 'expired', 'cancelled', 'needs_review', 'error']);

export function isTerminal(view: CheckoutState): boolean {
  return TERMINAL.has(view.status);
}

/** Whether the flow still asks the backend on a timer (the runner drops its timer otherwise). */
export function keepsPolling(state: FlowState): boolean {
  return state.checkout.status === 'awaiting' || isLateWatching(state);
}

/** `cancelled` is shown, and the phone may still pay: the element keeps listening for it. */
export function isLateWatching(state: FlowState): boolean {
  return state.checkout.status === 'cancelled' && state.lateWatchUntil !== null;
}

/**
 * A late watch of a session that is no longer shown (found in storage after a reload): the
 * same state the flow is in after the cancel, so it runs and ends exactly as that watch does.
 */
export function lateWatchState(config: FlowConfig, session: SessionResponse): FlowState {
  return { ...initialFlowState(config), checkout: { status: 'cancelled', session }, lateWatchUntil: expiryEnd(session) };
}

/** The session the flow asks about on a timer: the one awaited, or the one late-watched. */
function polledSession(state: FlowState): SessionResponse | undefined {
  const view = state.checkout;
  if (view.status === 'awaiting') return view.session;
  if (view.status === 'cancelled' && state.lateWatchUntil !== null) return view.session;
  return undefined;
}

export function initialFlowState(config: FlowConfig): FlowState {
  return {
    checkout: { status: 'idle' },
    config,
    nextRequestId: 1,
    inFlight: null,
    idempotencyKey: null,
    sessionStartedAt: 0,
    consecutiveErrors: 0,
    cancelQueued: false,
    lateSuccessReported: false,
    lateWatchUntil: null,
  };
}

/**
 * @param random a number in [0, 1) for backoff jitter, drawn by the caller so this stays pure.
 */
export function transition(state: FlowState, event: FlowEvent, now: number, random = 0.5): Transition {
  const view = state.checkout;
  switch (event.type) {
    case 'start': {
      if (view.status === 'creating' || view.status === 'awaiting') return unchanged(state);
      const config = event.config ?? state.config;
      const base: FlowState = {
        ...initialFlowState(config),
        nextRequestId: state.nextRequestId,
        idempotencyKey: event.idempotencyKey,
      };
      // A late-watch poll may still be out: the new attempt's request must be the only one,
      // and the watch itself goes on in the background.
      const abort = [...abortInFlight(state), ...detachWatch(state)];
      const request = event.request;
      const next = issue(withView(base, { status: 'creating', request: requestKind(request).keep(request) }), 'start', now);
      return {
        state: next.state,
        effects: [
          ...abort,
          statusNotice(view, next.state.checkout),
          { type: 'send', requestId: next.id, request, idempotencyKey: event.idempotencyKey },
        ],
      };
    }

    case 'started': {
      if (view.status !== 'creating' || !answers(state, event.requestId, 'start')) return unchanged(state);
      const settled: FlowState = { ...state, inFlight: null, idempotencyKey: null };
      const answer = event.answer;
      if ('status' in answer) return settleOneShot(settled, view.request, answer.status);
      const session = answer.session;
      return enterAwaiting(settled, session, resolveHandoff(view.request, session), now, view, true);
    }

    case 'start-failed': {
      if (view.status !== 'creating' || !answers(state, event.requestId, 'start')) return unchanged(state);
      const next = withView({ ...state, inFlight: null, idempotencyKey: null }, { status: 'error', error: event.error });
      return {
        state: next,
        effects: [statusNotice(view, next.checkout), notify({ type: 'error', error: event.error })],
      };
    }

    case 'poll-due': {
      const session = polledSession(state);
      // While a cancel is out its answer is awaited: a poll would be a second request.
      const cancelling = view.status === 'awaiting' && view.cancelling;
      if (session === undefined || state.inFlight !== null || cancelling) return unchanged(state);
      return pollNow(state, session, now);
    }

    case 'poll-result': {
      if (view.status === 'cancelled' && answers(state, event.requestId, 'poll')) {
        return lateWatchAnswer(state, view.session, event.status, now, random, event.retryAfterMs);
      }
      if (view.status !== 'awaiting' || !answers(state, event.requestId, 'poll')) return unchanged(state);
      const sentAt = state.inFlight?.sentAt ?? now;
      const settled: FlowState = { ...state, inFlight: null };
      if (event.status.sessionId !== view.session.sessionId) {
        return afterPollError(settled, view, clientError(state.config, 'malformed_response', true), sentAt, now, random);
      }
      if (event.status.status !== 'pending') return settle(settled, view, event.status, false, { sentAt, now, random, retryAfterMs: event.retryAfterMs });
      const fresh: FlowState = { ...settled, consecutiveErrors: 0 };
      const calm = view.reconnecting ? withView(fresh, { ...view, reconnecting: false }) : fresh;
      if (state.cancelQueued) return sendCancel(calm, now);
      if (sentAt >= expiryEnd(view.session)) {
        // Our own conclusion, not the backend's word: other tabs make their own last check.
        return settle(calm, currentAwaiting(calm), syntheticExpiry(event.status), true);
      }
      return schedulePoll(calm, now, random, event.retryAfterMs);
    }

    case 'poll-failed': {
      if (view.status === 'cancelled' && answers(state, event.requestId, 'poll')) {
        return afterLateWatchError(state, event.error, now, random, event.retryAfterMs);
      }
      if (view.status !== 'awaiting' || !answers(state, event.requestId, 'poll')) return unchanged(state);
      const sentAt = state.inFlight?.sentAt ?? now;
      return afterPollError({ ...state, inFlight: null }, view, event.error, sentAt, now, random, event.retryAfterMs);
    }

    case 'cancel-requested': {
      if (view.status !== 'awaiting' || view.cancelling) return unchanged(state);
      const cancelling = withView(state, { ...view, cancelling: true });
      if (state.inFlight !== null) return { state: { ...cancelling, cancelQueued: true }, effects: [] };
      return sendCancel(cancelling, now);
    }

    case 'cancel-result': {
      if (view.status !== 'awaiting' || !answers(state, event.requestId, 'cancel')) return unchanged(state);
      const sentAt = state.inFlight?.sentAt ?? now;
      const settled: FlowState = { ...state, inFlight: null };
      if (event.status.sessionId !== view.session.sessionId) {
        return afterCancelError(settled, view, now, random, undefined);
      }
      if (event.status.status !== 'pending') return settle(settled, view, event.status, false, { sentAt, now, random });
      // The backend would not cancel (the phone may be mid-payment): keep waiting for it.
      const waiting = withView({ ...settled, consecutiveErrors: 0 }, { ...view, cancelling: false, reconnecting: false });
      return schedulePoll(waiting, now, random, undefined);
    }

    case 'cancel-failed': {
      if (view.status !== 'awaiting' || !answers(state, event.requestId, 'cancel')) return unchanged(state);
      return afterCancelError({ ...state, inFlight: null }, view, now, random, event.retryAfterMs);
    }

    case 'reset': {
      if (!isTerminal(view)) return unchanged(state);
      const next: FlowState = { ...initialFlowState(state.config), nextRequestId: state.nextRequestId };
      return { state: next, effects: [...abortInFlight(state), ...detachWatch(state), statusNotice(view, next.checkout)] };
    }

    case 'resumed': {
      if (view.status !== 'idle') return unchanged(state);
      const config = event.config ?? state.config;
      const base: FlowState = { ...initialFlowState(config), nextRequestId: state.nextRequestId };
      return enterAwaiting(base, event.session, event.handoff, now, view, false);
    }

    case 'remote-result': {
      const status = event.status;
      if (status.status === 'pending') return unchanged(state);
      if (view.status === 'awaiting') {
        if (status.sessionId !== view.session.sessionId) return unchanged(state);
        // When it was sent is unknown: a `cancelled` from there starts our own late watch.
        const next = settle({ ...state, inFlight: null }, view, status, true, { sentAt: undefined, now, random });
        return { state: next.state, effects: [...abortInFlight(state), ...next.effects] };
      }
      if (
        status.status === 'succeeded' &&
        !state.lateSuccessReported &&
        (view.status === 'expired' || view.status === 'cancelled' || view.status === 'error') &&
        view.session?.sessionId === status.sessionId
      ) {
        // Another tab found it: our watch poll (if any) has nothing left to learn.
        const next = lateSuccess({ ...state, inFlight: null, lateWatchUntil: null }, view.session, status, true);
        return { state: next.state, effects: [...abortInFlight(state), ...next.effects] };
      }
      if (status.status === 'needs_review' && isLateWatching(state) && view.status === 'cancelled' && view.session.sessionId === status.sessionId) {
        // Another tab's watch got the backend's last word: ours would only hear it again.
        const next = lateReview({ ...state, inFlight: null, lateWatchUntil: null }, view.session, status, true);
        return { state: next.state, effects: [...abortInFlight(state), ...next.effects] };
      }
      return unchanged(state);
    }

    case 'suspended': {
      // A one-shot payment is one request whose answer may carry a charge: the runner lets it
      // finish, so its in-flight record stays.
      const oneShot = view.status === 'creating' && requestKind(view.request).oneShot;
      const keep = oneShot && state.inFlight?.kind === 'start' ? state.inFlight : null;
      const next: FlowState = { ...state, inFlight: keep, cancelQueued: false };
      if (view.status === 'awaiting' && view.cancelling) return { state: withView(next, { ...view, cancelling: false }), effects: [] };
      return { state: next, effects: [] };
    }

    case 'woken': {
      if (state.inFlight !== null) return unchanged(state);
      // A watch cut by the disconnect asks at once, like awaiting: if the end passed while
      // away, this is its final check and its answer closes the watch.
      const session = polledSession(state);
      if (session !== undefined) return pollNow(state, session, now);
      if (view.status === 'creating' && !requestKind(view.request).oneShot && state.idempotencyKey !== null) {
        // The creation was cut off: send it again with the same key, so the backend hands
        // back the session it may already have made instead of a second one.
        const request = view.request;
        const next = issue(state, 'start', now);
        return {
          state: next.state,
          effects: [{ type: 'send', requestId: next.id, request, idempotencyKey: state.idempotencyKey }],
        };
      }
      return unchanged(state);
    }
  }
}

function unchanged(state: FlowState): Transition {
  return { state, effects: [] };
}

function withView(state: FlowState, checkout: CheckoutState): FlowState {
  return { ...state, checkout };
}

function abortInFlight(state: FlowState): Effect[] {
  return state.inFlight === null ? [] : [{ type: 'abort-request' }];
}

/** Hands a running late watch to the runner as it is, minus the request abortInFlight drops. */
function detachWatch(state: FlowState): Effect[] {
  return isLateWatching(state) ? [{ type: 'watch-in-background', watch: { ...state, inFlight: null } }] : [];
}

/** One status request for `session` now; the only way the flow ever asks for a status. */
function pollNow(state: FlowState, session: SessionResponse, now: number): Transition {
  const next = issue(state, 'poll', now);
  return { state: next.state, effects: [{ type: 'poll', requestId: next.id, statusUrl: session.statusUrl }] };
}

function notify(notice: CheckoutNotice): Effect {
  return { type: 'notify', notice };
}

function statusNotice(previous: CheckoutState, next: CheckoutState): Effect {
  const sessionId = 'session' in next ? next.session?.sessionId : undefined;
  return notify({
    type: 'status',
    status: next.status,
    previous: previous.status,
    ...(sessionId === undefined ? {} : { sessionId }),
  });
}

function answers(state: FlowState, requestId: number, kind: RequestKind): boolean {
  return state.inFlight !== null && state.inFlight.id === requestId && state.inFlight.kind === kind;
}

function issue(state: FlowState, kind: RequestKind, now: number): { state: FlowState; id: number } {
  const id = state.nextRequestId;
  return { state: { ...state, nextRequestId: id + 1, inFlight: { id, kind, sentAt: now } }, id };
}

function expiresAtMs(session: SessionResponse): number {
  return Date.parse(session.expiresAt);
}

/** A pending answer to a request sent at or after this moment means the session is over. */
function expiryEnd(session: SessionResponse): number {
  return expiresAtMs(session) + EXPIRY_GRACE_MS;
}

function currentAwaiting(state: FlowState): AwaitingView {
  if (state.checkout.status !== 'awaiting') throw new Error('not awaiting');
  return state.checkout;
}

function resolveHandoff(request: StartRequest, session: SessionResponse): ResolvedHandoff {
  if (session.handoff === 'device') return 'device';
  if (!('handoff' in request)) return 'qr';
  return request.handoff === 'device' ? 'qr' : request.handoff;
}

/**
 * A one-shot payment's answer is final at once: no session to follow, so nothing persisted and
 * no watch. `needs_review`: Paynet's answer was lost for good and the card may have been
 * charged, so no error view (whose "Try again" would send the payment again under a new key).
 */
function settleOneShot(state: FlowState, request: StartRequest, status: StatusResponse): Transition {
  const previous = state.checkout;
  const sessionId = status.sessionId;
  let next: FlowState;
  let notice: CheckoutNotice;
  switch (status.status) {
    case 'succeeded': {
      const transaction = status.transaction ?? requestKind(request).summary(request) ?? unknownTransaction();
      next = withView(state, { status: 'succeeded', transaction });
      notice = { type: 'success', transaction, sessionId, late: false };
      break;
    }
    case 'failed': {
      const reason = status.reason ?? fallbackReason(state.config);
      next = withView(state, { status: 'failed', reason });
      notice = { type: 'failure', reason, sessionId };
      break;
    }
    case 'needs_review': {
      const reason = status.reason ?? reviewReason(state.config);
      next = withView(state, { status: 'needs_review', reason });
      notice = { type: 'review', reason, sessionId, late: false };
      break;
    }
    default: {
      // A one-shot payment answers with a final status; anything else is not something we can show as an outcome.
      const error = clientError(state.config, 'unknown', false);
      next = withView(state, { status: 'error', error });
      notice = { type: 'error', error };
    }
  }
  return { state: next, effects: [statusNotice(previous, next.checkout), notify(notice)] };
}

function enterAwaiting(
  state: FlowState,
  session: SessionResponse,
  handoff: ResolvedHandoff,
  now: number,
  previous: CheckoutState,
  launch: boolean,
): Transition {
  const link = session.deeplinkUrl;
  if (link !== null && !isAllowedDeeplink(link, state.config.allowedSchemes)) {
    const error = clientError(state.config, 'unsafe_deeplink', false);
    const next = withView(state, { status: 'error', error, session });
    return {
      state: next,
      effects: [
        { type: 'clear-persisted' },
        statusNotice(previous, next.checkout),
        notify({ type: 'error', error, sessionId: session.sessionId }),
      ],
    };
  }
  const awaiting = withView(
    { ...state, sessionStartedAt: now, consecutiveErrors: 0, cancelQueued: false, lateSuccessReported: false },
    { status: 'awaiting', session, handoff, reconnecting: false, cancelling: false },
  );
  const polled = pollNow(awaiting, session, now);
  const effects: Effect[] = [
    { type: 'persist', session, handoff },
    notify({ type: 'session', session, handoff }),
    statusNotice(previous, awaiting.checkout),
  ];
  if (launch && handoff === 'deeplink' && link !== null) effects.push(notify({ type: 'launch', url: link }));
  return { state: polled.state, effects: [...effects, ...polled.effects] };
}

function schedulePoll(state: FlowState, now: number, random: number, retryAfterMs: number | undefined): Transition {
  const view = currentAwaiting(state);
  let delayMs = nextPollDelayMs(state.config.policy, {
    elapsedMs: now - state.sessionStartedAt,
    consecutiveErrors: state.consecutiveErrors,
    random,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
  // Land exactly on the deadline (the final check) and on the end of the grace period,
  // rather than sailing past them on a long interval or backoff.
  for (const mark of [expiresAtMs(view.session), expiryEnd(view.session)]) {
    if (now < mark) {
      delayMs = Math.min(delayMs, mark - now);
      break;
    }
  }
  return { state, effects: [{ type: 'schedule-poll', delayMs: Math.max(0, Math.round(delayMs)) }] };
}

function afterPollError(
  state: FlowState,
  view: AwaitingView,
  error: CheckoutError,
  sentAt: number,
  now: number,
  random: number,
  retryAfterMs?: number,
): Transition {
  const failing: FlowState = { ...state, consecutiveErrors: state.consecutiveErrors + 1 };
  if (state.cancelQueued) return sendCancel(withView(failing, { ...view, reconnecting: true }), now);
  if (!error.retryable && sentAt >= expiryEnd(view.session)) {
    // Past the deadline and the backend refuses to say (404, 401…): stop, and say so.
    const next = withView(failing, { status: 'error', error, session: view.session });
    return {
      state: next,
      effects: [
        { type: 'clear-persisted' },
        statusNotice(view, next.checkout),
        notify({ type: 'error', error, sessionId: view.session.sessionId }),
      ],
    };
  }
  // Before that, and for any error that may pass, keep asking quietly: only the backend
  // knows whether the phone paid.
  return schedulePoll(withView(failing, { ...view, reconnecting: true }), now, random, retryAfterMs);
}

function afterCancelError(
  state: FlowState,
  view: AwaitingView,
  now: number,
  random: number,
  retryAfterMs: number | undefined,
): Transition {
  const failing = withView(
    { ...state, consecutiveErrors: state.consecutiveErrors + 1 },
    { ...view, cancelling: false, reconnecting: true },
  );
  return schedulePoll(failing, now, random, retryAfterMs);
}

function sendCancel(state: FlowState, now: number): Transition {
  const view = currentAwaiting(state);
  const next = issue({ ...state, cancelQueued: false }, 'cancel', now);
  const cancelling = view.cancelling ? next.state : withView(next.state, { ...view, cancelling: true });
  return { state: cancelling, effects: [{ type: 'cancel-session', requestId: next.id, statusUrl: view.session.statusUrl }] };
}

/** When the answer that settles a session was asked for, and what its late watch needs. */
interface SettleTiming {
  /** undefined: not known (another tab's answer). */
  sentAt: number | undefined;
  now: number;
  random: number;
  retryAfterMs?: number | undefined;
}

/** The backend's final word for the session in `view`: one terminal state, one notice. */
function settle(state: FlowState, view: AwaitingView, status: StatusResponse, quiet: boolean, timing?: SettleTiming): Transition {
  const session = view.session;
  const sessionId = session.sessionId;
  const base: FlowState = { ...state, inFlight: null, cancelQueued: false };
  let next: FlowState;
  let notice: CheckoutNotice;
  switch (status.status) {
    case 'succeeded': {
      const transaction = status.transaction ?? sessionFallbackTransaction(session);
      next = withView(base, { status: 'succeeded', session, transaction });
      notice = { type: 'success', transaction, sessionId, late: false };
      break;
    }
    case 'failed': {
      const reason = status.reason ?? fallbackReason(state.config);
      next = withView(base, { status: 'failed', session, reason });
      notice = { type: 'failure', reason, sessionId };
      break;
    }
    case 'cancelled':
      next = withView(base, { status: 'cancelled', session });
      notice = { type: 'cancel', sessionId };
      break;
    case 'needs_review': {
      const reason = status.reason ?? reviewReason(state.config);
      next = withView(base, { status: 'needs_review', session, reason });
      notice = { type: 'review', reason, sessionId, session, late: false };
      break;
    }
    case 'expired':
    case 'pending':
      next = withView(base, { status: 'expired', session });
      notice = { type: 'expired', sessionId };
      break;
  }
  const effects: Effect[] = [{ type: 'clear-persisted' }];
  // `quiet`: the answer came from another tab (or is our own inference): do not echo it.
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(view, next.checkout), notify(notice));
  // No watch after `expired`: we only conclude it from a check sent after expiryEnd (or the
  // backend says so after expiresAt, when Paynet takes no more payments on the session).
  if (status.status === 'cancelled' && timing !== undefined && (timing.sentAt === undefined || timing.sentAt < expiryEnd(session))) {
    const watching: FlowState = { ...next, lateWatchUntil: expiryEnd(session), consecutiveErrors: 0 };
    const scheduled = scheduleLateWatch(watching, timing.now, timing.random, timing.retryAfterMs);
    return { state: scheduled.state, effects: [...effects, { type: 'watch', session }, ...scheduled.effects] };
  }
  return { state: next, effects };
}

/**
 * The late watch asks at the slow interval (Retry-After and error backoff as usual), landing
 * exactly on its end rather than sailing past it.
 */
function scheduleLateWatch(state: FlowState, now: number, random: number, retryAfterMs: number | undefined): Transition {
  const until = state.lateWatchUntil;
  if (until === null) return unchanged(state);
  const policy = state.config.policy;
  let delayMs = nextPollDelayMs(policy, {
    // The shopper has left the phone: the slow interval whatever the session's age.
    elapsedMs: policy.slowAfterMs,
    consecutiveErrors: state.consecutiveErrors,
    random,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
  if (now < until) delayMs = Math.min(delayMs, until - now);
  return { state, effects: [{ type: 'schedule-poll', delayMs: Math.max(0, Math.round(delayMs)) }] };
}

function lateWatchAnswer(
  state: FlowState,
  session: SessionResponse,
  status: StatusResponse,
  now: number,
  random: number,
  retryAfterMs: number | undefined,
): Transition {
  const sentAt = state.inFlight?.sentAt ?? now;
  const settled: FlowState = { ...state, inFlight: null };
  if (status.sessionId !== session.sessionId) {
    return afterLateWatchError(state, clientError(state.config, 'malformed_response', true), now, random, undefined);
  }
  if (status.status === 'succeeded') {
    return lateSuccess({ ...settled, lateWatchUntil: null }, session, status, false);
  }
  if (status.status === 'needs_review') {
    return lateReview({ ...settled, lateWatchUntil: null }, session, status, false);
  }
  const until = state.lateWatchUntil ?? now;
  // Asked at or after the end and still not paid: Paynet takes nothing more on this session.
  if (sentAt >= until) {
    return { state: { ...settled, lateWatchUntil: null, consecutiveErrors: 0 }, effects: [{ type: 'unwatch', sessionId: session.sessionId }] };
  }
  return scheduleLateWatch({ ...settled, consecutiveErrors: 0 }, now, random, retryAfterMs);
}

function afterLateWatchError(
  state: FlowState,
  error: CheckoutError,
  now: number,
  random: number,
  retryAfterMs: number | undefined,
): Transition {
  const sentAt = state.inFlight?.sentAt ?? now;
  const failing: FlowState = { ...state, inFlight: null, consecutiveErrors: state.consecutiveErrors + 1 };
  // As in awaiting: past the end, a refusal (404, 401…) will not pass, so the watch stops
  // (quietly: the cancel was already reported); an error that may pass is asked again.
  if (!error.retryable && sentAt >= (state.lateWatchUntil ?? now)) {
    const effects: Effect[] = state.checkout.status === 'cancelled' ? [{ type: 'unwatch', sessionId: state.checkout.session.sessionId }] : [];
    return { state: { ...failing, lateWatchUntil: null }, effects };
  }
  return scheduleLateWatch(failing, now, random, retryAfterMs);
}

/** `quiet`: another tab found it (and told the others); our own watch tells them. */
function lateSuccess(state: FlowState, session: SessionResponse, status: StatusResponse, quiet: boolean): Transition {
  const transaction = status.transaction ?? sessionFallbackTransaction(session);
  const next = withView({ ...state, lateSuccessReported: true }, { status: 'succeeded', session, transaction });
  // The shown session was cleared from storage when it settled; only its watch entry is left.
  const effects: Effect[] = [{ type: 'unwatch', sessionId: session.sessionId }];
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(state.checkout, next.checkout), notify({ type: 'success', transaction, sessionId: session.sessionId, late: true }));
  return { state: next, effects };
}

/**
 * The watch after a cancel hears `needs_review`: the backend can no longer tell whether the
 * phone paid, so the cancel on screen ("not completed") may be wrong. The watch ends and the
 * shopper is told the shop will check it instead: never a success, never a failure.
 */
function lateReview(state: FlowState, session: SessionResponse, status: StatusResponse, quiet: boolean): Transition {
  const reason = status.reason ?? reviewReason(state.config);
  const next = withView(state, { status: 'needs_review', session, reason });
  // As for a late success: the pending-session entry went when the cancel settled.
  const effects: Effect[] = [{ type: 'unwatch', sessionId: session.sessionId }];
  if (!quiet) effects.push({ type: 'broadcast', status });
  effects.push(statusNotice(state.checkout, next.checkout), notify({ type: 'review', reason, sessionId: session.sessionId, session, late: true }));
  return { state: next, effects };
}

function syntheticExpiry(status: StatusResponse): StatusResponse {
  return { ...status, status: 'expired' };
}

function clientError(config: FlowConfig, code: string, retryable: boolean): CheckoutError {
  return { code, message: config.describeError(code), retryable };
}

function fallbackReason(config: FlowConfig): Reason {
  return { code: 'failed', message: config.describeError('failed') };
}

/** A `needs_review` answer without its reason still says what it is. */
function reviewReason(config: FlowConfig): Reason {
  return { code: 'needs_review', message: config.describeError('needs_review') };
}

/** A success whose details did not arrive is still a success: say what we know. */
function sessionFallbackTransaction(session: SessionResponse): TransactionSummary {
  return { referenceNo: session.referenceNo, amount: session.amount, currency: session.currency, instalment: session.instalment };
}

/** Only a kind without a summary could reach this; a success is still a success. */
function unknownTransaction(): TransactionSummary {
  return { referenceNo: '', amount: '', currency: 'TRY', instalment: 1 };
}
