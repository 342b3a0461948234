/**
 * Keeps a session's status in step with Paynet without letting pollers flood Paynet, and
 * without letting a slow Paynet hold a shopper's request.
 *
 * - Bounded: a session is refreshed at most once per interval (fate-policy.ts), however many
 *   tabs, processes or webhooks ask. In-process callers share one in-flight refresh (single
 *   flight); across processes the refresh is claimed by a compare-and-set of `lastCheckedAt`.
 * - Bounded in time: a caller waits for a refresh at most `answerWithinMs`, then is answered
 *   from the store; the refresh goes on and records its answer for the next poll.
 * - Never downgraded, never lost: `applyOutcome` never undoes a success; a session we gave up
 *   on is still checked until its late-payment window closes, and one whose fate Paynet would
 *   not tell becomes `needs_review` (with `onNeedsReview` called once).
 */
import { applyOutcome, isDue, type FatePolicy } from './fate-policy.js';
import type { PaynetClient } from './paynet-client.js';
import { askPaynet, type PaynetOutcome } from './paynet-outcome.js';
import { updateSession, type SessionStore, type StoredSession } from './store/session-store.js';
import { unrefTimer } from './timers.js';

export { EXPIRED_REASON } from './fate-policy.js';
export { declineReason, deviceOutcomeOf, outcomeOfTransactions, type PaynetOutcome } from './paynet-outcome.js';

export interface StatusRefresherOptions extends FatePolicy {
  client: PaynetClient;
  store: SessionStore;
  now: () => number;
  onError: (error: unknown, context: string) => void;
  /** How long a caller waits for Paynet before it is answered from the store. */
  answerWithinMs: number;
  /** A finished session may leave a memory/Redis store this long after it settled. */
  finishedRetentionMs: number;
  /** Called once when a session becomes `needs_review` (alert the shop here). */
  onNeedsReview: (session: StoredSession) => void;
  /** Called when a write of this refresher changed a session's public status. */
  onStatusChange?: (session: StoredSession) => void;
}

/** A refresh's result: the session as stored after it, and what Paynet said (none if not asked). */
export interface Refreshed {
  session: StoredSession;
  outcome?: PaynetOutcome;
}

export interface CurrentOptions {
  /** Skip the minimum interval (a cancel must know whether the phone already paid). */
  force?: boolean;
  /** The reconciler, with no shopper waiting, asks less often. */
  minIntervalMs?: number;
}

export class StatusRefresher {
  private readonly inflight = new Map<string, Promise<Refreshed>>();
  /** Webhook follow-up checks waiting for the interval, and when each session's last hinted check ran. */
  private readonly hinted = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastHint = new Map<string, number>();

  constructor(private readonly options: StatusRefresherOptions) {}

  /** The session, refreshed from Paynet first if a refresh is due (waiting at most `answerWithinMs`). */
  async current(session: StoredSession, options: CurrentOptions = {}): Promise<StoredSession> {
    return (await this.check(session, options)).session;
  }

  /**
   * Like `current`, with what Paynet said when it answered within the wait. An `outcome` of
   * undefined means no answer was had: Paynet not asked (not due) or not back in time.
   */
  async check(session: StoredSession, { force = false, minIntervalMs }: CurrentOptions = {}): Promise<Refreshed> {
    const running = this.inflight.get(session.id);
    if (!isDue(session, this.options.now(), this.options, force, minIntervalMs)) {
      if (session.status === 'succeeded') return { session };
      // Another caller of this process is asking Paynet right now: its answer is fresher.
      if (running) return this.within(running, session);
      // The caller's copy was read before an await: with a networked store a refresh may have
      // recorded a payment in between. One more read keeps a paid session from reading "pending".
      return { session: (await this.options.store.get(session.id)) ?? session };
    }
    return this.within(running ?? this.start(session.id, force, minIntervalMs), session);
  }

