/**
 * Runs the pure flow's effects for one checkout: feeds the machine one event at a time and
 * does what it asks. The poll timer and the cross-tab channel are kept here; requests go
 * through flow-requests.ts, storage through session-persistence.ts, and the sessions watched
 * behind the shown one through background-watches.ts. Free of lit and of the DOM, so the same
 * code runs under the lit controller in the browser and under the fault schedules in Node.
 */
import {
  initialFlowState,
  isLateWatching,
  isTerminal,
  keepsPolling,
  transition,
  type Effect,
  type FlowConfig,
  type FlowEvent,
  type FlowState,
} from '../flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY } from '../flow/poll-policy.js';
import type { CheckoutResult, CheckoutState, StartRequest } from '../flow/types.js';
import type { SessionChannel } from '../storage/session-channel.js';
import { BackgroundWatches, MAX_BACKGROUND_WATCHES } from './background-watches.js';
import { FlowRequests } from './flow-requests.js';
import { withDefaults, type CheckoutOptions, type RunnerEnvironment, type RunnerListener } from './runner-inputs.js';
import { SessionPersistence } from './session-persistence.js';

// Where these moved, still importable from here as before.
export { MAX_BACKGROUND_WATCHES } from './background-watches.js';
export { systemClock, type CheckoutOptions, type RunnerClock, type RunnerEnvironment, type RunnerListener } from './runner-inputs.js';
export { RESUME_WINDOW_MS } from './session-persistence.js';
export { CREATE_RETRY_DELAYS_MS } from '../transport/retry.js';

export class CheckoutRunner {
  private readonly options: () => CheckoutOptions;
  private readonly listener: RunnerListener;
  private readonly env: RunnerEnvironment;
  private flow: FlowState;
  private connected = false;
  private pollTimer: unknown = undefined;
  private readonly requests: FlowRequests;
  private channel: SessionChannel | undefined;
  private waiters: Array<(result: CheckoutResult) => void> = [];
  private readonly queue: FlowEvent[] = [];
  private dispatching = false;
  private readonly persistence: SessionPersistence;
  /** Late watches of cancelled sessions the shopper moved on from. */
  private readonly watches: BackgroundWatches;

  constructor(
    options: () => CheckoutOptions,
    listener: RunnerListener,
    env: Partial<RunnerEnvironment> = {},
    /** Internal: a background watcher starts from the watch state it takes over. */
    adopted?: FlowState,
  ) {
    this.options = options;
    this.listener = listener;
    this.env = withDefaults(env);
    this.flow = adopted ?? initialFlowState(this.config());
    this.requests = new FlowRequests(options, this.env.clock, (event) => this.dispatch(event));
    // A background watcher has no pending session of its own to persist.
    this.persistence = new SessionPersistence(() => this.options().persistKey, this.env.store, this.env.clock, adopted === undefined);
    this.watches = new BackgroundWatches({
      env: this.env,
      persistence: this.persistence,
      isConnected: () => this.connected,
      notify: (notice) => this.listener.onNotice(notice),
      post: (status) => this.channel?.post(status),
      spawn: (watch, watchListener, watchEnv) => new CheckoutRunner(this.options, watchListener, watchEnv, watch),
    });
  }

  get state(): CheckoutState {
    return this.flow.checkout;
  }

  /** `cancelled` is shown and the element still listens for the phone paying anyway. */
  get watchingLatePayment(): boolean {
    return isLateWatching(this.flow);
  }

  /** Ids of the earlier cancelled sessions still watched behind the one shown, oldest first. */
  get watchedInBackground(): string[] {
    return this.watches.sessionIds;
  }

