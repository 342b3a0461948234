/**
 * Re-renders its host once a second while a deadline is pending, aligned to whole seconds of
 * the remaining time so the shown value changes exactly when it should. The element's only timer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const COUNTDOWN_TICK_MS = 1_000;

export interface CountdownParts {
  minutes: number;
  seconds: number;
}

/** Rounds up to whole seconds (299_400 ms → 5:00), so "0:00" shows only when the time is really up. */
export function countdownParts(remainingMs: number): CountdownParts {
  const totalSeconds = Math.max(0, Math.ceil(remainingMs / 1_000));
  return { minutes: Math.floor(totalSeconds / 60), seconds: totalSeconds % 60 };
}

/** The two timer functions the controller uses; injectable so a test can run them by hand. */
export interface CountdownTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: CountdownTimers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class CountdownController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly remaining: () => number | undefined;
  private readonly timers: CountdownTimers;
  private timer: unknown;
  private connected = false;

  /** @param remaining ms left, or undefined when there is no deadline (then no timer runs). */
  constructor(host: ReactiveControllerHost, remaining: () => number | undefined, timers: CountdownTimers = browserTimers) {
    this.host = host;
    this.remaining = remaining;
    this.timers = timers;
    host.addController(this);
  }

  /** The current remaining time, for render. */
  get remainingMs(): number | undefined {
    return this.remaining();
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
  }

  hostUpdated(): void {
    this.sync();
  }

  private sync(): void {
    const remaining = this.remaining();
    if (!this.connected || remaining === undefined || remaining <= 0) {
      this.stop();
      return;
    }
    if (this.timer !== undefined) return;
    // Wake when the displayed whole second changes (ceil), not on a drifting 1 s grid.
    const delay = remaining % COUNTDOWN_TICK_MS || COUNTDOWN_TICK_MS;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.host.requestUpdate();
    }, delay);
  }

  private stop(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
