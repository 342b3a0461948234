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
import type { CreateSessionRequest, DeviceInfo } from '../src/contract.js';
import { isHttpUrl } from './config.js';
import { CorsPolicy, type CorsOptions } from './cors.js';
import { parseAmountMinor } from './decimal.js';
import { PaynetError, PaynetNotReversibleError, PaynetRateLimitedError, PaynetUnavailableError, redact } from './errors.js';
import { handleDevices, handleTransactions } from './handlers/back-office.js';
import type { BackendContext, CallbackUrlInput, ResolveOrder, ResolvedOrder } from './handlers/context.js';
import { HttpError } from './handlers/http-response.js';
import { handleCardPayment } from './handlers/payments.js';
import { DEFAULT_MAX_BODY_BYTES } from './handlers/request-body.js';
import { handleCreateReversal } from './handlers/reversals.js';
import { handleCancel, handleCreateSession, handleGetStatus } from './handlers/sessions.js';
import { handleWebhook } from './handlers/webhook.js';
import { PaynetClient, type PaynetClientOptions } from './paynet-client.js';
import { TokenBucketLimiter, type RateLimitOptions } from './rate-limit.js';
import { StatusRefresher } from './status-refresh.js';
import { MemorySessionStore } from './store/memory-store.js';
import { SessionConflictError, type SessionStore, type StoredSession } from './store/session-store.js';

export const DEFAULT_BASE_PATH = '/api/paynet';
/** How long the backend waits for the phone or terminal. */
export const DEFAULT_SESSION_TTL_MS = 5 * 60_000;
export const DEFAULT_STATUS_MIN_INTERVAL_MS = 2_000;
/** After giving up on a session, how long later polls still look for a late payment. */
export const DEFAULT_LATE_PAYMENT_WINDOW_MS = 15 * 60_000;
/** How long sessions are kept: a paid sale must still be found for a refund days later. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
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
  /** Where unexpected errors go (already redacted). Default: console.error. */
  onError?: (error: unknown, context: string) => void;
  now?: () => number;
}

export interface PaynetCheckoutBackend {
  handle(request: Request): Promise<Response>;
  /** Ends held device sales and waits for them; closes the store; logs the session key out. */
  close(): Promise<void>;
  readonly client: PaynetClient;
  readonly store: SessionStore;
}

type Route = (ctx: BackendContext, request: Request, url: URL, params: string[]) => Promise<Response> | Response;

