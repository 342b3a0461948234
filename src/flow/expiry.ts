/** The two marks of a session's end, by our clock: when Paynet stops taking it, and when we believe it. */
import type { SessionResponse } from '../contract.js';
import { EXPIRY_GRACE_MS } from './poll-policy.js';

export function expiresAtMs(session: SessionResponse): number {
  return Date.parse(session.expiresAt);
}

/**
 * A pending answer to a request sent at or after this moment means the session is over (the
 * grace covers a backend still making its own last check with Paynet).
 */
export function expiryEnd(session: SessionResponse): number {
  return expiresAtMs(session) + EXPIRY_GRACE_MS;
}
