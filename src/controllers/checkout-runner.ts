/**
 * Runs the pure flow's effects: requests (one AbortController each), the poll timer,
 * persistence, the cross-tab channel. Free of lit and of the DOM, so the same code runs
 * under the lit controller in the browser and under the fault schedules in Node.
 */
import type { StatusResponse } from '../contract.js';
import {
  initialFlowState,
  isLateWatching,
  isTerminal,
  keepsPolling,
  lateWatchState,
  transition,
  type Effect,
  type FlowConfig,
  type FlowEvent,
  type FlowState,
} from '../flow/checkout-machine.js';
import { DEFAULT_POLL_POLICY, type PollPolicy } from '../flow/poll-policy.js';
import type { CheckoutError, CheckoutNotice, CheckoutResult, CheckoutState, StartRequest } from '../flow/types.js';
import { requestKind } from '../modes/request-kinds.js';
import { openBroadcastSessionChannel, type OpenSessionChannel, type SessionChannel } from '../storage/session-channel.js';
import { createWebStorageStore, type SessionStore } from '../storage/session-store.js';
import { fromWatched, withoutWatched, withWatched } from '../storage/watched-sessions.js';
import { isTransportError } from '../transport/errors.js';
import { createMerchantApi, type MerchantApi } from '../transport/merchant-api.js';

export interface CheckoutOptions {
  /** Sale sessions (POST), and the base for relative statusUrls. */
  sessionUrl: string;
  /** mode="reversal". */
  reversalUrl?: string;
  /** Card payments. */
  paymentUrl?: string;
  allowedSchemes: readonly string[];
  pollPolicy: PollPolicy;
  /** Plain-text message for a client-side error code (the element passes its i18n). */
  describeError: (code: string) => string;
  /** sessionStorage key for resume; undefined = no persistence. */
  persistKey?: string;
  /** Tests/advanced use; default createMerchantApi(). */
  api?: MerchantApi;
}

/** Time and randomness, injectable so tests and fault schedules run on a virtual clock. */
export interface RunnerClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export interface RunnerEnvironment {
  clock: RunnerClock;
  randomUUID: () => string;
  store: SessionStore;
  openChannel: OpenSessionChannel;
}

export interface RunnerListener {
  /** The state changed (the host re-renders). */
  onChange(state: CheckoutState): void;
  onNotice(notice: CheckoutNotice): void;
}

/**
 * Retries of one press (same Idempotency-Key) when creating a session or paying by card
 * fails in a way that may pass: the backend answers a repeated key with what it already did.
 */
export const CREATE_RETRY_DELAYS_MS: readonly number[] = [500, 1_500];

/**
 * A persisted session is resumed within this long after its expiresAt (so a reload right at
 * the end still makes the final check); older ones are dropped.
 */
export const RESUME_WINDOW_MS = 5 * 60_000;

/**
 * Cancelled sessions watched behind the one shown (each Start again after a cancel adds one).
 * Every watch ends by itself once its session can no longer be paid (expiryEnd), at the slow
 * polling rate, so the list is already bounded by how often a shopper can cancel within one
 * session lifetime; this cap only guards against a runaway page. Beyond it the oldest watch
 * is dropped, and the merchant backend still records a payment on it (its own late-payment
 * check) for the shop to reconcile; only the page would miss the event.
 */
export const MAX_BACKGROUND_WATCHES = 20;

/**
 * Monotonic time on the wall-clock scale: a user (or NTP) moving the system clock must not
 * make a session look expired early. After a laptop sleep it may lag, which only makes us
 * ask the backend later, never conclude sooner.
 */
function monotonicNow(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.timeOrigin + performance.now();
}

