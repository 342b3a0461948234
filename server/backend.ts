/**
 * `createPaynetCheckoutBackend`: the merchant backend of `<paynet-checkout>` as one function
 * from a web-standard Request to a Response, so it runs under node:http (server/node.ts),
 * Hono, or any framework that hands out Requests.
 *
 * Routes under `basePath` (default /api/paynet):
 *   POST /sessions              create a sale session (paypos or device)      201 SessionResponse
 *   GET  /sessions/:id          status, refreshed from Paynet at a bounded rate 200 StatusResponse
 *   POST /sessions/:id/cancel   cancel unless already paid                     200 StatusResponse
 *   POST /reversals             cancel/refund a paid sale                      201 SessionResponse
 *   POST /payments              card payment without 3D                        200 StatusResponse
 *   POST /webhook               Paynet's notice, confirmed before believed     200
 *   GET  /devices               configured POS terminals                       200 DevicesResponse
 *   GET  /transactions          recent paid sales (exposeTransactions only)    200 TransactionsResponse
 */
import type { CreateSessionRequest } from '../src/contract.js';
import {
  CLIENT_ADDRESS_HEADER,
  DEFAULT_ANSWER_WITHIN_MS,
  DEFAULT_BASE_PATH,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_LATE_PAYMENT_WINDOW_MS,
  DEFAULT_MAX_AMOUNT,
  DEFAULT_REQUEST_DEADLINE_MS,
  DEFAULT_RETENTION_MS,
  DEFAULT_SESSION_TTL_MS,
  DEFAULT_STATUS_MIN_INTERVAL_MS,
  type PaynetCheckoutBackendOptions,
} from './backend-options.js';
import { isHttpUrl } from './config.js';
import { CorsPolicy } from './cors.js';
import { parseAmountMinor } from './decimal.js';
import { PaynetError, redact } from './errors.js';
import { DEFAULT_CARD_CHECK_AFTER_MS, DEFAULT_REVIEW_GRACE_MS } from './fate-policy.js';
import { handleDevices, handleTransactions } from './handlers/back-office.js';
import type { BackendContext, CallbackUrlInput, ResolveOrder, ResolvedOrder } from './handlers/context.js';
import { errorToResponse } from './handlers/error-response.js';
import { HttpError, jsonResponse } from './handlers/http-response.js';
import { handleCardPayment } from './handlers/payments.js';
import { DEFAULT_MAX_BODY_BYTES } from './handlers/request-body.js';
import { handleCreateReversal } from './handlers/reversals.js';
import { handleCancel, handleCreateSession, handleGetStatus } from './handlers/sessions.js';
import { handleWebhook } from './handlers/webhook.js';
import { createHostPolicy, hostRejection } from './host-policy.js';
import { PaynetClient } from './paynet-client.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { DEFAULT_RECONCILE_BATCH, DEFAULT_RECONCILE_INTERVAL_MS, DEFAULT_RECONCILE_MIN_INTERVAL_MS, Reconciler } from './reconciler.js';
import { StatusRefresher } from './status-refresh.js';
import { DEFAULT_STATUS_WAIT_SECONDS, StatusWaiters, statusWaitMsOf } from './status-wait.js';
import { DEFAULT_STORE_TIMEOUT_MS, withStoreDeadline } from './store-deadline.js';
import { MemorySessionStore } from './store/memory-store.js';
import type { SessionStore, StoredSession } from './store/session-store.js';

export * from './backend-options.js';

export interface PaynetCheckoutBackend {
  handle(request: Request): Promise<Response>;
  /** Stops the reconciler, ends held device sales and waits for them; closes the store; logs the session key out. */
  close(): Promise<void>;
  readonly client: PaynetClient;
  /** The store as the backend uses it: every call with its deadline. */
  readonly store: SessionStore;
  /** One walk over the unsettled sessions now (the timer runs it every few seconds); how many were checked. */
  reconcile(): Promise<number>;
  /** The path the routes live under (normalised `basePath`), for adapters that mount the kit. */
  readonly basePath: string;
  /** Long-polls (`GET {statusUrl}?wait=N`) held right now: a gauge for metrics and leak checks. */
  waitingRequests(): number;
}

