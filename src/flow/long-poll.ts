/**
 * Long-poll, when the backend advertises it (`SessionResponse.statusWaitSeconds`): while
 * awaiting, each status request asks the backend to hold it (`?wait=N`) until the status
 * changes, and a `pending` answer that was held is followed at once by the next request. A
 * backend or proxy that answers "held" requests at once (a CDN that ignores `wait`) gets the
 * normal interval schedule after each such answer, and after a few in a row no more `wait`:
 * never a hot loop. Without the field the flow polls exactly as before. Pure: no fetch, no DOM.
 */
import type { AwaitingState, InFlightRequest } from './flow-state.js';

/** A held `pending` answer quicker than this was not held: it gets the normal schedule. */
export const LONG_POLL_MIN_HOLD_MS = 1_000;
/** After this many such answers in a row, the session is polled plainly (no `wait`). */
export const FAST_LONG_POLLS_BEFORE_FALLBACK = 3;
/** The longest hold the element asks for, whatever a backend advertises. */
export const MAX_STATUS_WAIT_SECONDS = 60;

/** Seconds to ask the backend to hold the next status request, or undefined for a plain poll. */
export function statusWaitSecondsFor(state: AwaitingState): number | undefined {
  const advertised: unknown = state.checkout.session.statusWaitSeconds;
  if (typeof advertised !== 'number' || !Number.isFinite(advertised) || advertised <= 0) return undefined;
  if ((state.fastLongPolls ?? 0) >= FAST_LONG_POLLS_BEFORE_FALLBACK) return undefined;
  return Math.min(advertised, MAX_STATUS_WAIT_SECONDS);
}

/** `statusUrl` with `wait=<seconds>` in its query (added to a query it has, or replacing a `wait` there). */
export function statusUrlWithWait(statusUrl: string, seconds: number): string {
  const hashAt = statusUrl.indexOf('#');
  const hash = hashAt < 0 ? '' : statusUrl.slice(hashAt);
  const beforeHash = hashAt < 0 ? statusUrl : statusUrl.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : beforeHash.slice(queryAt + 1));
  params.set('wait', String(seconds));
  return `${path}?${params.toString()}${hash}`;
}

/**
 * After a `pending` answer to `request`: whether to ask again at once (a long-poll that was
 * held), and the state with its count of unheld long-polls in a row (a plain poll changes nothing).
 */
export function afterPendingAnswer(state: AwaitingState, request: InFlightRequest, now: number): { again: boolean; state: AwaitingState } {
  if (request.waitSeconds === undefined) return { again: false, state };
  if (now - request.sentAt >= LONG_POLL_MIN_HOLD_MS) return { again: true, state: { ...state, fastLongPolls: 0 } };
  return { again: false, state: { ...state, fastLongPolls: (state.fastLongPolls ?? 0) + 1 } };
}

/** Whether the request out is a long-poll (a Cancel does not wait for its answer: it could be held for long). */
export function isLongPoll(request: InFlightRequest | null): boolean {
  return request !== null && request.kind === 'poll' && request.waitSeconds !== undefined;
}
