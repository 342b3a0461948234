/**
 * paynet-checkout/server: the merchant-backend kit of `<paynet-checkout>`. Public API only.
 */
export {
  createPaynetCheckoutBackend,
  CLIENT_ADDRESS_HEADER,
  DEFAULT_BASE_PATH,
  DEFAULT_SESSION_TTL_MS,
  DEFAULT_STATUS_MIN_INTERVAL_MS,
  type PaynetCheckoutBackend,
  type PaynetCheckoutBackendOptions,
} from './backend.js';
export type { CallbackUrlInput, ResolveOrder, ResolvedOrder } from './handlers/context.js';
export { HttpError } from './handlers/http-response.js';
export { paynetRouteHandler, type PaynetRouteHandler, type RouteHandlerOptions } from './route-handler.js';
export { toNodeListener, createNodeServer, answerRefusedRequests, nodeRequestUrl, ADAPTER_ALLOWED_METHODS, type NodeListenerOptions } from './node.js';
export { paynetExpress, type PaynetExpressOptions, type PaynetExpressMiddleware, type ExpressLikeRequest, type ExpressLikeNext } from './express.js';
export { createHostPolicy, hostRejection, isLoopbackHost, type HostPolicy, type HostPolicyOptions } from './host-policy.js';
export type { CorsOptions } from './cors.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { TransactionsResponse } from './types.js';

export { PaynetClient, type PaynetClientOptions, type PaynetCallLog, type CallOptions, type InitSaleInput, type PaymentInput, type DeviceSaleInput } from './paynet-client.js';
export { paynetConfigFromEnv, PaynetConfigError, PAYNET_PRODUCTION_URL, PAYNET_SANDBOX_URL, type PaynetConfig } from './config.js';
export {
  PaynetError,
  PaynetAuthError,
  PaynetValidationError,
  PaynetDeclinedError,
  PaynetRateLimitedError,
  PaynetUnavailableError,
  PaynetNotReversibleError,
  PaynetNoDataError,
  PaynetUnknownCodeError,
  type PaynetErrorKind,
} from './errors.js';
export * from './paynet/index.js';
export { StoreUnavailableError } from './store-deadline.js';
export { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';

export type { SessionStore, StoredSession, SessionChannel, SessionSecrets, IdempotencyRecord, UnknownFate } from './store/session-store.js';
export { MemorySessionStore } from './store/memory-store.js';
export { RedisSessionStore, type RedisSessionStoreOptions, type RedisLike } from './store/redis-store.js';
export type { RedisDurability } from './store/redis-store.js';
export { SqlSessionStore, SQL_IDEMPOTENCY_SWEEP_INTERVAL_MS, type SqlClient, type SqlSessionStoreOptions } from './store/sql-store.js';
export { SQL_SCHEMA_VERSION, DEFAULT_TABLE_PREFIX } from './store/sql-schema.js';
export { openPgliteStore, openPgliteClient, type PgliteStoreOptions } from './store/pglite.js';
export { openPostgresStore, type PostgresStoreOptions, type PgQueryable } from './store/postgres.js';