export function createPaynetCheckoutBackend(options: PaynetCheckoutBackendOptions): PaynetCheckoutBackend {
  const client = options.paynet instanceof PaynetClient ? options.paynet : new PaynetClient(options.paynet);
  const store = options.store ?? new MemorySessionStore(options.now ? { now: options.now } : {});
  const basePath = normaliseBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const now = options.now ?? Date.now;
  const onError = options.onError ?? defaultOnError;
  const maxAmountMinor = parseAmountMinor(options.maxAmount ?? DEFAULT_MAX_AMOUNT);
  if (maxAmountMinor === undefined) throw new TypeError('maxAmount must look like "1000000.00"');
  if (options.publicBaseUrl !== undefined && !isHttpUrl(options.publicBaseUrl)) throw new TypeError('publicBaseUrl must be an http(s) URL');
  if (typeof options.callbackUrl === 'string' && !isHttpUrl(options.callbackUrl)) throw new TypeError('callbackUrl must be an http(s) URL');
  const statusMinIntervalMs = options.statusMinIntervalMs ?? DEFAULT_STATUS_MIN_INTERVAL_MS;
  const cors = new CorsPolicy(options.cors);
  const limiter = options.rateLimit === false ? undefined : new TokenBucketLimiter(options.rateLimit ?? {}, now);
  const clientKey = options.clientKey ?? defaultClientKey(options.trustProxy ?? false);
  const shutdown = new AbortController();
  const background = new Set<Promise<unknown>>();
  const cardPayments = new Map<string, Promise<StoredSession>>();

  const ctx: BackendContext = {
    client,
    store,
    refresher: new StatusRefresher({
      client,
      store,
      minIntervalMs: statusMinIntervalMs,
      latePaymentWindowMs: options.latePaymentWindowMs ?? DEFAULT_LATE_PAYMENT_WINDOW_MS,
      now,
      onError,
    }),
    basePath,
    maxAmountMinor,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    sessionTtlMs: options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
    idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
    statusMinIntervalMs,
    resolveOrder: options.resolveOrder ?? trustButValidate,
    callbackUrlFor: callbackUrlResolver(options),
    devices: options.devices ?? [],
    now,
    onError,
    shutdown: shutdown.signal,
    track: (task) => {
      background.add(task);
      void task.finally(() => background.delete(task));
    },
  };

  const rateLimited = (route: Route): Route => (c, request, url, params) => {
    if (limiter) {
      const verdict = limiter.take(clientKey(request));
      if (!verdict.allowed) {
        throw new HttpError(429, 'rate_limited', 'Too many payment attempts. Wait a moment and try again.', {
          'retry-after': String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))),
        });
      }
    }
    return route(c, request, url, params);
  };

  const routes: Array<{ method: string; pattern: RegExp; route: Route }> = [
    { method: 'POST', pattern: /^\/sessions$/, route: rateLimited((c, r) => handleCreateSession(c, r)) },
    { method: 'GET', pattern: /^\/sessions\/([^/]+)$/, route: (c, _r, _u, [id]) => handleGetStatus(c, id!) },
    { method: 'POST', pattern: /^\/sessions\/([^/]+)\/cancel$/, route: (c, _r, _u, [id]) => handleCancel(c, id!) },
    { method: 'POST', pattern: /^\/reversals$/, route: rateLimited((c, r) => handleCreateReversal(c, r)) },
    { method: 'POST', pattern: /^\/payments$/, route: rateLimited((c, r) => handleCardPayment(c, r, cardPayments)) },
    { method: 'POST', pattern: /^\/webhook$/, route: (c, r) => handleWebhook(c, r) },
    { method: 'GET', pattern: /^\/devices$/, route: (c) => handleDevices(c) },
  ];
  if (options.exposeTransactions) {
    routes.push({ method: 'GET', pattern: /^\/transactions$/, route: (c, _r, url) => handleTransactions(c, url) });
  }

  async function handle(request: Request): Promise<Response> {
    let response: Response;
    try {
      response = await route(request);
    } catch (error) {
      response = errorToResponse(error, onError);
    }
    for (const [name, value] of Object.entries(cors.headersFor(request))) response.headers.set(name, value);
    return response;
  }

  async function route(request: Request): Promise<Response> {
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
    async close() {
      shutdown.abort();
      await Promise.allSettled([...background]);
      await store.close();
      await client.logout().catch(() => undefined);
    },
  };
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

/** Maps anything a handler threw to an answer that never exposes internals. */
function errorToResponse(error: unknown, onError: (error: unknown, context: string) => void): Response {
  if (error instanceof HttpError) return error.toResponse();
  if (error instanceof PaynetNotReversibleError) {
    return new HttpError(422, 'not_reversible', 'Paynet says this transaction cannot be cancelled or refunded.').toResponse();
  }
  if (error instanceof PaynetRateLimitedError) {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 5_000) / 1000));
    return new HttpError(503, 'paynet_busy', 'Paynet is busy. Try again shortly.', { 'retry-after': String(seconds) }).toResponse();
  }
  if (error instanceof PaynetUnavailableError) {
    onError(error, 'paynet unavailable');
    return new HttpError(502, 'paynet_unavailable', 'Paynet is not reachable right now. Try again.', { 'retry-after': '2' }).toResponse();
  }
  if (error instanceof PaynetError) {
    onError(error, 'paynet error');
    return new HttpError(502, 'paynet_error', 'Paynet refused the request.').toResponse();
  }
  if (error instanceof SessionConflictError) {
    return new HttpError(503, 'busy', 'The session is busy. Try again.', { 'retry-after': '1' }).toResponse();
  }
  onError(error, 'unexpected error');
  return new HttpError(500, 'internal_error', 'Something went wrong on the server.').toResponse();
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

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed !== '' && !trimmed.startsWith('/')) throw new TypeError('basePath must start with "/"');
  return trimmed;
}

function defaultOnError(error: unknown, context: string): void {
  const summary = error instanceof PaynetError ? JSON.stringify(error.toJSON()) : error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'non-error thrown';
  console.error(`[paynet-checkout] ${context}: ${summary}`);
}
