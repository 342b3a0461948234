/**
 * Keeps a session's status in step with Paynet without letting pollers flood Paynet.
 *
 * - Bounded: a session is refreshed at most once per `minIntervalMs`, however many tabs or
 *   processes poll it. In-process callers share one in-flight refresh (single flight);
 *   across processes the refresh is claimed by a compare-and-set of `lastCheckedAt`.
 * - Never downgraded: a success is final; `applyOutcome` never turns it into anything else,
 *   and the store refuses such a write anyway.
 * - Never lose money: a session we gave up on (cancelled, expired, failed) is still checked,
 *   at the same bounded rate, for `latePaymentWindowMs` after its expiry, and a late payment
 *   turns it into `succeeded`.
 */
import type { Reason, TransactionSummary } from '../src/contract.js';
import { PaynetDeclinedError, PaynetError } from './errors.js';
import { DeviceErrorCode, PaynetCode } from './paynet-codes.js';
import type { PaynetClient } from './paynet-client.js';
import type { SoftposTransaction } from './paynet-types.js';
import { summaryFromDevice, summaryFromSoftpos } from './session-view.js';
import { updateSession, type SessionStore, type StoredSession } from './store/session-store.js';

/** What Paynet says about a session right now. */
export type PaynetOutcome =
  | { type: 'paid'; transaction: TransactionSummary; xactId?: string }
  | { type: 'declined'; reason: Reason }
  | { type: 'pending' }
  /** Paynet expired the payment session unpaid: nothing can be paid on it any more. */
  | { type: 'closed' };

export interface StatusRefresherOptions {
  client: PaynetClient;
  store: SessionStore;
  minIntervalMs: number;
  latePaymentWindowMs: number;
  now: () => number;
  onError: (error: unknown, context: string) => void;
}

/** How long a poll that is not due waits for another poll's in-flight refresh before answering from the store. */
export const JOIN_INFLIGHT_REFRESH_MS = 1_000;
export const EXPIRED_REASON: Reason = { code: 'expired', message: 'The payment was not completed in time.' };
const MAX_REASON_MESSAGE_LENGTH = 200;

export class StatusRefresher {
  private readonly inflight = new Map<string, Promise<StoredSession>>();

  constructor(private readonly options: StatusRefresherOptions) {}

  /**
   * The session, refreshed from Paynet first if a refresh is due. `force` skips the minimum
   * interval (webhook, cancel) but still shares an in-flight refresh.
   */
  async current(session: StoredSession, { force = false } = {}): Promise<StoredSession> {
    const running = this.inflight.get(session.id);
    if (!this.isDue(session, this.options.now(), force)) {
      // Another poll of this process is asking Paynet right now: its answer is fresher than
      // the store's (answering from the store told a paid session "pending" while the
      // webhook's check was in flight). Bounded, so a slow Paynet cannot hold every poll.
      if (session.status === 'succeeded') return session;
      if (running) return this.freshOrStored(running, session);
      // The caller's copy was read before an await: with a networked store (Redis) a refresh
      // may have finished and recorded a payment in between. One more read costs one GET and
      // keeps a paid session from being answered "pending" for another interval.
      return (await this.options.store.get(session.id)) ?? session;
    }
    if (running) return running;
    const refresh = this.refresh(session.id, force).finally(() => this.inflight.delete(session.id));
    this.inflight.set(session.id, refresh);
    return refresh;
  }

