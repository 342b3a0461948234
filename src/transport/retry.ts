/**
 * When and how soon the request that starts a payment is sent again (in the spirit of
 * stripe-node's RequestSender: `_shouldRetry`, `_getSleepTimeInMS`). Only that request is
 * retried here: a poll or a cancel is asked again by the flow's own poll policy. Every retry
 * carries the same Idempotency-Key, so the backend answers it with what it already did: a lost
 * answer is asked for again, never turned into a second payment.
 *
 * The clock is handed in, so tests and the fault schedules sleep on a virtual one.
 */
import { isTransportError } from './errors.js';

/** The pause before each retry of one press, in order; their count is the number of retries. */
export const CREATE_RETRY_DELAYS_MS: readonly number[] = [500, 1_500];

/** The two timer calls a retry sleeps on (a RunnerClock has them). */
export interface RetryClock {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Whether a start request that failed with `error` goes out again, `attempt` retries in (0
 * after the first failure). Only a failure that may pass (errors.ts decides `retryable`) is
 * retried, and not a malformed answer: the backend did answer that key, and asking again
 * would bring back the same answer.
 */
export function shouldRetry(error: unknown, attempt: number): boolean {
  if (attempt >= CREATE_RETRY_DELAYS_MS.length) return false;
  return isTransportError(error) && error.retryable && error.kind !== 'malformed';
}

/**
 * The pause before retry number `attempt` (0-based). Fixed, no jitter: one shopper's press
 * retried twice cannot stampede the backend, and the fault schedules check every delay.
 */
export function retryDelayMs(attempt: number): number {
  return CREATE_RETRY_DELAYS_MS[Math.min(attempt, CREATE_RETRY_DELAYS_MS.length - 1)] ?? 0;
}

/** Resolves after `delayMs` on `clock`; rejects with the abort reason as soon as `signal` aborts. */
export function sleep(clock: RetryClock, delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `call`, and again after each pause while shouldRetry says so; the last failure is thrown.
 * An abort (the shopper left, or cancelled) stops the retries: the call's own failure is then
 * thrown, or the abort reason if it comes during a pause.
 */
export async function withRetries<T>(clock: RetryClock, signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!shouldRetry(error, attempt) || signal.aborted) throw error;
      await sleep(clock, retryDelayMs(attempt), signal);
    }
  }
}
