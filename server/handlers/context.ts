/**
 * What every handler works with: the resolved backend options plus the shared services.
 * Built once by `createPaynetCheckoutBackend`.
 */
import type { CreateSessionRequest, DeviceInfo, SessionKind } from '../../src/contract.js';
import type { PaynetClient } from '../paynet-client.js';
import type { StatusRefresher } from '../status-refresh.js';
import type { StatusWaiters } from '../status-wait.js';
import type { SessionStore, StoredSession } from '../store/session-store.js';
import { randomBase64url, randomHex, sha256Base64url } from '../web-crypto.js';

/** What the shop decides a session charges (the `resolveOrder` hook's answer). */
export interface ResolvedOrder {
  /** "149.90". */
  amount: string;
  instalment: number;
  reference?: string;
  description?: string;
}

export type ResolveOrder = (body: CreateSessionRequest, request: Request) => Promise<ResolvedOrder>;

export interface CallbackUrlInput {
  sessionId: string;
  kind: SessionKind;
  referenceNo: string;
}

export interface BackendContext {
  client: PaynetClient;
  store: SessionStore;
  refresher: StatusRefresher;
  basePath: string;
  maxAmountMinor: number;
  maxBodyBytes: number;
  sessionTtlMs: number;
  retentionMs: number;
  idempotencyTtlMs: number;
  /** An Idempotency-Key claim lapses after this unless its request is still running. */
  idempotencyLeaseMs: number;
  /** How long a browser-facing handler waits for Paynet before answering without it. */
  answerWithinMs: number;
  statusMinIntervalMs: number;
  /** The longest long-poll hold granted, in seconds; 0: long-poll off (not advertised, `wait` ignored). */
  statusWaitSeconds: number;
  /** Held long-polls, one watch per session. */
  waiters: StatusWaiters;
  /** A session's public status changed by a write of this process (the `onStatusChange` hook). */
  statusChanged: (session: StoredSession) => void;
  resolveOrder: ResolveOrder;
  callbackUrlFor: (input: CallbackUrlInput) => string | undefined;
  devices: readonly DeviceInfo[];
  now: () => number;
  onError: (error: unknown, context: string) => void;
  /** Aborted by `backend.close()`: ends held device sales. */
  shutdown: AbortSignal;
  /** Keeps a background task (a held device sale) visible to `close()`. */
  track: (task: Promise<unknown>) => void;
}

/** 128 random bits, base64url: unguessable session ids (22 characters). */
export function newSessionId(): string {
  return randomBase64url(16);
}

/**
 * A fresh reference_no: "PC" + 24 hex characters (96 random bits). Alphanumeric only, since
 * Paynet's accepted reference alphabet is not documented.
 */
export function newReferenceNo(): string {
  return `PC${randomHex(12).toUpperCase()}`;
}

/**
 * A stable hash of a JSON body (keys sorted), to tell "same request again" from "same key, other
 * request": SHA-256 of the canonical JSON, base64url without padding. Stored with each
 * Idempotency-Key claim (Redis, PostgreSQL), so its bytes must never change: a retry after an
 * upgrade must still match its claim (test/server/web-crypto.test.ts pins a value).
 */
export function fingerprintOf(value: unknown): Promise<string> {
  return sha256Base64url(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
