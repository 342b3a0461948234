/**
 * Every store call with a deadline. A frozen or unreachable Redis (or database) must not hold
 * a shopper's request for the length of the outage: past `timeoutMs` the call is answered
 * with StoreUnavailableError, which the backend turns into 503 `store_unavailable` with
 * Retry-After. The call itself is not cancelled (no store client can take it back), so a write
 * may still land later; every write is a compare-and-set, so a late one cannot undo a newer
 * state. Recovery needs nothing: the next call simply succeeds.
 */
import type { SessionStore } from './store/session-store.js';

export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * `store` with each method raced against `timeoutMs`. `close` and `subscribe` (synchronous,
 * no store call) are passed through untimed; a store without `subscribe` stays without it.
 */
export function withStoreDeadline(store: SessionStore, timeoutMs: number): SessionStore {
  const timed = <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`session store did not answer ${operation} within ${timeoutMs} ms`)), timeoutMs);
    });
    // Through a promise, so a store method that throws synchronously is handled like one that rejects.
    const call = Promise.resolve().then(run).catch((error: unknown) => {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(`session store failed ${operation}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    // The call may settle after the deadline: its rejection is nobody's to handle then.
    call.catch(() => undefined);
    return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
  };
  const subscribe = store.subscribe?.bind(store);
  return {
    ...(subscribe ? { subscribe } : {}),
    get: (id) => timed('get', () => store.get(id)),
    insert: (session) => timed('insert', () => store.insert(session)),
    compareAndSet: (next, expectedVersion) => timed('compareAndSet', () => store.compareAndSet(next, expectedVersion)),
    findByPaymentSessionId: (id) => timed('findByPaymentSessionId', () => store.findByPaymentSessionId(id)),
    findByReferenceNo: (referenceNo) => timed('findByReferenceNo', () => store.findByReferenceNo(referenceNo)),
    claimIdempotencyKey: (key, record, leaseMs) => timed('claimIdempotencyKey', () => store.claimIdempotencyKey(key, record, leaseMs)),
    renewIdempotencyKey: (key, sessionId, ttlMs) => timed('renewIdempotencyKey', () => store.renewIdempotencyKey(key, sessionId, ttlMs)),
    findByIdempotencyKey: (key) => timed('findByIdempotencyKey', () => store.findByIdempotencyKey(key)),
    releaseIdempotencyKey: (key, sessionId) => timed('releaseIdempotencyKey', () => store.releaseIdempotencyKey(key, sessionId)),
    listSucceededSales: (limit) => timed('listSucceededSales', () => store.listSucceededSales(limit)),
    listUnsettled: (limit) => timed('listUnsettled', () => store.listUnsettled(limit)),
    listNeedsReview: (limit) => timed('listNeedsReview', () => store.listNeedsReview(limit)),
    close: () => store.close(),
  };
}
