/**
 * The rules that take a session from "pending" to the truth, pure so they can be tested with
 * no Paynet and re-run on a compare-and-set retry:
 *
 * - `applyOutcome`: what one answer from Paynet does to a stored session. A success is final
 *   and may end any other state (money Paynet took is never reported as not taken). A session
 *   becomes `settled` only when nothing can change any more: a success, a decline, a card
 *   answer, Paynet closing the session, or a check answered after the late-payment window.
 * - Answers that teach nothing (`unknown`) are counted; past the session's review deadline the
 *   session becomes `needs_review`, final and visible, never `pending` forever and never
 *   `expired` while Paynet may have taken money.
 * - `isDue`: whether a check is due now — at most once per interval, slower while Paynet keeps
 *   failing (exponential backoff), always once at expiry and once after the window closes.
 */
import type { Reason } from '../src/contract.js';
import type { PaynetOutcome } from './paynet-outcome.js';
import type { StoredSession } from './store/session-store.js';

export interface FatePolicy {
  /** A session is refreshed from Paynet at most this often (per session, across tabs and processes). */
  minIntervalMs: number;
  /** After a cancel or expiry, how long the phone may still pay (Paynet cannot void a PayPOS session). */
  latePaymentWindowMs: number;
  /** How long unknown answers are retried past a deadline before the session needs review. */
  reviewGraceMs: number;
  /** A card session is first checked this long after creation: its payment call is the first answer. */
  cardCheckAfterMs: number;
}

export const DEFAULT_REVIEW_GRACE_MS = 60_000;
export const DEFAULT_CARD_CHECK_AFTER_MS = 30_000;
/** The slowest retry while Paynet keeps failing for a session. */
export const MAX_UNKNOWN_BACKOFF_MS = 30_000;

export const EXPIRED_REASON: Reason = { code: 'expired', message: 'The payment was not completed in time.' };
export const NOT_CHARGED_REASON: Reason = { code: 'not_charged', message: 'The card payment did not go through. Nothing was charged.' };
/** The element says "do not pay again" itself; the reason adds what happened, as text. */
export const NEEDS_REVIEW_REASON: Reason = {
  code: 'needs_review',
  message: 'Paynet has not confirmed the outcome of this payment in time.',
};

/** The end of the late-payment window: after it, a check that finds nothing settles the session. */
export function windowEnd(session: StoredSession, policy: FatePolicy): number {
  return session.expiresAt + policy.latePaymentWindowMs;
}

/** When unknown answers turn the session into `needs_review`. */
export function reviewDeadline(session: StoredSession, policy: FatePolicy): number {
  const end = session.status === 'pending' ? session.expiresAt : windowEnd(session, policy);
  return end + policy.reviewGraceMs;
}

/**
 * The next stored state for `outcome`, or undefined for no change. Pure: it may run again on
 * a compare-and-set retry.
 */
export function applyOutcome(current: StoredSession, outcome: PaynetOutcome, now: number, policy: FatePolicy): StoredSession | undefined {
  if (current.status === 'succeeded') return undefined;
  const { unknown: _previousUnknown, ...known } = current;
  switch (outcome.type) {
    case 'paid': {
      const { reason: _dropped, unknown: _u, ...rest } = current;
      const secrets = outcome.xactId ? { ...current.secrets, xactId: outcome.xactId } : current.secrets;
      return { ...rest, status: 'succeeded', transaction: outcome.transaction, secrets, settled: true };
    }
    case 'declined':
      if (current.status === 'pending' || current.status === 'needs_review') return { ...known, status: 'failed', reason: outcome.reason, settled: true };
      // The phone tried after a cancel and the card was refused: it may still try again until the window ends.
      return settleIfWindowOver(known, current, now, policy);
    case 'pending':
      if (current.status === 'needs_review') return undefined;
      if (current.channel === 'card') {
        // Paynet holds nothing under the reference: past the session's life, nothing was charged.
        if (current.status === 'pending') return now >= current.expiresAt ? { ...known, status: 'failed', reason: NOT_CHARGED_REASON, settled: true } : unchanged(known, current);
        return settleIfWindowOver(known, current, now, policy);
      }
      if (current.status === 'pending' && now >= current.expiresAt) return settleIfWindowOver({ ...known, status: 'expired', reason: EXPIRED_REASON }, current, now, policy);
      return settleIfWindowOver(known, current, now, policy);
    case 'closed':
      if (current.status === 'needs_review') return undefined;
      if (current.status === 'pending') return { ...known, status: 'expired', reason: EXPIRED_REASON, paynetClosed: true, settled: true };
      return { ...known, paynetClosed: true, settled: true };
    case 'unknown': {
      // A slow check that taught nothing cannot undo what an answer already settled.
      if (current.status === 'needs_review' || current.settled) return undefined;
      const unknown = {
        since: current.unknown?.since ?? now,
        attempts: (current.unknown?.attempts ?? 0) + 1,
        ...(outcome.code === undefined ? {} : { code: outcome.code }),
        message: outcome.message,
      };
      if (now >= reviewDeadline(current, policy)) return { ...current, status: 'needs_review', reason: NEEDS_REVIEW_REASON, unknown, settled: true };
      return { ...current, unknown };
    }
  }
}

/** `next` marked settled when the late-payment window has closed, else `next` itself (undefined if nothing changed). */
function settleIfWindowOver(next: StoredSession, current: StoredSession, now: number, policy: FatePolicy): StoredSession | undefined {
  if (now >= windowEnd(current, policy)) return { ...next, settled: true };
  return unchanged(next, current);
}

function unchanged(next: StoredSession, current: StoredSession): StoredSession | undefined {
  return next.status === current.status && next.unknown === undefined && current.unknown === undefined && next.settled === current.settled ? undefined : next;
}

/** The interval between checks of `session`: the minimum, doubled per unknown answer up to a cap. */
export function checkIntervalMs(session: StoredSession, minIntervalMs: number): number {
  const attempts = session.unknown?.attempts ?? 0;
  return attempts === 0 ? minIntervalMs : Math.max(minIntervalMs, Math.min(MAX_UNKNOWN_BACKOFF_MS, minIntervalMs * 2 ** Math.min(attempts, 10)));
}

/**
 * Whether asking Paynet about `session` is due at `now`. `force` (a cancel, which must know
 * whether the phone already paid) skips the interval, never the end of the story.
 * `minIntervalMs` lets the unattended reconciler ask less often than a waiting shopper.
 */
export function isDue(session: StoredSession, now: number, policy: FatePolicy, force = false, minIntervalMs = policy.minIntervalMs): boolean {
  if (session.status === 'succeeded') return false;
  // A forced check (a cancel, Paynet's own notice) may still resolve a session under review.
  if (force) return session.status === 'needs_review' || !session.settled;
  if (session.status === 'needs_review' || session.settled) return false;
  if (session.channel === 'card' && now - session.createdAt < policy.cardCheckAfterMs) return false;
  const last = session.lastCheckedAt ?? -Infinity;
  const fresh = session.unknown === undefined;
  // Once at expiry, before the session is called expired; once after the window, before it is settled.
  if (fresh && session.status === 'pending' && now >= session.expiresAt && last < session.expiresAt) return true;
  if (fresh && now >= windowEnd(session, policy) && last < windowEnd(session, policy)) return true;
  return now - last >= checkIntervalMs(session, minIntervalMs);
}
