/**
 * The lit face of the checkout flow: ties a CheckoutRunner to the host's lifecycle and to
 * the page's "look again" moments (tab visible, back online, restored from bfcache).
 *
 * The runner, the flow machine and the transport are the runtime chunk, which this loads on
 * demand: when the page is idle after the form is shown, at once when a pending session waits
 * to be resumed, and at Pay if it is not there yet. Until it is, the state is idle (the flow has
 * not started: no request is out) and the form shows Pay as pressed; every call it would serve
 * waits for it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CheckoutNotice, CheckoutResult, CheckoutState, StartRequest } from '../flow/types.js';
import { runtimeChunk } from '../lazy/chunks.js';
import { whenIdle } from '../lazy/lazy-module.js';
import { anythingSaved } from '../storage/storage-keys.js';
import type { CheckoutRunner } from './checkout-runner.js';
import type { CheckoutOptions, RunnerEnvironment } from './runner-inputs.js';

export type { CheckoutOptions } from './runner-inputs.js';

const IDLE: CheckoutState = { status: 'idle' };

export class CheckoutController implements ReactiveController {
  private runner: CheckoutRunner | undefined;
  /** Pay was pressed before the runtime arrived: the flow starts as soon as it is in. */
  private starting = false;
  private connected = false;
  /** Connected with a saved session to resume, before the runtime arrived. */
  private resumePending = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: () => CheckoutOptions,
    private readonly notify: (notice: CheckoutNotice) => void,
    /** Tests only: a virtual clock, an in-memory store… */
    private readonly environment: Partial<RunnerEnvironment> = {},
  ) {
    // Already loaded (another element on the page, or a test): no wait at all.
    this.adopt();
    host.addController(this);
  }

  get state(): CheckoutState {
    return this.runner?.state ?? IDLE;
  }

  /** Pay was pressed and the runtime is on its way: the form shows it as pressed. */
  get busy(): boolean {
    return this.runner === undefined && (this.starting || this.resumePending);
  }

  /** While `cancelled`: the phone may still pay, and a late success would show here. */
  get watchingLatePayment(): boolean {
    return this.runner?.watchingLatePayment ?? false;
  }

  /** Earlier cancelled sessions still watched behind the one shown (their ids, oldest first). */
  get watchedInBackground(): string[] {
    return this.runner?.watchedInBackground ?? [];
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.handleVisibilityChange);
    window.addEventListener('pageshow', this.handlePageShow);
    window.addEventListener('online', this.handleOnline);
    if (this.runner !== undefined) {
      this.runner.connect();
      return;
    }
    this.resumePending = this.hasSaved();
    // Nothing to resume: the form is all there is until the page has a moment to spare.
    if (this.resumePending) void this.load().catch(() => this.loadFailed());
    else whenIdle(() => void this.load().catch(() => undefined));
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.handleVisibilityChange);
    window.removeEventListener('pageshow', this.handlePageShow);
    window.removeEventListener('online', this.handleOnline);
    this.runner?.disconnect();
  }

  /** Resolves with that attempt's terminal state; never rejects. */
  start(request: StartRequest): Promise<CheckoutResult> {
    if (this.runner !== undefined) return this.runner.start(request);
    this.starting = true;
    this.host.requestUpdate();
    return this.load().then(
      // A second Pay meanwhile joins the first: the runner is creating by then.
      (runner) => runner.start(request),
      () => this.loadFailed(),
    );
  }

  /** Resolves with the running attempt's terminal state (pay() pressed while busy); never rejects. */
  join(): Promise<CheckoutResult> {
    if (this.runner !== undefined) return this.runner.join();
    return this.load().then(
      (runner) => runner.join(),
      () => this.loadFailed(),
    );
  }

  /** Only while awaiting; the backend's answer decides the outcome (it may be success). */
  cancel(): void {
    this.runner?.cancel();
  }

  /** Terminal → idle ("Try again" / "Start again"). */
  reset(): void {
    this.runner?.reset();
  }

  /** Poll now if awaiting (or watching after a cancel) and nothing is in flight. */
  recheck(): void {
    this.runner?.recheck();
  }

  /** ms until the session's expiresAt (for the countdown), or undefined. */
  remainingMs(): number | undefined {
    return this.runner?.remainingMs();
  }

  private async load(): Promise<CheckoutRunner> {
    await runtimeChunk.load();
    return this.adopt() as CheckoutRunner;
  }

  /** Creates the runner once the runtime is there, and connects it if the host is on the page. */
  private adopt(): CheckoutRunner | undefined {
    const runtime = runtimeChunk.get();
    if (runtime === undefined || this.runner !== undefined) return this.runner;
    this.runner = new runtime.CheckoutRunner(
      this.options,
      { onChange: () => this.host.requestUpdate(), onNotice: this.notify },
      this.environment,
    );
    if (this.connected) this.runner.connect();
    this.starting = false;
    this.host.requestUpdate();
    return this.runner;
  }

  /** The chunk could not be fetched (offline, or the deploy changed under the page): Pay can be pressed again. */
  private loadFailed(): CheckoutResult {
    this.starting = false;
    this.resumePending = false;
    this.host.requestUpdate();
    const code = 'network';
    return { status: 'error', error: { code, message: this.options().describeError(code), retryable: true } };
  }

  /** Something kept across a reload waits for this element: resume it without showing the form first. */
  private hasSaved(): boolean {
    const key = this.options().persistKey;
    if (key === undefined) return false;
    const store = this.environment.store;
    if (store === undefined) return anythingSaved(key);
    return store.load(key) !== undefined || store.loadWatched(key).length > 0;
  }

  // Timers are throttled or frozen in a hidden or cached page: look again as soon as it is back.
  private readonly handleVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.runner?.recheck();
  };

  private readonly handlePageShow = (): void => {
    this.runner?.recheck();
  };

  private readonly handleOnline = (): void => {
    this.runner?.recheck();
  };
}
