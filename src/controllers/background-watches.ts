/**
 * Late watches of earlier cancelled sessions, kept running behind the flow that is shown
 * (each Start again after a cancel leaves one). Paynet cannot void a pending session, so the
 * phone may still pay it until it expires; each watch is its own CheckoutRunner on the state
 * the watch had, and only its late success (or review) reaches the host.
 */
import type { StatusResponse } from '../contract.js';
import { lateWatchState, type FlowConfig, type FlowState } from '../flow/checkout-machine.js';
import type { CheckoutNotice } from '../flow/types.js';
import { fromWatched } from '../storage/watched-sessions.js';
import type { RunnerEnvironment, RunnerListener } from './runner-inputs.js';
import type { SessionPersistence } from './session-persistence.js';

/**
 * Cancelled sessions watched behind the one shown (each Start again after a cancel adds one).
 * Every watch ends by itself once its session can no longer be paid (expiryEnd), at the slow
 * polling rate, so the list is already bounded by how often a shopper can cancel within one
 * session lifetime; this cap only guards against a runaway page. Beyond it the oldest watch
 * is dropped, and the merchant backend still records a payment on it (its own late-payment
 * check) for the shop to reconcile; only the page would miss the event.
 */
export const MAX_BACKGROUND_WATCHES = 20;

/** What the registry needs of one watch (a CheckoutRunner started on a watch state). */
export interface Watcher {
  readonly watchingLatePayment: boolean;
  connect(): void;
  disconnect(): void;
  recheck(): void;
}

/** The runner of the shown flow, as its watches see it. */
export interface WatchesHost {
  /** Its environment: a watch shares all of it but the channel. */
  readonly env: RunnerEnvironment;
  readonly persistence: SessionPersistence;
  isConnected(): boolean;
  /** Passes a watch's late outcome on to the element. */
  notify(notice: CheckoutNotice): void;
  /** Posts on its cross-tab channel, when open. */
  post(status: StatusResponse): void;
  /** A runner on `watch`: the same machine and effects as the shown flow, so a watch ends as it would have there. */
  spawn(watch: FlowState, listener: RunnerListener, env: RunnerEnvironment): Watcher;
}

interface Entry {
  sessionId: string;
  watcher: Watcher;
}

export class BackgroundWatches {
  private readonly host: WatchesHost;
  /** Oldest first. */
  private entries: Entry[] = [];
  /** What each connected watch listens to on the channel, fed from the host's one channel. */
  private readonly hearers = new Map<Watcher, (status: StatusResponse) => void>();

  constructor(host: WatchesHost) {
    this.host = host;
  }

  /** Ids of the sessions watched, oldest first. */
  get sessionIds(): string[] {
    return this.entries.map((entry) => entry.sessionId);
  }

  /** Goes on watching `watch` (a cancelled view still watching) in the background. */
  add(watch: FlowState): void {
    const view = watch.checkout;
    if (view.status !== 'cancelled') return;
    const sessionId = view.session.sessionId;
    // One watcher per session, so never two requests in flight for it.
    if (this.entries.some((entry) => entry.sessionId === sessionId)) return;
    const host = this.host;
    const watcher: Watcher = host.spawn(
      watch,
      {
        onChange: () => {
          if (!watcher.watchingLatePayment) this.remove(watcher);
        },
        onNotice(notice) {
          // Its outcome after the cancel: paid after all, or for the shop to check by hand.
          if (notice.type === 'success' || notice.type === 'review') host.notify({ ...notice, background: true });
        },
      },
      {
        ...host.env,
        // Through the host's channel: one per element, and it forwards what it hears.
        openChannel: (listener) => {
          this.hearers.set(watcher, listener);
          return { post: (status) => host.post(status), close: () => this.hearers.delete(watcher) };
        },
      },
    );
    this.entries.push({ sessionId, watcher });
    while (this.entries.length > MAX_BACKGROUND_WATCHES) {
      const oldest = this.entries.shift();
      if (oldest === undefined) break;
      oldest.watcher.disconnect();
      this.hearers.delete(oldest.watcher);
      host.persistence.unwatch(oldest.sessionId);
    }
    if (host.isConnected()) watcher.connect();
  }

  /** Watches cut by a reload go on in the background, each with its final check still due. */
  resume(config: FlowConfig): void {
    const persistence = this.host.persistence;
    const list = persistence.watched();
    for (const entry of list) {
      if (!persistence.isPastResume(entry.expiresAt)) this.add(lateWatchState(config, fromWatched(entry)));
    }
    // Keep exactly what runs: an entry past its window, or one the cap dropped, is gone for good.
    const running = new Set(this.sessionIds);
    persistence.keepWatched(list.filter((entry) => running.has(entry.sessionId)));
  }

  /** Another tab's final answer: each watch checks whether it is about its session. */
  hear(status: StatusResponse): void {
    for (const { watcher } of [...this.entries]) this.hearers.get(watcher)?.(status);
  }

  connect(): void {
    for (const { watcher } of [...this.entries]) watcher.connect();
  }

  disconnect(): void {
    for (const { watcher } of [...this.entries]) watcher.disconnect();
  }

  /** The page looks again (tab visible, online): the sessions behind may have been paid meanwhile too. */
  recheck(): void {
    for (const { watcher } of [...this.entries]) watcher.recheck();
  }

  /** A watch that ended (paid, expired, final check answered) leaves the list. */
  private remove(watcher: Watcher): void {
    this.entries = this.entries.filter((entry) => entry.watcher !== watcher);
    this.hearers.delete(watcher);
  }
}
