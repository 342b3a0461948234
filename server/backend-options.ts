/**
 * The options of `createPaynetCheckoutBackend` and their defaults, each with its unit.
 */
import type { DeviceInfo, SessionStatus } from '../src/contract.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import type { CorsOptions } from './cors.js';
import type { CallbackUrlInput, ResolveOrder } from './handlers/context.js';
import type { PaynetClient, PaynetClientOptions } from './paynet-client.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { SessionStore, StoredSession } from './store/session-store.js';

export const DEFAULT_BASE_PATH = '/api/paynet';
/** How long the backend waits for the phone or terminal. */
export const DEFAULT_SESSION_TTL_MS = 5 * 60_000;
export const DEFAULT_STATUS_MIN_INTERVAL_MS = 2_000;
/** After giving up on a session, how long later polls still look for a late payment. */
export const DEFAULT_LATE_PAYMENT_WINDOW_MS = 15 * 60_000;
/** How long sessions are kept: a paid sale must still be found for a refund days later. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/**
 * An Idempotency-Key claim is a lease this long, renewed while its request is in flight: a
 * process killed mid-call frees the key within this time instead of answering 409 for a day.
 */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 15_000;
/** A status poll waits this long for Paynet, then is answered from the store (the refresh goes on). */
export const DEFAULT_ANSWER_WITHIN_MS = 2_000;
/** Whatever is down, a browser-facing request is answered within this (503 + Retry-After past it). */
export const DEFAULT_REQUEST_DEADLINE_MS = 2_900;
export const DEFAULT_MAX_AMOUNT = '1000000.00';
/** The Node adapter writes the socket's address here (and drops any such header a client sent). */
export const CLIENT_ADDRESS_HEADER = 'x-paynet-checkout-client-address';

export interface PaynetCheckoutBackendOptions {
  /** A client, or the configuration to build one (e.g. `paynetConfigFromEnv(process.env)`). */
  paynet: PaynetClient | PaynetClientOptions;
  /** Default: an in-process MemorySessionStore (one process only; use RedisSessionStore for more). */
  store?: SessionStore;
  basePath?: string;
  /**
   * The shop decides what a session charges. The default trusts the browser's amount after
   * validating it (and `maxAmount`): fine for a demo, NOT for a real shop, which must look
   * the order up in its own records and return its amount. Throw an HttpError to refuse.
   */
  resolveOrder?: ResolveOrder;
  /** Upper bound for any amount, "149.90" style. Default "1000000.00". */
  maxAmount?: string;
  /** The shop's public origin (https://shop.example); the default callback_url. */
  publicBaseUrl?: string;
  /** Where PayPOS returns after the card was taken (Paynet's `callback_url`). */
  callbackUrl?: string | ((input: CallbackUrlInput) => string | undefined);
  sessionTtlMs?: number;
  /** A session is refreshed from Paynet at most this often, however many tabs poll. Default 2000. */
  statusMinIntervalMs?: number;
  latePaymentWindowMs?: number;
  retentionMs?: number;
  idempotencyTtlMs?: number;
  /**
   * Host names this backend answers for (`shop.example`, `127.0.0.1:5173`), checked before
   * the origin rule: the guard against DNS rebinding. Default: the host of `publicBaseUrl`;
   * with neither set, loopback hosts only (fine for a local demo, never for production).
   */
  allowedHosts?: readonly string[];
  /** Browser origins allowed to call the backend cross-origin. Same-origin always works. */
  cors?: CorsOptions;
  /** Per-client token bucket on the routes that create something at Paynet; false to turn off. */
  rateLimit?: RateLimitOptions | false;
  /** Default 16 KiB; larger bodies get 413. */
  maxBodyBytes?: number;
  /** The rate-limit key of a request. Default: see `trustProxy`. */
  clientKey?: (request: Request) => string;
  /**
   * Behind your own reverse proxy: take the client address from the last X-Forwarded-For
   * entry (the one your proxy appended). Otherwise the address the Node adapter saw.
   */
  trustProxy?: boolean;
  /** POS terminals of the shop for device handoff (the device API has no list endpoint). */
  devices?: readonly DeviceInfo[];
  /** Serve GET /transactions (recent paid sales). Default false. */
  exposeTransactions?: boolean;
  /** Each session-store call is answered within this, else 503 `store_unavailable`. Default 1000. */
  storeTimeoutMs?: number;
  /** A status poll waits at most this for Paynet before answering from the store. Default 2000. */
  answerWithinMs?: number;
  /** Every browser-facing request is answered within this, whatever is down. Default 2900. */
  requestDeadlineMs?: number;
  /** Idempotency-Key lease while a request is in flight. Default 15 s. */
  idempotencyLeaseMs?: number;
  /**
   * Past a session's window, how long checks that teach nothing (Paynet down, an unknown code)
   * are retried before the session becomes `needs_review`. Default 60 s.
   */
  reviewGraceMs?: number;
  /** A card session is first checked by the reconciler this long after creation (its own call answers first). Default 30 s. */
  cardCheckAfterMs?: number;
  /** The unattended walk over unsettled sessions; false turns it off (tests). */
  reconcile?: { intervalMs?: number; minIntervalMs?: number; batchSize?: number } | false;
  /** A settled session may leave a memory/Redis store this long after (SQL stores keep every record). Default: retentionMs. */
  finishedRetentionMs?: number;
  /**
   * Called once when a session becomes `needs_review` (Paynet would not tell its fate in
   * time): alert the shop here. Default: a `[paynet-checkout] needs_review …` log line.
   */
  onNeedsReview?: (session: StoredSession) => void;
  /**
   * Long-poll: the longest `GET {statusUrl}?wait=N` is held, in seconds (a larger N is cut to
   * it), advertised to the element as `statusWaitSeconds` in the session answer. 0 turns
   * long-poll off: not advertised, and `wait` is ignored (plain answers). Default 25.
   */
  statusWaitSeconds?: number;
  /**
   * Called when a write by this backend changes a session's public status (a webhook's or a
   * poll's check of Paynet, a cancel, the reconciler, a card or terminal answer), with
   * `at = Date.now()`: when the backend learned it. For metrics; it must not throw or block
   * (an exception is passed to `onError`). Each change is reported by the instance that wrote it.
   */
  onStatusChange?: (change: { sessionId: string; status: SessionStatus; at: number }) => void;
  /** Per-client token bucket on `POST /webhook`; false to turn off. Default 60 at once, 60 a minute. */
  webhookRateLimit?: RateLimitOptions | false;
  /** Passed to the client built from `paynet` options. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Where unexpected errors go (already redacted). Default: console.error. */
  onError?: (error: unknown, context: string) => void;
  now?: () => number;
}

