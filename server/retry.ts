/**
 * Retrying a Paynet call that is safe to repeat (a read, or a payment under the same
 * reference_no), next to the transport as stripe-node keeps `_shouldRetry` and
 * `_getSleepTimeInMS` beside its RequestSender.
 */
import { PaynetUnavailableError } from './errors.js';

/**
 * Retries `run` after each delay in `delaysMs` while it fails with PaynetUnavailableError
 * (never when the circuit is open: that would only wait for the same refusal).
 */
export async function retrying<T>(delaysMs: readonly number[], signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const delayMs = delaysMs[attempt];
      const retryable = error instanceof PaynetUnavailableError && error.reason !== 'circuit_open';
      if (!retryable || delayMs === undefined || signal?.aborted) throw error;
      await sleep(jitteredDelayMs(delayMs), signal);
      // Aborted while waiting: the caller no longer wants an answer.
      if (signal?.aborted) throw error;
    }
  }
}

/**
 * "Equal jitter": half the delay fixed, half random. The fixed half keeps a minimum spacing
 * for a recovering Paynet; the random half keeps many instances from retrying in lockstep.
 */
export function jitteredDelayMs(delayMs: number, random: () => number = Math.random): number {
  return delayMs / 2 + random() * (delayMs / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
