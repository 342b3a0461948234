/**
 * The lit face of the checkout flow: ties a CheckoutRunner to the host's lifecycle and to
 * the page's "look again" moments (tab visible, back online, restored from bfcache).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CheckoutNotice, CheckoutResult, CheckoutState, StartRequest } from '../flow/types.js';
import { CheckoutRunner, type CheckoutOptions, type RunnerEnvironment } from './checkout-runner.js';

export type { CheckoutOptions } from './checkout-runner.js';

export class CheckoutController implements ReactiveController {
  private readonly runner: CheckoutRunner;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    options: () => CheckoutOptions,
    notify: (notice: CheckoutNotice) => void,
    /** Tests only: a virtual clock, an in-memory store… */
    environment: Partial<RunnerEnvironment> = {},
  ) {
    this.runner = new CheckoutRunner(
      options,
      { onChange: () => host.requestUpdate(), onNotice: notify },
      environment,
    );
    host.addController(this);
  }

  get state(): CheckoutState {
    return this.runner.state;
  }

  /** While `cancelled`: the phone may still pay, and a late success would show here. */
  get watchingLatePayment(): boolean {
    return this.runner.watchingLatePayment;
  }

  /** Earlier cancelled sessions still watched behind the one shown (their ids, oldest first). */
  get watchedInBackground(): string[] {
    return this.runner.watchedInBackground;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.handleVisibilityChange);
    window.addEventListener('pageshow', this.handlePageShow);
    window.addEventListener('online', this.handleOnline);
    this.runner.connect();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.handleVisibilityChange);
    window.removeEventListener('pageshow', this.handlePageShow);
    window.removeEventListener('online', this.handleOnline);
    this.runner.disconnect();
  }

  /** Resolves with that attempt's terminal state; never rejects. */
  start(request: StartRequest): Promise<CheckoutResult> {
    return this.runner.start(request);
  }

  /** Resolves with the running attempt's terminal state (pay() pressed while busy); never rejects. */
  join(): Promise<CheckoutResult> {
    return this.runner.join();
  }

  /** Only while awaiting; the backend's answer decides the outcome (it may be success). */
  cancel(): void {
    this.runner.cancel();
  }

  /** Terminal → idle ("Try again" / "Start again"). */
  reset(): void {
    this.runner.reset();
  }

  /** Poll now if awaiting (or watching after a cancel) and nothing is in flight. */
  recheck(): void {
    this.runner.recheck();
  }

  /** ms until the session's expiresAt (for the countdown), or undefined. */
  remainingMs(): number | undefined {
    return this.runner.remainingMs();
  }

  // Timers are throttled or frozen in a hidden or cached page: look again as soon as it is back.
  private readonly handleVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.runner.recheck();
  };

  private readonly handlePageShow = (): void => {
    this.runner.recheck();
  };

  private readonly handleOnline = (): void => {
    this.runner.recheck();
  };
}