  /**
   * A webhook's hint that something happened. The first hint for a session in an interval
   * checks at once, skipping the poll interval (a payment just happened: say so now); the
   * rest of a burst share one check when the interval is over. So 50 notices cost at most two
   * Paynet calls, and none of them waits for Paynet.
   */
  hint(session: StoredSession): void {
    const { now, minIntervalMs } = this.options;
    if (session.status === 'succeeded') return;
    const at = now();
    for (const [id, hintedAt] of this.lastHint) if (at - hintedAt >= minIntervalMs) this.lastHint.delete(id);
    const previous = this.lastHint.get(session.id);
    if (previous === undefined) {
      this.lastHint.set(session.id, at);
      if (!this.inflight.has(session.id)) this.start(session.id, true, undefined).catch(() => undefined);
      return;
    }
    if (this.hinted.has(session.id)) return;
    const timer = setTimeout(() => {
      this.hinted.delete(session.id);
      this.lastHint.set(session.id, now());
      if (this.inflight.has(session.id)) return;
      this.start(session.id, true, undefined).catch(() => undefined);
    }, Math.max(0, previous + minIntervalMs - at));
    unrefTimer(timer);
    this.hinted.set(session.id, timer);
  }

  /** Writes `outcome` into the stored session (compare-and-set), with its follow-ups. */
  async record(sessionId: string, outcome: PaynetOutcome): Promise<StoredSession | undefined> {
    const { store, now } = this.options;
    let becameReview = false;
    let statusChanged = false;
    const updated = await updateSession(store, sessionId, (current) => {
      const next = applyOutcome(current, outcome, now(), this.options);
      becameReview = next?.status === 'needs_review' && current.status !== 'needs_review';
      statusChanged = next !== undefined && next.status !== current.status;
      return next && (next.settled && !current.settled ? { ...next, retainUntil: Math.min(next.retainUntil, now() + this.options.finishedRetentionMs) } : next);
    });
    if (updated && statusChanged) this.options.onStatusChange?.(updated);
    if (updated && becameReview) this.options.onNeedsReview(updated);
    if (updated && updated.kind === 'reversal' && updated.status === 'succeeded' && updated.saleSessionId) {
      await updateSession(store, updated.saleSessionId, (sale) => (sale.reversedBySessionId ? undefined : { ...sale, reversedBySessionId: updated.id }));
    }
    return updated;
  }

  isDue(session: StoredSession, now: number, force: boolean): boolean {
    return isDue(session, now, this.options, force);
  }

  /** Whether the reconciler, asking at most every `minIntervalMs`, should ask about `session` now. */
  isDueUnattended(session: StoredSession, now: number, minIntervalMs: number): boolean {
    return isDue(session, now, this.options, false, minIntervalMs);
  }

  /** The reconciler's check: joins or starts the refresh and waits for it whole (no shopper is waiting). */
  async settle(session: StoredSession, minIntervalMs: number): Promise<Refreshed> {
    return this.inflight.get(session.id) ?? this.start(session.id, false, minIntervalMs);
  }

  /** Stops the webhook follow-up timers (backend.close()). */
  close(): void {
    for (const timer of this.hinted.values()) clearTimeout(timer);
    this.hinted.clear();
  }

  private start(sessionId: string, force: boolean, minIntervalMs: number | undefined): Promise<Refreshed> {
    const refresh = this.refresh(sessionId, force, minIntervalMs).finally(() => this.inflight.delete(sessionId));
    this.inflight.set(sessionId, refresh);
    // Nobody may be waiting any more (the caller was answered from the store): still log a failure.
    refresh.catch((error: unknown) => this.options.onError(error, 'status refresh'));
    return refresh;
  }

  /** The refresh's result if it comes within `answerWithinMs`, else the stored copy (and no outcome). */
  private async within(running: Promise<Refreshed>, stored: StoredSession): Promise<Refreshed> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fallback = new Promise<Refreshed>((resolve) => {
      timer = setTimeout(() => resolve({ session: stored }), this.options.answerWithinMs);
    });
    try {
      return await Promise.race([running.catch(() => ({ session: stored })), fallback]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async refresh(sessionId: string, force: boolean, minIntervalMs: number | undefined): Promise<Refreshed> {
    const { store, now } = this.options;
    const claimedAt = now();
    let claimed = false;
    const session = await updateSession(store, sessionId, (current) => {
      claimed = isDue(current, claimedAt, this.options, force, minIntervalMs);
      return claimed ? { ...current, lastCheckedAt: claimedAt } : undefined;
    });
    if (!session) throw new Error(`session ${sessionId} vanished during refresh`);
    if (!claimed) return { session };
    const outcome = await askPaynet(this.options.client, session);
    if (outcome.type === 'unknown') this.options.onError(new Error(`Paynet did not tell the fate of session ${sessionId}: ${outcome.code ?? ''} ${outcome.message}`), 'status refresh');
    return { session: (await this.record(sessionId, outcome)) ?? session, outcome };
  }
}