export const systemClock: RunnerClock = {
  now: monotonicNow,
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

function defaultEnvironment(): RunnerEnvironment {
  return {
    clock: systemClock,
    randomUUID: () => crypto.randomUUID(),
    store: createWebStorageStore(),
    openChannel: (listener) => openBroadcastSessionChannel(listener),
  };
}

interface ActiveRequest {
  id: number;
  controller: AbortController;
  /** A card payment is not aborted on disconnect: its answer may carry a charge. */
  survivesDisconnect: boolean;
}

export class CheckoutRunner {
  private readonly options: () => CheckoutOptions;
  private readonly listener: RunnerListener;
  private readonly env: RunnerEnvironment;
  private flow: FlowState;
  private connected = false;
  private pollTimer: unknown = undefined;
  private readonly requests = new Map<number, ActiveRequest>();
  private channel: SessionChannel | undefined;
  private waiters: Array<(result: CheckoutResult) => void> = [];
  private readonly queue: FlowEvent[] = [];
  private dispatching = false;
  private defaultApi: MerchantApi | undefined;
  /** Late watches of cancelled sessions the shopper moved on from, oldest first. */
  private watchers: CheckoutRunner[] = [];
  /** Set on a background watcher: it has no pending session of its own to persist. */
  private readonly background: boolean;

  constructor(
    options: () => CheckoutOptions,
    listener: RunnerListener,
    env: Partial<RunnerEnvironment> = {},
    /** Internal: a background watcher starts from the watch state it takes over. */
    adopted?: FlowState,
  ) {
    this.options = options;
    this.listener = listener;
    const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
    this.env = { ...defaultEnvironment(), ...given };
    this.background = adopted !== undefined;
    this.flow = adopted ?? initialFlowState(this.config());
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
    return this.watchers.map((watcher) => watcher.sessionId ?? '');
  }

  private get sessionId(): string | undefined {
    const view = this.flow.checkout;
    return 'session' in view ? view.session?.sessionId : undefined;
  }

  /** The host entered the DOM: listen to other tabs, resume a persisted session, or go on polling. */
  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.channel = this.env.openChannel((status) => {
      this.dispatch({ type: 'remote-result', status });
      for (const watcher of [...this.watchers]) watcher.dispatch({ type: 'remote-result', status });
    });
    if (this.flow.checkout.status === 'idle') this.resume();
    else this.dispatch({ type: 'woken' });
    for (const watcher of [...this.watchers]) watcher.connect();
  }

  /** The host left the DOM: no request and no timer survive (a card payment excepted). */
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.channel?.close();
    this.channel = undefined;
    this.clearPollTimer();
    for (const request of [...this.requests.values()]) {
      if (!request.survivesDisconnect) {
        request.controller.abort();
        this.requests.delete(request.id);
      }
    }
    this.dispatch({ type: 'suspended' });
    for (const watcher of this.watchers) watcher.disconnect();
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
    for (const watcher of [...this.watchers]) watcher.recheck();
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

  private api(): MerchantApi {
    const injected = this.options().api;
    if (injected !== undefined) return injected;
    this.defaultApi ??= createMerchantApi({ timeoutMs: this.config().policy.requestTimeoutMs });
    return this.defaultApi;
  }

  private resume(): void {
    const key = this.options().persistKey;
    if (key === undefined) return;
    this.resumeWatches(key);
    const saved = this.env.store.load(key);
    if (saved === undefined) return;
    if (this.isPastResume(saved.session.expiresAt)) {
      this.env.store.clear(key);
      return;
    }
    this.dispatch({ type: 'resumed', session: saved.session, handoff: saved.handoff, config: this.config() });
  }

  /** Watches cut by a reload go on in the background, each with its final check still due. */
  private resumeWatches(key: string): void {
    const list = this.env.store.loadWatched(key);
    for (const entry of list) {
      if (!this.isPastResume(entry.expiresAt)) this.watchInBackground(lateWatchState(this.config(), fromWatched(entry)));
    }
    // Keep exactly what runs: an entry past its window, or one the cap dropped, is gone for good.
    this.env.store.saveWatched(key, list.filter((entry) => this.watchers.some((watcher) => watcher.sessionId === entry.sessionId)));
  }

  private isPastResume(expiresAt: string): boolean {
    return this.env.clock.now() > Date.parse(expiresAt) + RESUME_WINDOW_MS;
  }

  /**
   * The same machine and runner code as the shown flow, on the state the watch had: it runs
   * and ends exactly as the watch in the cancelled view would, and only its late success (or
   * late review: the backend can no longer tell) reaches the host.
   */
  private watchInBackground(watch: FlowState): void {
    const view = watch.checkout;
    if (view.status !== 'cancelled') return;
    const sessionId = view.session.sessionId;
    // One watcher per session, so never two requests in flight for it.
    if (this.watchers.some((watcher) => watcher.sessionId === sessionId)) return;
    const parent = this;
    const watcher: CheckoutRunner = new CheckoutRunner(
      this.options,
      {
        onChange() {
          if (!watcher.watchingLatePayment) parent.watchers = parent.watchers.filter((other) => other !== watcher);
        },
        onNotice(notice) {
          // Its outcome after the cancel: paid after all, or for the shop to check by hand.
          if (notice.type === 'success' || notice.type === 'review') parent.listener.onNotice({ ...notice, background: true });
        },
      },
      {
        ...this.env,
        // Through this runner's channel: one per element, and it forwards what it hears.
        openChannel: () => ({ post: (status) => parent.channel?.post(status), close() {} }),
      },
      watch,
    );
    this.watchers.push(watcher);
    while (this.watchers.length > MAX_BACKGROUND_WATCHES) {
      const oldest = this.watchers.shift();
      oldest?.disconnect();
      if (oldest?.sessionId !== undefined) this.unwatch(oldest.sessionId);
    }
    if (this.connected) watcher.connect();
  }

  private unwatch(sessionId: string): void {
    const key = this.options().persistKey;
    if (key !== undefined) this.env.store.saveWatched(key, withoutWatched(this.env.store.loadWatched(key), sessionId));
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
        void this.send(effect.requestId, effect.request, effect.idempotencyKey);
        return;
      case 'poll':
        this.clearPollTimer();
        void this.ask('poll', effect.requestId, effect.statusUrl);
        return;
      case 'cancel-session':
        this.clearPollTimer();
        void this.ask('cancel', effect.requestId, effect.statusUrl);
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
        for (const request of [...this.requests.values()]) {
          request.controller.abort();
          this.requests.delete(request.id);
        }
        return;
      case 'notify':
        this.listener.onNotice(effect.notice);
        return;
      case 'persist': {
        const key = this.options().persistKey;
        if (key !== undefined && !this.background) {
          this.env.store.save(key, { session: effect.session, handoff: effect.handoff, savedAt: this.env.clock.now() });
        }
        return;
      }
      case 'clear-persisted': {
        // A background watcher's session is not the pending one stored under the key.
        const key = this.options().persistKey;
        if (key !== undefined && !this.background) this.env.store.clear(key);
        return;
      }
      case 'broadcast':
        this.channel?.post(effect.status);
        return;
      case 'watch': {
        const key = this.options().persistKey;
        // The shown watch plus the background ones.
        if (key !== undefined) this.env.store.saveWatched(key, withWatched(this.env.store.loadWatched(key), effect.session, MAX_BACKGROUND_WATCHES + 1));
        return;
      }
      case 'unwatch':
        this.unwatch(effect.sessionId);
        return;
      case 'watch-in-background':
        this.watchInBackground(effect.watch);
        return;
    }
  }

  private clearPollTimer(): void {
    if (this.pollTimer !== undefined) {
      this.env.clock.clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private begin(id: number, survivesDisconnect = false): AbortController {
    const controller = new AbortController();
    this.requests.set(id, { id, controller, survivesDisconnect });
    return controller;
  }

  /** Settles request `id`; false when it was aborted meanwhile (its answer must not be used). */
  private finish(id: number, controller: AbortController): boolean {
    if (this.requests.get(id)?.controller === controller) this.requests.delete(id);
    return !controller.signal.aborted;
  }

  /** The request that starts the payment, as its kind sends it, retried with the same key. */
  private async send(id: number, request: StartRequest, idempotencyKey: string): Promise<void> {
    const kind = requestKind(request);
    // A one-shot payment's answer may carry a charge: it is not aborted on disconnect.
    const controller = this.begin(id, kind.oneShot);
    const options = this.options();
    const context = { api: this.api(), sessionUrl: options.sessionUrl, reversalUrl: options.reversalUrl, paymentUrl: options.paymentUrl };
    // Held only until the answer: a card number must not outlive its request.
    let pending: StartRequest | undefined = request;
    try {
      const answer = await this.withRetries(controller.signal, () => {
        if (pending === undefined) throw new Error('request already released');
        return kind.send(context, pending, idempotencyKey, controller.signal);
      });
      pending = undefined;
      if (this.finish(id, controller)) this.dispatch({ type: 'started', requestId: id, answer });
    } catch (error) {
      pending = undefined;
      if (this.finish(id, controller)) this.dispatch({ type: 'start-failed', requestId: id, error: this.toCheckoutError(error) });
    }
  }

  /** A status check or a cancel: one request, its answer (or failure) fed back tagged with its id. */
  private async ask(kind: 'poll' | 'cancel', id: number, statusUrl: string): Promise<void> {
    const controller = this.begin(id);
    try {
      const answer = kind === 'poll'
        ? await this.api().getStatus(statusUrl, controller.signal)
        : { status: await this.api().cancel(statusUrl, controller.signal), retryAfterMs: undefined };
      if (!this.finish(id, controller)) return;
      const status: StatusResponse = answer.status;
      if (kind === 'cancel') this.dispatch({ type: 'cancel-result', requestId: id, status });
      else this.dispatch({ type: 'poll-result', requestId: id, status, ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }) });
    } catch (error) {
      if (!this.finish(id, controller)) return;
      const retryAfterMs = isTransportError(error) ? error.retryAfterMs : undefined;
      const failure = { requestId: id, error: this.toCheckoutError(error), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
      this.dispatch(kind === 'cancel' ? { type: 'cancel-failed', ...failure } : { type: 'poll-failed', ...failure });
    }
  }

  /** Same press, same key: a lost answer is asked for again, never turned into a second payment. */
  private async withRetries<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const delayMs = CREATE_RETRY_DELAYS_MS[attempt];
        const worthRetrying = isTransportError(error) && error.retryable && error.kind !== 'malformed';
        if (!worthRetrying || delayMs === undefined || signal.aborted) throw error;
        await this.sleep(delayMs, signal);
      }
    }
  }

  private sleep(delayMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const handle = this.env.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      const onAbort = (): void => {
        this.env.clock.clearTimeout(handle);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private toCheckoutError(error: unknown): CheckoutError {
    const describe = this.options().describeError;
    if (isTransportError(error)) {
      const message = error.fromServer ? error.message : describe(error.code);
      return { code: error.code, message, retryable: error.retryable };
    }
    return { code: 'unknown', message: describe('unknown'), retryable: false };
  }
}
