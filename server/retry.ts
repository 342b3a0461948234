/**
 * Retrying a Paynet call that is safe to repeat (a read, or a payment under the same
 * reference_no, or any call whose session key was refused), next to the transport as
 * stripe-node keeps `_shouldRetry` and `_getSleepTimeInMS` beside its RequestSender.
 */
import { PaynetAuthError, PaynetUnavailableError } from './errors.js';
import { ReturnCode } from './paynet/return-codes.js';
import type { SessionKeyCache } from './session-key-cache.js';

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
 * Runs `run` with the cached session key; when Paynet refuses the key (return code 7), drops
 * it, renews it and retries once, with no wait: the refused request did nothing at Paynet.
 */
export async function retryingWithRenewedKey<T>(keys: Pick<SessionKeyCache, 'get' | 'refused'>, run: (key: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const key = await keys.get();
    try {
      return await run(key);
    } catch (error) {
      if (attempt === 0 && error instanceof PaynetAuthError && error.code === ReturnCode.unauthorized) {
        keys.refused(key);
        continue;
      }
      throw error;
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
