/**
 * What a CheckoutRunner is given by its host: the element's options, a listener for what it
 * has to show, and its surroundings (time, randomness, ids, storage, the cross-tab channel).
 * The surroundings are injected as a whole so the browser tests and the fault schedules run
 * the same runner on a virtual clock, an in-memory store and no other tab.
 */
import type { PollPolicy } from '../flow/poll-policy.js';
import type { CheckoutNotice, CheckoutState } from '../flow/types.js';
import { openBroadcastSessionChannel, type OpenSessionChannel } from '../storage/session-channel.js';
import { createWebStorageStore, type SessionStore } from '../storage/session-store.js';
import type { Routes } from '../modes/request-kinds.js';
import type { MerchantApi } from '../transport/merchant-api.js';

export interface CheckoutOptions {
  /** The merchant backend's routes (sale sessions, reversals, card payments…), each mode's `send` takes its own. */
  routes: Routes;
  allowedSchemes: readonly string[];
  pollPolicy: PollPolicy;
  /** Plain-text message for a client-side error code (the element passes its i18n). */
  describeError: (code: string) => string;
  /** sessionStorage key for resume; undefined = no persistence. */
  persistKey?: string;
  /** Tests/advanced use; default createMerchantApi(). */
  api?: MerchantApi;
}

export interface RunnerListener {
  /** The state changed (the host re-renders). */
  onChange(state: CheckoutState): void;
  onNotice(notice: CheckoutNotice): void;
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

/** The page's own: the system clock, sessionStorage, a BroadcastChannel to the other tabs. */
export function defaultEnvironment(): RunnerEnvironment {
  return {
    clock: systemClock,
    randomUUID: () => crypto.randomUUID(),
    store: createWebStorageStore(),
    openChannel: (listener) => openBroadcastSessionChannel(listener),
  };
}

/** `given` over the defaults; a field given as undefined keeps its default. */
export function withDefaults(given: Partial<RunnerEnvironment>): RunnerEnvironment {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...defaultEnvironment(), ...defined };
}