  /** The host entered the DOM: listen to other tabs, resume a persisted session, or go on polling. */
  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.channel = this.env.openChannel((status) => {
      this.dispatch({ type: 'remote-result', status });
      this.watches.hear(status);
    });
    if (this.flow.checkout.status === 'idle') this.resume();
    else this.dispatch({ type: 'woken' });
    this.watches.connect();
  }

  /** The host left the DOM: no request and no timer survive (a card payment excepted). */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.channel?.close();
    this.channel = undefined;
    this.clearPollTimer();
    this.requests.abortOnDisconnect();
    this.dispatch({ type: 'suspended' });
    this.watches.disconnect();
  }

  /** Resolves with this attempt's terminal state; never rejects. A press while busy joins the running attempt. */
  start(request: StartRequest): Promise<CheckoutResult> {
    const result = this.join();
    const status = this.flow.checkout.status;
    if (status !== 'creating' && status !== 'awaiting') {
      this.dispatch({ type: 'start', request, idempotencyKey: this.env.randomUUID(), config: this.config() });
    }
    return result;
  }

  /** Resolves with the next terminal state (the running attempt's, when one runs); never rejects. */
  join(): Promise<CheckoutResult> {
    return new Promise<CheckoutResult>((resolve) => this.waiters.push(resolve));
  }

  /** Only while on the page: a removed element sends nothing. */
  cancel(): void {
    if (!this.connected) return;
    this.dispatch({ type: 'cancel-requested' });
  }

  reset(): void {
    this.dispatch({ type: 'reset' });
  }

  /** Poll now (tab visible again, back online, page restored) if awaiting or watching and nothing is in flight. */
  recheck(): void {
    if (!this.connected) return;
    this.dispatch({ type: 'poll-due' });
    // The sessions watched behind it may have been paid meanwhile just the same.
    this.watches.recheck();
  }

  remainingMs(): number | undefined {
    const view = this.flow.checkout;
    if (view.status !== 'awaiting') return undefined;
    return Math.max(0, Date.parse(view.session.expiresAt) - this.env.clock.now());
  }

  private config(): FlowConfig {
    const options = this.options();
    return {
      policy: options.pollPolicy ?? DEFAULT_POLL_POLICY,
      allowedSchemes: options.allowedSchemes,
      describeError: options.describeError,
    };
  }

  /** Without a persistKey nothing was kept, and both find nothing. */
  private resume(): void {
    this.watches.resume(this.config());
    const saved = this.persistence.resumable();
    if (saved === undefined) return;
    this.dispatch({ type: 'resumed', session: saved.session, handoff: saved.handoff, config: this.config() });
  }

  /** Events raised while effects run (a listener calling reset(), say) wait their turn. */
  private dispatch(event: FlowEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.step(next);
    } finally {
      this.dispatching = false;
    }
  }

  private step(event: FlowEvent): void {
    const before = this.flow.checkout;
    const watchedBefore = isLateWatching(this.flow);
    const { state, effects } = transition(this.flow, event, this.env.clock.now(), this.env.clock.random());
    this.flow = state;
    const after = state.checkout;
    // The machine says when polling is over (a cancelled view may still be watching).
    if (!keepsPolling(state)) this.clearPollTimer();
    // The end of the late watch changes what the cancelled view says, not the view itself.
    if (after !== before || isLateWatching(state) !== watchedBefore) this.listener.onChange(after);
    for (const effect of effects) this.run(effect);
    if (isTerminal(after) && this.waiters.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve(after as CheckoutResult);
    }
  }

  private run(effect: Effect): void {
    switch (effect.type) {
      case 'send':
        void this.requests.send(effect.requestId, effect.request, effect.idempotencyKey);
        return;
      case 'poll':
        this.clearPollTimer();
        void this.requests.ask('poll', effect.requestId, effect.statusUrl);
        return;
      case 'cancel-session':
        this.clearPollTimer();
        void this.requests.ask('cancel', effect.requestId, effect.statusUrl);
        return;
      case 'schedule-poll':
        this.clearPollTimer();
        if (!this.connected) return;
        this.pollTimer = this.env.clock.setTimeout(() => {
          this.pollTimer = undefined;
          this.dispatch({ type: 'poll-due' });
        }, effect.delayMs);
        return;
      case 'abort-request':
        this.requests.abortAll();
        return;
      case 'notify':
        this.listener.onNotice(effect.notice);
        return;
      case 'persist':
        this.persistence.save(effect.session, effect.handoff);
        return;
      case 'clear-persisted':
        this.persistence.clear();
        return;
      case 'broadcast':
        this.channel?.post(effect.status);
        return;
      case 'watch':
        // The shown watch plus the background ones.
        this.persistence.watch(effect.session, MAX_BACKGROUND_WATCHES + 1);
        return;
      case 'unwatch':
        this.persistence.unwatch(effect.sessionId);
        return;
      case 'watch-in-background':
        this.watches.add(effect.watch);
        return;
    }
  }

  private clearPollTimer(): void {
    if (this.pollTimer !== undefined) {
      this.env.clock.clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }
}
