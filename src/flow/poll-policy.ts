/**
 * How often the element asks the merchant backend for a session's status: a named policy,
 * so the timing is one readable place and the element's attributes can override it.
 * Pure: the caller supplies elapsed time, error count and a random number.
 */

/** Steady polling while the shopper is likely still at the phone. */
export const POLL_INTERVAL_MS = 2_000;
/** After a minute the shopper has probably walked away: poll more gently. */
export const SLOW_POLL_INTERVAL_MS = 5_000;
export const SLOW_AFTER_MS = 60_000;
/** Errors back off up to this; also the ceiling for a server's Retry-After. */
export const MAX_BACKOFF_MS = 30_000;
/** One request (any kind) is abandoned after this. */
export const REQUEST_TIMEOUT_MS = 10_000;
/**
 * After expiresAt the backend may still answer `pending` for a moment (its clock and ours
 * differ, or it is making its own last check with Paynet): keep asking this long before
 * calling the session expired, so a payment made in the last second is not reported lost.
 */
export const EXPIRY_GRACE_MS = 10_000;

export interface PollPolicy {
  intervalMs: number;
  slowIntervalMs: number;
  slowAfterMs: number;
  maxBackoffMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  intervalMs: POLL_INTERVAL_MS,
  slowIntervalMs: SLOW_POLL_INTERVAL_MS,
  slowAfterMs: SLOW_AFTER_MS,
  maxBackoffMs: MAX_BACKOFF_MS,
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
});

export interface PollDelayInput {
  /** Time since the session started (negative after a clock jump counts as 0). */
  elapsedMs: number;
  /** Failed polls in a row (0 after an answer). */
  consecutiveErrors: number;
  /** The server's Retry-After for this answer, if it sent one. */
  retryAfterMs?: number;
  /** A number in [0, 1): spreads retries of many shoppers after an outage. */
  random: number;
}

/** The regular interval at this point of the session (no errors). */
export function baseIntervalMs(policy: PollPolicy, elapsedMs: number): number {
  return Math.max(0, elapsedMs) >= policy.slowAfterMs ? policy.slowIntervalMs : policy.intervalMs;
}

/** The ceiling every computed delay stays under (never below the base interval). */
export function maxDelayMs(policy: PollPolicy, elapsedMs: number): number {
  return Math.max(baseIntervalMs(policy, elapsedMs), policy.maxBackoffMs);
}

/**
 * Delay before the next status request. Bounds: always within
 * [base interval, max(base interval, maxBackoffMs)].
 */
export function nextPollDelayMs(policy: PollPolicy, input: PollDelayInput): number {
  const base = baseIntervalMs(policy, input.elapsedMs);
  const ceiling = maxDelayMs(policy, input.elapsedMs);
  if (input.retryAfterMs !== undefined && Number.isFinite(input.retryAfterMs)) {
    return clamp(input.retryAfterMs, base, ceiling);
  }
  if (input.consecutiveErrors <= 0) return base;
  // Exponent capped so 2 ** n stays finite whatever the error count.
  const exponential = Math.min(ceiling, base * 2 ** Math.min(input.consecutiveErrors, 30));
  const random = clamp(input.random, 0, 1);
  return Math.round(base + random * (exponential - base));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
