/**
 * Idempotency-Key handling shared by the routes that create something at Paynet. The first
 * request with a key claims it atomically in the store; a repeat with the same body gets the
 * same session back, a repeat with a different body is a 409, and a repeat while the first is
 * still talking to Paynet is a 409 with Retry-After (the client tries again in a second).
 *
 * A claim is a lease, not a lock: it lasts `idempotencyLeaseMs` and is renewed while its
 * request runs, then extended to the full retention once the session exists. A process killed
 * in between stops renewing, so the key is free again within the lease instead of answering
 * 409 for a day.
 */
import type { StoredSession } from '../store/session-store.js';
import { unrefTimer } from '../timers.js';
import type { BackendContext } from './context.js';
import { HttpError } from './http-response.js';

export type IdempotencyScope = 'sessions' | 'reversals' | 'payments';

/** The work of a fresh claim: `complete` once the session is stored, `release` if it failed before that. */
export interface Lease {
  complete(): Promise<void>;
  release(): Promise<void>;
}

export type Claim =
  /** The key is ours (or there is no key): do the work under the lease. */
  | { type: 'new'; lease: Lease }
  /** The key was used before for this same request, and its session exists. */
  | { type: 'replay'; session: StoredSession };

const NO_LEASE: Lease = { complete: async () => undefined, release: async () => undefined };

export async function claimIdempotencyKey(
  ctx: BackendContext,
  scope: IdempotencyScope,
  key: string | undefined,
  sessionId: string,
  fingerprint: string,
): Promise<Claim> {
  if (key === undefined) return { type: 'new', lease: NO_LEASE };
  const scopedKey = `${scope}:${key}`;
  const existing = await ctx.store.claimIdempotencyKey(scopedKey, { sessionId, fingerprint }, ctx.idempotencyLeaseMs);
  if (!existing) return { type: 'new', lease: renewedLease(ctx, scopedKey, sessionId) };
  if (existing.fingerprint !== fingerprint) {
    throw new HttpError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different request.');
  }
  const session = await ctx.store.get(existing.sessionId);
  if (!session) {
    throw new HttpError(409, 'idempotency_in_progress', 'The first request with this Idempotency-Key is still running.', { 'retry-after': '1' });
  }
  return { type: 'replay', session };
}

/** Renews the claim every third of the lease until the work completes or is released. */
function renewedLease(ctx: BackendContext, scopedKey: string, sessionId: string): Lease {
  const timer = setInterval(() => {
    ctx.store.renewIdempotencyKey(scopedKey, sessionId, ctx.idempotencyLeaseMs).catch((error: unknown) => ctx.onError(error, 'idempotency lease renewal'));
  }, Math.max(100, Math.floor(ctx.idempotencyLeaseMs / 3)));
  unrefTimer(timer);
  return {
    async complete() {
      clearInterval(timer);
      await ctx.store.renewIdempotencyKey(scopedKey, sessionId, ctx.idempotencyTtlMs);
    },
    async release() {
      clearInterval(timer);
      await ctx.store.releaseIdempotencyKey(scopedKey, sessionId);
    },
  };
}
