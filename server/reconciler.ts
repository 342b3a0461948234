/**
 * The kit's own way back to the truth, with no shopper present: every few seconds it walks the
 * sessions whose fate is not settled (a tab closed mid-payment, a card answer lost, a cancelled
 * session the phone may still pay, a process killed mid-call) and asks Paynet about each one
 * that is due, through the same refresher as a poll — so the per-session bounds hold and
 * several instances sharing a store do not ask twice. A session Paynet will not tell about
 * becomes `needs_review` by the fate policy, so nothing stays `pending` forever.
 */
import type { StatusRefresher } from './status-refresh.js';
import type { SessionStore } from './store/session-store.js';
import { unrefTimer } from './timers.js';

export interface ReconcilerOptions {
  store: SessionStore;
  refresher: StatusRefresher;
  /** How often the walk runs. */
  intervalMs: number;
  /** An unattended session is asked about at most this often (a waiting shopper's polls ask more). */
  minIntervalMs: number;
  /** Sessions looked at per walk. */
  batchSize: number;
  now: () => number;
  onError: (error: unknown, context: string) => void;
}

export const DEFAULT_RECONCILE_INTERVAL_MS = 5_000;
export const DEFAULT_RECONCILE_MIN_INTERVAL_MS = 15_000;
export const DEFAULT_RECONCILE_BATCH = 100;
/** Paynet calls a walk makes at once. */
const CONCURRENCY = 4;

export class Reconciler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ReconcilerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One walk: every unsettled session that is due gets one check. Returns how many were checked. */
  async runOnce(): Promise<number> {
    const { store, refresher, now, minIntervalMs, batchSize } = this.options;
    const due = (await store.listUnsettled(batchSize)).filter((session) => refresher.isDueUnattended(session, now(), minIntervalMs));
    let checked = 0;
    const queue = [...due];
    const worker = async (): Promise<void> => {
      for (let session = queue.shift(); session && !this.stopped; session = queue.shift()) {
        try {
          await refresher.settle(session, minIntervalMs);
          checked++;
        } catch (error) {
          this.options.onError(error, 'reconcile');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    return checked;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined, (error: unknown) => this.options.onError(error, 'reconcile'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.intervalMs);
    unrefTimer(this.timer);
  }
}
