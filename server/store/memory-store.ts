/**
 * In-process SessionStore: the default, for one process (Node, or a browser page playing the
 * backend). Sessions are deep-copied in and out so a caller holding an object cannot change
 * what is stored behind the store's back.
 *
 * `snapshot()`, the `restore` option and `onChange` are for a host that keeps the store's
 * content across its own restarts with no database: a browser tab that writes the snapshot to
 * its storage on every change and starts the next page load from it. A Node server wanting
 * durability uses the Redis or SQL store instead.
 */
import {
  isAllowedTransition,
  isUnsettled,
  type IdempotencyRecord,
  type SessionStore,
  type StoredSession,
} from './session-store.js';
import { SessionChanges } from './session-changes.js';
import { unrefTimer } from '../timers.js';

/** How often expired entries are swept out (lookups also check expiry). */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000;

export interface MemorySessionStoreOptions {
  now?: () => number;
  /** Content to start from (a `snapshot()` of an earlier store); entries past their time are left out. */
  restore?: MemoryStoreSnapshot;
  /**
   * Called after every write: insert, compare-and-set, an idempotency claim, renewal or
   * release, and a sweep that forgot something. A host persists `snapshot()` on it.
   */
  onChange?: () => void;
}

/** The store's content as JSON-serialisable plain data: sessions, and the live idempotency claims. */
export interface MemoryStoreSnapshot {
  sessions: StoredSession[];
  idempotency: Array<{ key: string; record: IdempotencyRecord; expiresAt: number }>;
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
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly onChange: (() => void) | undefined;

  constructor(options: MemorySessionStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange;
    if (options.restore) this.restore(options.restore);
    this.sweeper = setInterval(() => this.sweep(), MEMORY_SWEEP_INTERVAL_MS);
    unrefTimer(this.sweeper);
  }

  async get(id: string): Promise<StoredSession | undefined> {
    const session = this.live(id);
    return session && structuredClone(session);
  }

  async insert(session: StoredSession): Promise<boolean> {
    if (this.live(session.id)) return false;
    this.sessions.set(session.id, structuredClone(session));
    this.index(session);
    this.changed();
    return true;
  }

  async compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean> {
    const current = this.live(next.id);
    if (!current || current.version !== expectedVersion || next.version !== expectedVersion + 1) return false;
    if (!isAllowedTransition(current, next)) return false;
    this.sessions.set(next.id, structuredClone(next));
    this.index(next);
    this.changed();
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
    this.changed();
    return undefined;
  }

  async renewIdempotencyKey(key: string, sessionId: string, ttlMs: number): Promise<boolean> {
    const record = this.liveClaim(key);
    if (record?.sessionId !== sessionId) return false;
    this.idempotency.set(key, { record, expiresAt: this.now() + ttlMs });
    this.changed();
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
    if (this.idempotency.get(key)?.record.sessionId !== sessionId) return;
    this.idempotency.delete(key);
    this.changed();
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

  /** The live sessions and idempotency claims, deep-copied: what `restore` takes back. */
  snapshot(): MemoryStoreSnapshot {
    const sessions: StoredSession[] = [];
    for (const id of [...this.sessions.keys()]) {
      const session = this.live(id);
      if (session) sessions.push(structuredClone(session));
    }
    const idempotency: MemoryStoreSnapshot['idempotency'] = [];
    for (const key of [...this.idempotency.keys()]) {
      const record = this.liveClaim(key);
      const entry = this.idempotency.get(key);
      if (record && entry) idempotency.push({ key, record: { ...record }, expiresAt: entry.expiresAt });
    }
    return { sessions, idempotency };
  }

  /**
   * Takes back a snapshot read from a host's storage, so it is checked loosely: an entry that is
   * not the shape written (an older or damaged save) is left out rather than trusted.
   */
  private restore(snapshot: MemoryStoreSnapshot): void {
    const now = this.now();
    for (const session of Array.isArray(snapshot.sessions) ? snapshot.sessions : []) {
      if (!isStoredSession(session) || session.retainUntil <= now) continue;
      this.sessions.set(session.id, structuredClone(session));
      this.index(session);
    }
    for (const entry of Array.isArray(snapshot.idempotency) ? snapshot.idempotency : []) {
      const record = entry?.record;
      const valid = typeof entry?.key === 'string' && typeof entry.expiresAt === 'number' && typeof record?.sessionId === 'string' && typeof record.fingerprint === 'string';
      if (valid && entry.expiresAt > now) this.idempotency.set(entry.key, { record: { sessionId: record.sessionId, fingerprint: record.fingerprint }, expiresAt: entry.expiresAt });
    }
  }

  private changed(): void {
    try {
      this.onChange?.();
    } catch {
      // Persisting is the host's business; a failure there must not fail the write that was made.
    }
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
    const before = this.sessions.size + this.idempotency.size;
    for (const id of [...this.sessions.keys()]) this.live(id);
    const now = this.now();
    for (const [key, entry] of this.idempotency) if (entry.expiresAt <= now) this.idempotency.delete(key);
    if (this.sessions.size + this.idempotency.size !== before) this.changed();
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  const session = value as Partial<StoredSession> | null;
  return (
    typeof session === 'object' &&
    session !== null &&
    typeof session.id === 'string' &&
    typeof session.version === 'number' &&
    typeof session.status === 'string' &&
    typeof session.referenceNo === 'string' &&
    typeof session.createdAt === 'number' &&
    typeof session.expiresAt === 'number' &&
    typeof session.retainUntil === 'number' &&
    typeof session.secrets === 'object' &&
    session.secrets !== null
  );
}

/** Code-unit order, as PostgreSQL's "C" collation and Redis's sorted-set ties compare ids. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
