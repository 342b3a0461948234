/**
 * Token bucket per client key: `capacity` requests at once, refilled at `refillPerMinute`.
 * Guards the routes that create something at Paynet (sessions, reversals, card payments).
 */

export interface RateLimitOptions {
  /** Burst size. Default 10. */
  capacity?: number;
  /** Tokens added per minute. Default 10. */
  refillPerMinute?: number;
}

export const DEFAULT_RATE_LIMIT_CAPACITY = 10;
export const DEFAULT_RATE_LIMIT_REFILL_PER_MINUTE = 10;
/** Above this many tracked clients, buckets that are full again are dropped. */
const MAX_TRACKED_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBucketLimiter {
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}, private readonly now: () => number = Date.now) {
    this.capacity = options.capacity ?? DEFAULT_RATE_LIMIT_CAPACITY;
    this.refillPerMs = (options.refillPerMinute ?? DEFAULT_RATE_LIMIT_REFILL_PER_MINUTE) / 60_000;
    if (!(this.capacity >= 1) || !(this.refillPerMs > 0)) throw new RangeError('rateLimit: capacity ≥ 1 and refillPerMinute > 0 required');
  }

  /** Takes a token for `key`; when none is left, says how long until one is. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      if (this.buckets.size > MAX_TRACKED_CLIENTS) this.prune(now);
      return { allowed: true };
    }
    this.buckets.set(key, bucket);
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.refillPerMs) };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.capacity) this.buckets.delete(key);
    }
  }
}