  private async freshOrStored(running: Promise<StoredSession>, stored: StoredSession): Promise<StoredSession> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fallback = new Promise<StoredSession>((resolve) => {
      timer = setTimeout(() => resolve(stored), JOIN_INFLIGHT_REFRESH_MS);
    });
    try {
      return await Promise.race([running.catch(() => stored), fallback]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes `outcome` into the stored session (compare-and-set), with its follow-ups. */
  async record(sessionId: string, outcome: PaynetOutcome): Promise<StoredSession | undefined> {
    const { store, now } = this.options;
    const updated = await updateSession(store, sessionId, (current) => applyOutcome(current, outcome, now()));
    if (updated && updated.kind === 'reversal' && updated.status === 'succeeded' && updated.saleSessionId) {
      await updateSession(store, updated.saleSessionId, (sale) =>
        sale.reversedBySessionId ? undefined : { ...sale, reversedBySessionId: updated.id },
      );
    }
    return updated;
  }

  isDue(session: StoredSession, now: number, force: boolean): boolean {
    if (session.status === 'succeeded' || session.channel === 'card' || session.paynetClosed) return false;
    if (session.status !== 'pending' && now > session.expiresAt + this.options.latePaymentWindowMs) return false;
    // Past its expiry a pending session gets one last check before it is called expired.
    if (force || (session.status === 'pending' && now >= session.expiresAt)) return true;
    return now - (session.lastCheckedAt ?? -Infinity) >= this.options.minIntervalMs;
  }

  private async refresh(sessionId: string, force: boolean): Promise<StoredSession> {
    const { store, now } = this.options;
    const claimedAt = now();
    let claimed = false;
    const session = await updateSession(store, sessionId, (current) => {
      claimed = this.isDue(current, claimedAt, force);
      return claimed ? { ...current, lastCheckedAt: claimedAt } : undefined;
    });
    if (!session) throw new Error(`session ${sessionId} vanished during refresh`);
    if (!claimed) return session;

    let outcome: PaynetOutcome;
    try {
      outcome = await this.ask(session);
    } catch (error) {
      // Paynet unreachable: the stored state stands and the next poll tries again.
      this.options.onError(error, 'status refresh');
      return session;
    }
    return (await this.record(sessionId, outcome)) ?? session;
  }

  private async ask(session: StoredSession): Promise<PaynetOutcome> {
    const { client } = this.options;
    if (session.channel === 'device') {
      try {
        const answer = await client.deviceQuery({ transactionReferenceId: session.referenceNo, ...(session.device ? { deviceId: session.device.deviceId } : {}) });
        return { type: 'paid', transaction: summaryFromDevice(answer, session) };
      } catch (error) {
        return deviceOutcomeOf(error);
      }
    }
    const paymentSessionId = session.secrets.paymentSessionId;
    if (!paymentSessionId) throw new Error(`session ${session.id} has no payment_session_id`);
    try {
      const answer = await client.checkTransaction(paymentSessionId);
      return outcomeOfTransactions(answer.Data, session);
    } catch (error) {
      if (error instanceof PaynetError && error.code === PaynetCode.PAYMENT_SESSION_EXPIRED) return { type: 'closed' };
      throw error;
    }
  }
}

/** check_transaction's Data → outcome. Any `is_succeed: true` is a payment, whatever else is there. */
export function outcomeOfTransactions(data: readonly SoftposTransaction[], session: StoredSession): PaynetOutcome {
  const paid = data.find((tx) => tx.is_succeed === true);
  if (paid) {
    const outcome: PaynetOutcome = { type: 'paid', transaction: summaryFromSoftpos(paid, session) };
    if (typeof paid.xact_id === 'string' && paid.xact_id) outcome.xactId = paid.xact_id;
    return outcome;
  }
  const last = data.at(-1);
  if (!last) return { type: 'pending' };
  return { type: 'declined', reason: declineReason(last.paynet_error_message, 'The card was declined.') };
}

/** A device API error → outcome, or rethrown when it says nothing about the payment. */
export function deviceOutcomeOf(error: unknown): PaynetOutcome {
  if (error instanceof PaynetDeclinedError) return { type: 'declined', reason: { code: 'declined', message: 'The terminal declined the card.' } };
  if (error instanceof PaynetError && (error.code === DeviceErrorCode.IN_PROGRESS || error.code === DeviceErrorCode.NOT_FOUND)) {
    return { type: 'pending' };
  }
  throw error;
}

/**
 * The next stored state for `outcome`, or undefined for no change. Pure, so it can run again
 * on a compare-and-set retry. A success is never replaced; any other state may still become
 * a success, because a payment Paynet confirms is money taken.
 */
export function applyOutcome(current: StoredSession, outcome: PaynetOutcome, now: number): StoredSession | undefined {
  switch (outcome.type) {
    case 'paid': {
      if (current.status === 'succeeded') return undefined;
      const { reason: _dropped, ...rest } = current;
      const secrets = outcome.xactId ? { ...current.secrets, xactId: outcome.xactId } : current.secrets;
      return { ...rest, status: 'succeeded', transaction: outcome.transaction, secrets };
    }
    case 'declined':
      return current.status === 'pending' ? { ...current, status: 'failed', reason: outcome.reason } : undefined;
    case 'pending':
      return current.status === 'pending' && now >= current.expiresAt ? { ...current, status: 'expired', reason: EXPIRED_REASON } : undefined;
    case 'closed':
      if (current.status === 'pending') return { ...current, status: 'expired', reason: EXPIRED_REASON, paynetClosed: true };
      return current.paynetClosed ? undefined : { ...current, paynetClosed: true };
  }
}

/**
 * A decline reason for the shopper. The code is a best guess from Paynet's text (its error
 * table is not in the reference); the message is Paynet's own, shown as plain text.
 */
export function declineReason(message: unknown, fallback: string): Reason {
  const text = typeof message === 'string' && message.trim() ? message.trim().slice(0, MAX_REASON_MESSAGE_LENGTH) : fallback;
  if (/insufficient|yetersiz/i.test(text)) return { code: 'insufficient_funds', message: text };
  if (/expired card|son kullanma|süresi dolmuş kart/i.test(text)) return { code: 'expired_card', message: text };
  return { code: 'declined', message: text };
}