type Route = (ctx: BackendContext, request: Request, url: URL, params: string[]) => Promise<Response> | Response;

export function createPaynetCheckoutBackend(options: PaynetCheckoutBackendOptions): PaynetCheckoutBackend {
  const now = options.now ?? Date.now;
  const client =
    options.paynet instanceof PaynetClient
      ? options.paynet
      : new PaynetClient({ ...(options.circuitBreaker === undefined ? {} : { circuitBreaker: options.circuitBreaker }), ...options.paynet });
  const rawStore = options.store ?? new MemorySessionStore(options.now ? { now: options.now } : {});
  const store = withStoreDeadline(rawStore, options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS);
  const basePath = normaliseBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const onError = options.onError ?? defaultOnError;
  const maxAmountMinor = parseAmountMinor(options.maxAmount ?? DEFAULT_MAX_AMOUNT);
  if (maxAmountMinor === undefined) throw new TypeError('maxAmount must look like "1000000.00"');
  if (options.publicBaseUrl !== undefined && !isHttpUrl(options.publicBaseUrl)) throw new TypeError('publicBaseUrl must be an http(s) URL');
  if (typeof options.callbackUrl === 'string' && !isHttpUrl(options.callbackUrl)) throw new TypeError('callbackUrl must be an http(s) URL');
  const statusMinIntervalMs = options.statusMinIntervalMs ?? DEFAULT_STATUS_MIN_INTERVAL_MS;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const requestDeadlineMs = options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
  const statusWaitSeconds = checkedStatusWaitSeconds(options.statusWaitSeconds ?? DEFAULT_STATUS_WAIT_SECONDS);
  const statusChanged = statusChangeReporter(options.onStatusChange, onError);
  const hosts = createHostPolicy({ allowedHosts: options.allowedHosts, publicBaseUrl: options.publicBaseUrl });
  const cors = new CorsPolicy(options.cors);
  const limiter = options.rateLimit === false ? undefined : new TokenBucketLimiter(options.rateLimit ?? {}, now);
  const webhookLimiter = options.webhookRateLimit === false ? undefined : new TokenBucketLimiter(options.webhookRateLimit ?? { capacity: 60, refillPerMinute: 60 }, now);
  const clientKey = options.clientKey ?? defaultClientKey(options.trustProxy ?? false);
  const shutdown = new AbortController();
  const background = new Set<Promise<unknown>>();
  const cardPayments = new Map<string, Promise<StoredSession>>();

  const refresher = new StatusRefresher({
    client,
    store,
    minIntervalMs: statusMinIntervalMs,
    latePaymentWindowMs: options.latePaymentWindowMs ?? DEFAULT_LATE_PAYMENT_WINDOW_MS,
    reviewGraceMs: options.reviewGraceMs ?? DEFAULT_REVIEW_GRACE_MS,
    cardCheckAfterMs: options.cardCheckAfterMs ?? DEFAULT_CARD_CHECK_AFTER_MS,
    answerWithinMs: options.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS,
    finishedRetentionMs: options.finishedRetentionMs ?? retentionMs,
    onNeedsReview: options.onNeedsReview ?? defaultOnNeedsReview,
    onStatusChange: statusChanged,
    now,
    onError,
  });
  const waiters = new StatusWaiters({ store, refresher, minIntervalMs: statusMinIntervalMs, now });
  const track = (task: Promise<unknown>): void => {
    background.add(task);
    void task.finally(() => background.delete(task));
  };
  const ctx: BackendContext = {
    client,
    store,
    refresher,
    basePath,
    maxAmountMinor,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    retentionMs,
    idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
    idempotencyLeaseMs: options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS,
    answerWithinMs: options.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS,
    statusMinIntervalMs,
    statusWaitSeconds,
    waiters,
    statusChanged,
    resolveOrder: options.resolveOrder ?? trustButValidate,
    callbackUrlFor: callbackUrlResolver(options),
    devices: options.devices ?? [],
    now,
    onError,
    shutdown: shutdown.signal,
    track,
  };
  const reconcile = options.reconcile === false ? undefined : options.reconcile ?? {};
  const reconciler = new Reconciler({
    store,
    refresher,
    intervalMs: reconcile?.intervalMs ?? DEFAULT_RECONCILE_INTERVAL_MS,
    minIntervalMs: reconcile?.minIntervalMs ?? DEFAULT_RECONCILE_MIN_INTERVAL_MS,
    batchSize: reconcile?.batchSize ?? DEFAULT_RECONCILE_BATCH,
    now,
    onError,
  });
  if (reconcile) reconciler.start();

  const limitedBy = (bucket: TokenBucketLimiter | undefined, message: string) => (route: Route): Route => (c, request, url, params) => {
    if (bucket) {
      const verdict = bucket.take(clientKey(request));
      if (!verdict.allowed) {
        throw new HttpError(429, 'rate_limited', message, { 'retry-after': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))) });
      }
    }
    return route(c, request, url, params);
  };
  const rateLimited = limitedBy(limiter, 'Too many payment attempts. Wait a moment and try again.');
  const webhookLimited = limitedBy(webhookLimiter, 'Too many notices. Wait a moment.');

  const routes: Array<{ method: string; pattern: RegExp; route: Route }> = [
    { method: 'POST', pattern: /^\/sessions$/, route: rateLimited((c, r) => handleCreateSession(c, r)) },
    { method: 'GET', pattern: /^\/sessions\/([^/]+)$/, route: (c, r, url, [id]) => handleGetStatus(c, id!, r, url) },
    { method: 'POST', pattern: /^\/sessions\/([^/]+)\/cancel$/, route: (c, _r, _u, [id]) => handleCancel(c, id!) },
    { method: 'POST', pattern: /^\/reversals$/, route: rateLimited((c, r) => handleCreateReversal(c, r)) },
    { method: 'POST', pattern: /^\/payments$/, route: rateLimited((c, r) => handleCardPayment(c, r, cardPayments)) },
    { method: 'POST', pattern: /^\/webhook$/, route: webhookLimited((c, r) => handleWebhook(c, r)) },
    { method: 'GET', pattern: /^\/devices$/, route: (c) => handleDevices(c) },
  ];
  if (options.exposeTransactions) {
    routes.push({ method: 'GET', pattern: /^\/transactions$/, route: (c, _r, url) => handleTransactions(c, url) });
  }

  async function handle(request: Request): Promise<Response> {
    let response: Response;
    try {
      // A long-poll's hold comes on top of the deadline (`wait` clamped as its handler reads it).
      const holdMs = request.method === 'GET' || request.method === 'HEAD' ? statusWaitMsOf(new URL(request.url), statusWaitSeconds) : 0;
      response = await withinDeadline(route(request), requestDeadlineMs + holdMs);
    } catch (error) {
      response = errorToResponse(error, onError);
    }
    for (const [name, value] of Object.entries(cors.headersFor(request))) response.headers.set(name, value);
    return response;
  }

  async function route(request: Request): Promise<Response> {
    // Before the origin rule: a rebound name looks same-origin to it.
    const wrongHost = hostRejection(request, hosts);
    if (wrongHost) throw wrongHost;
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${basePath}/`)) throw notFound();
    const path = url.pathname.slice(basePath.length);
    if (request.method === 'OPTIONS') return cors.preflight(request);
    const matching = routes.filter((r) => r.pattern.test(path));
    if (matching.length === 0) throw notFound();
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const match = matching.find((r) => r.method === method);
    if (!match) {
      throw new HttpError(405, 'method_not_allowed', `Use ${matching.map((r) => r.method).join(' or ')}.`, {
        allow: [...new Set(matching.map((r) => r.method))].join(', '),
      });
    }
    if (match.method !== 'GET') cors.assertAllowed(request);
    const params = match.pattern.exec(path)!.slice(1).map(decodePathSegment);
    return match.route(ctx, request, url, params);
  }

  return {
    handle,
    client,
    store,
    basePath,
    reconcile: () => reconciler.runOnce(),
    waitingRequests: () => waiters.size,
    async close() {
      await reconciler.stop();
      refresher.close();
      waiters.close();
      shutdown.abort();
      await Promise.allSettled([...background]);
      await store.close();
      await client.logout().catch(() => undefined);
    },
  };
}

/**
 * A handler's answer, or past `deadlineMs` a 503 with Retry-After: a shopper's request is
 * answered in seconds whatever is slow behind it. The handler is not abandoned: it runs to its
 * end (a card payment in flight still records its answer) and its later failure is logged.
 */
async function withinDeadline(answer: Promise<Response>, deadlineMs: number): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Response>((resolve) => {
    timer = setTimeout(
      () => resolve(jsonResponse(503, { error: { code: 'busy', message: 'This is taking longer than it should. Try again in a moment.' } }, { 'retry-after': '2' })),
      deadlineMs,
    );
  });
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

function notFound(): HttpError {
  return new HttpError(404, 'not_found', 'No such route.');
}

/** A segment such as "%E0%A4%A" cannot name anything we hold; decodeURIComponent would throw a 500. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw notFound();
  }
}

/** The default order hook: the browser's amount, after the same validation as the request. */
const trustButValidate: ResolveOrder = async (body: CreateSessionRequest): Promise<ResolvedOrder> => {
  const order: ResolvedOrder = { amount: body.amount, instalment: body.instalment };
  if (body.reference !== undefined) order.reference = body.reference;
  if (body.description !== undefined) order.description = body.description;
  return order;
};

function callbackUrlResolver(options: PaynetCheckoutBackendOptions): (input: CallbackUrlInput) => string | undefined {
  const { callbackUrl, publicBaseUrl } = options;
  if (typeof callbackUrl === 'function') return callbackUrl;
  if (typeof callbackUrl === 'string') return () => callbackUrl;
  if (publicBaseUrl !== undefined) return () => publicBaseUrl;
  return () => undefined;
}

function defaultClientKey(trustProxy: boolean): (request: Request) => string {
  return (request) => {
    if (trustProxy) {
      const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
  };
}

function checkedStatusWaitSeconds(seconds: number): number {
  if (!(Number.isFinite(seconds) && seconds >= 0)) throw new TypeError('statusWaitSeconds must be a number of seconds ≥ 0 (0 turns long-poll off)');
  return seconds;
}

/** The `onStatusChange` hook as the refresher and the cancel call it: never throws into them. */
function statusChangeReporter(
  hook: PaynetCheckoutBackendOptions['onStatusChange'],
  onError: (error: unknown, context: string) => void,
): (session: StoredSession) => void {
  if (!hook) return () => undefined;
  return (session) => {
    try {
      hook({ sessionId: session.id, status: session.status, at: Date.now() });
    } catch (error) {
      onError(error, 'onStatusChange');
    }
  };
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed !== '' && !trimmed.startsWith('/')) throw new TypeError('basePath must start with "/"');
  return trimmed;
}

function defaultOnNeedsReview(session: StoredSession): void {
  const code = session.unknown?.code === undefined ? '' : ` paynet_code=${session.unknown.code}`;
  console.error(`[paynet-checkout] needs_review session=${session.id} reference_no=${session.referenceNo} channel=${session.channel} kind=${session.kind} amount=${session.amount}${code}: Paynet did not confirm this payment's fate in time; check it in Paynet's panel`);
}

function defaultOnError(error: unknown, context: string): void {
  const summary = error instanceof PaynetError ? JSON.stringify(error.toJSON()) : error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'non-error thrown';
  console.error(`[paynet-checkout] ${context}: ${summary}`);
}
