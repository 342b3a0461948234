/**
 * In-process SessionStore: the default, for one Node process. Sessions are deep-copied in and
 * out so a caller holding an object cannot change what is stored behind the store's back.
 */
import {
  isAllowedTransition,
  isUnsettled,
  type IdempotencyRecord,
  type SessionStore,
  type StoredSession,
} from './session-store.js';
import { SessionChanges } from './session-changes.js';

/** How often expired entries are swept out (lookups also check expiry). */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000;

export interface MemorySessionStoreOptions {
  now?: () => number;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private readonly byPaymentSessionId = new Map<string, string>();
  private readonly byReferenceNo = new Map<string, string>();
  /** Ids of sessions in `listUnsettled` / `listNeedsReview`, kept with every write. */
  private readonly unsettled = new Set<string>();
  private readonly needsReview = new Set<string>();
  private readonly idempotency = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();
  private readonly changes = new SessionChanges();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), MEMORY_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const session = this.live(id);
    return session && structuredClone(session);
  }

  async insert(session: StoredSession): Promise<boolean> {
    if (this.live(session.id)) return false;
    this.sessions.set(session.id, structuredClone(session));
    this.index(session);
    return true;
  }

  async compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean> {
    const current = this.live(next.id);
    if (!current || current.version !== expectedVersion || next.version !== expectedVersion + 1) return false;
    if (!isAllowedTransition(current, next)) return false;
    this.sessions.set(next.id, structuredClone(next));
    this.index(next);
    this.changes.emit(next.id);
    return true;
  }

  subscribe(id: string, listener: () => void): () => void {
    return this.changes.subscribe(id, listener);
  }

  /** Change listeners registered now (tests check that a released long-poll leaves none). */
  get listenerCount(): number {
    return this.changes.size;
  }

  async findByPaymentSessionId(paymentSessionId: string): Promise<StoredSession | undefined> {
    const id = this.byPaymentSessionId.get(paymentSessionId);
    return id === undefined ? undefined : this.get(id);
  }

  async findByReferenceNo(referenceNo: string): Promise<StoredSession | undefined> {
    const id = this.byReferenceNo.get(referenceNo);
    return id === undefined ? undefined : this.get(id);
  }

  async claimIdempotencyKey(key: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyRecord | undefined> {
    // No await between the check and the set: that is what makes the claim atomic here.
    const existing = this.liveClaim(key);
    if (existing) return { ...existing };
    this.idempotency.set(key, { record: { ...record }, expiresAt: this.now() + leaseMs });
    return undefined;
  }

  async renewIdempotencyKey(key: string, sessionId: string, ttlMs: number): Promise<boolean> {
    const record = this.liveClaim(key);
    if (record?.sessionId !== sessionId) return false;
    this.idempotency.set(key, { record, expiresAt: this.now() + ttlMs });
    return true;
  }

  async findByIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined> {
    const record = this.liveClaim(key);
    return record && { ...record };
  }

  private liveClaim(key: string): IdempotencyRecord | undefined {
    const entry = this.idempotency.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.idempotency.delete(key);
      return undefined;
    }
    return entry.record;
  }

  async releaseIdempotencyKey(key: string, sessionId: string): Promise<void> {
    if (this.idempotency.get(key)?.record.sessionId === sessionId) this.idempotency.delete(key);
  }

  async listSucceededSales(limit: number): Promise<StoredSession[]> {
    const out: StoredSession[] = [];
    for (const id of this.sessions.keys()) {
      const session = this.live(id);
      if (session && session.kind === 'sale' && session.status === 'succeeded') out.push(structuredClone(session));
    }
    return out.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  async listUnsettled(limit: number): Promise<StoredSession[]> {
    // Ties broken by id, as the SQL store's ORDER BY does.
    return this.listed(this.unsettled, (a, b) => a.expiresAt - b.expiresAt || compareIds(a.id, b.id), limit);
  }

  async listNeedsReview(limit: number): Promise<StoredSession[]> {
    return this.listed(this.needsReview, (a, b) => b.createdAt - a.createdAt || compareIds(b.id, a.id), limit);
  }

  private listed(ids: Set<string>, order: (a: StoredSession, b: StoredSession) => number, limit: number): StoredSession[] {
    const out: StoredSession[] = [];
    for (const id of [...ids]) {
      const session = this.live(id);
      if (session) out.push(session);
    }
    return out.sort(order).slice(0, Math.max(0, limit)).map((session) => structuredClone(session));
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private live(id: string): StoredSession | undefined {
    const session = this.sessions.get(id);
    if (session && session.retainUntil <= this.now()) {
      this.forget(session);
      return undefined;
    }
    return session;
  }

  private index(session: StoredSession): void {
    if (session.secrets.paymentSessionId) this.byPaymentSessionId.set(session.secrets.paymentSessionId, session.id);
    this.byReferenceNo.set(session.referenceNo, session.id);
    if (isUnsettled(session)) this.unsettled.add(session.id);
    else this.unsettled.delete(session.id);
    if (session.status === 'needs_review') this.needsReview.add(session.id);
    else this.needsReview.delete(session.id);
  }

  private forget(session: StoredSession): void {
    this.sessions.delete(session.id);
    if (session.secrets.paymentSessionId) this.byPaymentSessionId.delete(session.secrets.paymentSessionId);
    this.byReferenceNo.delete(session.referenceNo);
    this.unsettled.delete(session.id);
    this.needsReview.delete(session.id);
  }

  private sweep(): void {
    for (const id of [...this.sessions.keys()]) this.live(id);
    const now = this.now();
    for (const [key, entry] of this.idempotency) if (entry.expiresAt <= now) this.idempotency.delete(key);
  }
}

/** Code-unit order, as PostgreSQL's "C" collation and Redis's sorted-set ties compare ids. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
