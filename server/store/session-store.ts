/**
 * Where the backend keeps its sessions between the create call and the last poll.
 *
 * Two rules every implementation enforces itself, so no caller can break them by accident:
 * - compare-and-set on `version`: a write based on a stale read is refused, and the caller
 *   re-reads and recomputes (`updateSession`);
 * - never downgrade a success: once `status` is `succeeded`, a write of any other status is
 *   refused. Money taken is never reported as not taken.
 */
import type { DeviceInfo, Reason, SessionKind, SessionStatus, TransactionSummary } from '../../src/contract.js';

/** How the card is reached: PayPOS phone app, cloud POS terminal, or a direct non-3D card payment. */
export type SessionChannel = 'paypos' | 'device' | 'card';

/** Server-only fields: stored, never returned to a browser. */
export interface SessionSecrets {
  paymentSessionId?: string;
  encryptionKey?: string;
  /** Paynet's encrypted transaction id of a successful sale, needed for its reversal. */
  xactId?: string;
}

export interface StoredSession {
  id: string;
  /** Incremented by every write; the compare-and-set token. */
  version: number;
  kind: SessionKind;
  channel: SessionChannel;
  status: SessionStatus;
  /** reference_no sent to Paynet (transactionReferenceId for a device sale). */
  referenceNo: string;
  amount: string;
  currency: 'TRY';
  instalment: number;
  orderReference?: string;
  description?: string;
  deeplinkUrl: string | null;
  device?: DeviceInfo;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms: when the backend stops waiting for the phone / terminal. */
  expiresAt: number;
  /** Epoch ms: when the store may forget the session. */
  retainUntil: number;
  /** Epoch ms of the last refresh from Paynet (bounds refreshes across tabs and processes). */
  lastCheckedAt?: number;
  /** Paynet closed the payment session (expired unpaid): no late payment can arrive. */
  paynetClosed?: boolean;
  /**
   * The kit knows this session's fate for good: a success, a card answer, or a check of Paynet
   * answered after the late-payment window closed (or Paynet closed the session). Until then
   * the reconciler keeps asking Paynet, with no shopper present. `needs_review` is settled too.
   */
  settled?: boolean;
  /** Consecutive checks that taught nothing (Paynet unreachable, or a code the kit cannot read). */
  unknown?: UnknownFate;
  transaction?: TransactionSummary;
  reason?: Reason;
  /** Reversal: the sale it reverses. */
  saleSessionId?: string;
  /** Sale: the reversal session that succeeded. */
  reversedBySessionId?: string;
  secrets: SessionSecrets;
}

export interface UnknownFate {
  /** Epoch ms of the first check in this run of failures. */
  since: number;
  attempts: number;
  /** Paynet's return code, when it answered one the kit could not read. */
  code?: number;
  message?: string;
}

export interface IdempotencyRecord {
  sessionId: string;
  /** Hash of the request that first used the key. */
  fingerprint: string;
}

export interface SessionStore {
  get(id: string): Promise<StoredSession | undefined>;
  /** Stores a new session (its `version` is 1). False when the id is taken. */
  insert(session: StoredSession): Promise<boolean>;
  /**
   * Writes `next` (whose version must be `expectedVersion + 1`) only if the stored version is
   * `expectedVersion` and the write does not turn a `succeeded` session into anything else.
   */
  compareAndSet(next: StoredSession, expectedVersion: number): Promise<boolean>;
  findByPaymentSessionId(paymentSessionId: string): Promise<StoredSession | undefined>;
  findByReferenceNo(referenceNo: string): Promise<StoredSession | undefined>;
  /**
   * Claims `key` for `record` atomically, as a lease of `leaseMs`: a claim nobody renews (its
   * process died mid-call) lapses, so a retry is not refused for a day. Undefined when the
   * claim is ours; otherwise the live record of whoever claimed it first.
   */
  claimIdempotencyKey(key: string, record: IdempotencyRecord, leaseMs: number): Promise<IdempotencyRecord | undefined>;
  /**
   * Extends our own claim (`record.sessionId` must match) to `ttlMs` from now: every few
   * seconds while the call is in flight, then the full retention once the session exists.
   * False when the claim is not ours any more (it lapsed and was taken).
   */
  renewIdempotencyKey(key: string, sessionId: string, ttlMs: number): Promise<boolean>;
  findByIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  /** Frees a claim whose work failed before a session existed, so a retry can try again. */
  releaseIdempotencyKey(key: string, sessionId: string): Promise<void>;
  /** Succeeded sales, newest first. */
  listSucceededSales(limit: number): Promise<StoredSession[]>;
  /**
   * Sessions whose fate the kit must still learn (`settled` not true; a `succeeded` or
   * `needs_review` session is always settled), soonest `expiresAt` first. The reconciler
   * walks these with no shopper present.
   */
  listUnsettled(limit: number): Promise<StoredSession[]>;
  /** Sessions in `needs_review`, newest first (back office, alerts). */
  listNeedsReview(limit: number): Promise<StoredSession[]>;
  /**
   * Optional: calls `listener` soon after a write to session `id` (a successful
   * compare-and-set) by this process, and by every other process sharing the store where the
   * store can tell (Redis: pub/sub); returns the function that stops it. A listener only learns
   * "something changed" and reads the store itself, so a spurious or repeated call is harmless.
   * Long-polls (`GET {statusUrl}?wait=N`) wake on it; a store without it still serves them,
   * re-reading on the refresh interval instead (see server/status-wait.ts).
   */
  subscribe?(id: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export const MAX_UPDATE_ATTEMPTS = 16;

export class SessionConflictError extends Error {
  override name = 'SessionConflictError';
}

/**
 * Read, change, compare-and-set, and start over on a conflict. `change` returns the new
 * session (without bumping the version) or undefined to leave it alone; it must be pure,
 * because it may run several times.
 */
export async function updateSession(
  store: SessionStore,
  id: string,
  change: (current: StoredSession) => StoredSession | undefined,
): Promise<StoredSession | undefined> {
  for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
    const current = await store.get(id);
    if (!current) return undefined;
    const changed = change(current);
    if (!changed) return current;
    const next = { ...changed, version: current.version + 1 };
    if (await store.compareAndSet(next, current.version)) return next;
  }
  throw new SessionConflictError(`session ${id} kept changing under ${MAX_UPDATE_ATTEMPTS} attempts`);
}

/** The never-downgrade rule, shared by the implementations. */
export function isAllowedTransition(current: StoredSession, next: StoredSession): boolean {
  return current.status !== 'succeeded' || next.status === 'succeeded';
}

/** Whether a write must keep the session in the unsettled index (see `listUnsettled`). */
export function isUnsettled(session: StoredSession): boolean {
  return session.status !== 'succeeded' && session.status !== 'needs_review' && session.settled !== true;
}
