/** A clock the test moves by hand, for the runner's timers; the network (msw) stays real. */
import type { RunnerClock } from '../../src/controllers/checkout-runner.js';

interface Timer {
  at: number;
  callback: () => void;
}

export class VirtualClock implements RunnerClock {
  private time: number;
  private nextHandle = 1;
  private readonly timers = new Map<number, Timer>();
  readonly delaysMs: number[] = [];

  constructor(startMs: number) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  random(): number {
    return 0.5;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.delaysMs.push(delayMs);
    this.timers.set(handle, { at: this.time + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = end;
  }
}

/** Waits (in real time) until `predicate` holds: the network answers asynchronously. */
export async function until(predicate: () => boolean, what = 'condition', describe?: () => string): Promise<void> {
  // Generous, but under mocha's 10 s so the failure says what was being waited for.
  const deadline = Date.now() + 8_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${describe ? ` (${describe()})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
