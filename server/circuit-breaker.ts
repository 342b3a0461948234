/**
 * A circuit breaker in front of Paynet: after `failureThreshold` calls in a row find Paynet
 * unreachable (network error, timeout, 5xx), calls fail at once for `openMs` instead of each
 * waiting for its own timeout, so a Paynet that is down is not hammered and a shopper's request
 * is answered in milliseconds. Then one trial call is let through (half-open): its success
 * closes the circuit, its failure opens it again. Any answer from Paynet — even an error code —
 * proves it is up and closes the circuit.
 */

export interface CircuitBreakerOptions {
  /** Consecutive unreachable calls that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before one trial. Default 5 s. */
  openMs?: number;
  now?: () => number;
}

export const DEFAULT_CIRCUIT_FAILURE_THRESHOLD = 5;
export const DEFAULT_CIRCUIT_OPEN_MS = 5_000;

export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? DEFAULT_CIRCUIT_FAILURE_THRESHOLD;
    this.openMs = options.openMs ?? DEFAULT_CIRCUIT_OPEN_MS;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Ms until the next trial when open (a Retry-After hint), else 0. */
  get retryAfterMs(): number {
    return this.openedAt === undefined ? 0 : Math.max(0, this.openedAt + this.openMs - this.now());
  }

  /**
   * Whether a call may go out now: `'call'`, `'trial'` (the one call let through while
   * half-open; everyone else is refused until its outcome is reported), or false.
   */
  allow(): 'call' | 'trial' | false {
    const state = this.state;
    if (state === 'closed') return 'call';
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return 'trial';
  }

  /** Paynet answered (whatever it said). */
  succeeded(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** Paynet could not be reached. */
  failed(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt !== undefined || this.failures >= this.failureThreshold) this.openedAt = this.now();
  }

  /**
   * A call that ended without telling anything about Paynet (our own abort). Only the trial's
   * own end frees the trial: a straggler let through before the circuit opened does not.
   */
  abandoned(permit: 'call' | 'trial'): void {
    if (permit === 'trial') this.trialInFlight = false;
  }
}
