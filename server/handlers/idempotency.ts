/**
 * Idempotency-Key handling shared by the routes that create something at Paynet. The first
 * request with a key claims it atomically in the store; a repeat with the same body gets the
 * same session back, a repeat with a different body is a 409, and a repeat while the first is
 * still talking to Paynet is a 409 with Retry-After (the client tries again in a second).
 */
import type { StoredSession } from '../store/session-store.js';
import type { BackendContext } from './context.js';
import { HttpError } from './http-response.js';

export type IdempotencyScope = 'sessions' | 'reversals' | 'payments';

export type Claim =
  /** The key is ours (or there is no key): do the work, then `release` it if the work failed. */
  | { type: 'new'; release: () => Promise<void> }
  /** The key was used before for this same request, and its session exists. */
  | { type: 'replay'; session: StoredSession };

export async function claimIdempotencyKey(
  ctx: BackendContext,
  scope: IdempotencyScope,
  key: string | undefined,
  sessionId: string,
  fingerprint: string,
): Promise<Claim> {
  if (key === undefined) return { type: 'new', release: async () => undefined };
  const scopedKey = `${scope}:${key}`;
  const existing = await ctx.store.claimIdempotencyKey(scopedKey, { sessionId, fingerprint }, ctx.idempotencyTtlMs);
  if (!existing) return { type: 'new', release: () => ctx.store.releaseIdempotencyKey(scopedKey, sessionId) };
  if (existing.fingerprint !== fingerprint) {
    throw new HttpError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different request.');
  }
  const session = await ctx.store.get(existing.sessionId);
  if (!session) {
    throw new HttpError(409, 'idempotency_in_progress', 'The first request with this Idempotency-Key is still running.', { 'retry-after': '1' });
  }
  return { type: 'replay', session };
}
