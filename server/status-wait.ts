/**
 * Long-poll: `GET {statusUrl}?wait=N` is held while the session is `pending`, and answered
 * (the same answer as a plain GET) as soon as it is not, or after N seconds.
 *
 * One watch per session per process, however many requests wait on it:
 * - it wakes on the store's change notice (`SessionStore.subscribe`: in-process for the memory
 *   and SQL stores, Redis pub/sub across processes for the Redis store) with one store read
 *   shared by every waiter;
 * - it refreshes from Paynet through the StatusRefresher when the per-session interval allows
 *   (webhooks may be off or lost), once per interval for all its waiters, so Paynet calls stay
 *   bounded by `statusMinIntervalMs`, not by the number of tabs; across processes the
 *   refresher's compare-and-set claim on `lastCheckedAt` still holds. That timer is also how a
 *   store without change notices (or a change made by another process of a SQL store) is
 *   seen: at the next re-read, within the interval.
 * - Bounded in time: each waiter has its own timer and the request's signal (client gone);
 *   store reads have their deadline and the refresher answers within `answerWithinMs`, so
 *   nothing behind the watch can hold a request past its wait.
 */
import { checkIntervalMs } from './fate-policy.js';
import type { StatusRefresher } from './status-refresh.js';
import type { SessionStore, StoredSession } from './store/session-store.js';
import { unrefTimer } from './timers.js';

/** The longest hold the backend grants by default (`statusWaitSeconds`); 0 turns long-poll off. */
export const DEFAULT_STATUS_WAIT_SECONDS = 25;
/** A watch never re-checks more often than this (a refresh due "now" is not a hot loop). */
const MIN_RECHECK_MS = 50;
/** Aim a little past the moment a refresh becomes due, so it is due when the timer fires. */
const RECHECK_SLACK_MS = 20;

/**
 * How long `?wait=` asks to be held, in ms, clamped to `maxSeconds`: absent, not a number,
 * zero or negative → 0 (a plain answer); larger than the maximum (or Infinity) → the maximum.
 * Long-poll off (`maxSeconds` 0) → always 0. Never a 400: a bad `wait` only costs the hold.
 */
export function statusWaitMsOf(url: URL, maxSeconds: number): number {
  if (!(maxSeconds > 0)) return 0;
  const raw = url.searchParams.get('wait');
  if (raw === null) return 0;
  const seconds = Number(raw);
  if (!(seconds > 0)) return 0;
  return Math.round(Math.min(seconds, maxSeconds) * 1000);
}

/** Whether a long-poll holds on this session: only while it is pending (anything else answers at once). */
export function isHeld(session: StoredSession): boolean {
  return session.status === 'pending' && session.settled !== true;
}

export interface StatusWaitersOptions {
  store: SessionStore;
  refresher: StatusRefresher;
  minIntervalMs: number;
  now: () => number;
}

interface Waiter {
  finish(session: StoredSession): void;
}

interface Watch {
  readonly id: string;
  readonly waiters: Set<Waiter>;
  latest: StoredSession;
  timer: ReturnType<typeof setTimeout> | undefined;
  unsubscribe: (() => void) | undefined;
  reading: boolean;
  readAgain: boolean;
}

export class StatusWaiters {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly options: StatusWaitersOptions) {}

  /**
   * `session` once it is no longer pending, or its latest copy after `waitMs` or when `signal`
   * aborts. A session that is not pending is returned at once.
   */
  wait(session: StoredSession, waitMs: number, signal: AbortSignal): Promise<StoredSession> {
    if (!isHeld(session) || waitMs <= 0 || signal.aborted) return Promise.resolve(session);
    const watch = this.watchOf(session);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        finish: (answer) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          watch.waiters.delete(waiter);
          if (watch.waiters.size === 0) this.drop(watch);
          resolve(answer);
        },
      };
      const onAbort = (): void => waiter.finish(watch.latest);
      const timer = setTimeout(() => waiter.finish(watch.latest), waitMs);
      signal.addEventListener('abort', onAbort, { once: true });
      watch.waiters.add(waiter);
    });
  }

  /** Requests held right now, over all sessions. */
  get size(): number {
    let total = 0;
    for (const watch of this.watches.values()) total += watch.waiters.size;
    return total;
  }

  /** Answers every held request with what it has (backend.close()). */
  close(): void {
    for (const watch of [...this.watches.values()]) for (const waiter of [...watch.waiters]) waiter.finish(watch.latest);
  }

  private watchOf(session: StoredSession): Watch {
    const existing = this.watches.get(session.id);
    if (existing) {
      if (session.version > existing.latest.version) existing.latest = session;
      return existing;
    }
    const watch: Watch = { id: session.id, waiters: new Set(), latest: session, timer: undefined, unsubscribe: undefined, reading: false, readAgain: false };
    this.watches.set(session.id, watch);
    watch.unsubscribe = this.options.store.subscribe?.(session.id, () => this.read(watch));
    this.schedule(watch);
    return watch;
  }

  private drop(watch: Watch): void {
    if (this.watches.get(watch.id) !== watch) return;
    this.watches.delete(watch.id);
    clearTimeout(watch.timer);
    watch.timer = undefined;
    watch.unsubscribe?.();
    watch.unsubscribe = undefined;
  }

  private live(watch: Watch): boolean {
    return this.watches.get(watch.id) === watch;
  }

  /** A change notice: one read for every waiter; a notice during the read reads once more after it. */
  private read(watch: Watch): void {
    if (!this.live(watch)) return;
    if (watch.reading) {
      watch.readAgain = true;
      return;
    }
    watch.reading = true;
    void this.options.store
      .get(watch.id)
      .then(
        (session) => session && this.deliver(watch, session),
        () => undefined, // the store is down: the waiters end on their timers with what they have
      )
      .finally(() => {
        watch.reading = false;
        if (watch.readAgain) {
          watch.readAgain = false;
          this.read(watch);
        }
      });
  }

  /** The Paynet refresh when it is due (else a re-read), then the next one. */
  private schedule(watch: Watch): void {
    clearTimeout(watch.timer);
    watch.timer = setTimeout(() => {
      watch.timer = undefined;
      void this.options.refresher
        .current(watch.latest)
        .then(
          (session) => this.deliver(watch, session),
          () => undefined,
        )
        .finally(() => {
          if (this.live(watch)) this.schedule(watch);
        });
    }, this.recheckInMs(watch.latest));
    unrefTimer(watch.timer);
  }

  /** Until the session's next refresh is due (the interval, or its expiry), at most the interval. */
  private recheckInMs(session: StoredSession): number {
    const { minIntervalMs, now } = this.options;
    const last = session.lastCheckedAt ?? -Infinity;
    let due = last + checkIntervalMs(session, minIntervalMs);
    if (last < session.expiresAt) due = Math.min(due, session.expiresAt);
    const delay = due - now() + RECHECK_SLACK_MS;
    return Math.min(Math.max(MIN_RECHECK_MS, minIntervalMs), Math.max(MIN_RECHECK_MS, Number.isFinite(delay) ? delay : 0));
  }

  private deliver(watch: Watch, session: StoredSession): void {
    if (!this.live(watch) || session.version < watch.latest.version) return;
    watch.latest = session;
    if (isHeld(session)) return;
    for (const waiter of [...watch.waiters]) waiter.finish(session);
  }
}
