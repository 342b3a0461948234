/**
 * Typed Paynet client: one method per endpoint, amounts in as "149.90" strings.
 *
 * - The App2App session key is cached and renewed before its `expired_date`; concurrent
 *   callers share one renewal (single flight). A SESSION_KEY_INVALID answer renews once and
 *   retries once: the refused request did nothing at Paynet, so the retry is safe.
 * - Retries happen only where they cannot double anything: check_transaction and the device
 *   Transaction query (reads), and v2/transaction/payment with the same reference_no, where
 *   Paynet answers code 100 with the earlier success. Everything else surfaces its error.
 * - Errors are typed (errors.ts) and carry no secret; log events carry path, status, code,
 *   duration, never a header or body.
 */
import { DEFAULT_PAYNET_TIMEOUT_MS, PaynetConfigError, type PaynetConfig } from './config.js';
import { amountToCommaString, amountToNumber } from './decimal.js';
import {
  PaynetAuthError,
  PaynetDeclinedError,
  PaynetError,
  PaynetNotReversibleError,
  PaynetRateLimitedError,
  PaynetUnavailableError,
  PaynetValidationError,
  forgetSecret,
  registerSecret,
} from './errors.js';
import { postJson, type PaynetFetch, type PaynetHttpResponse } from './http.js';
import { DeviceErrorCode, PaynetCode } from './paynet-codes.js';
import type {
  CheckTransactionResponse,
  DeviceQueryRequest,
  DeviceSaleRequest,
  DeviceTransactionResponse,
  GetAuthKeyResponse,
  InitReversalTransactionRequest,
  InitSaleTransactionRequest,
  PaymentRequest,
  PaymentResponse,
  PaymentSessionResponse,
} from './paynet-types.js';

/** Renew the session key this long before `expired_date` (capped at a quarter of its lifetime). */
export const SESSION_KEY_RENEW_MARGIN_MS = 60_000;
/** The device Sale is held until the terminal finishes or 120 s pass. */
export const DEVICE_SALE_TIMEOUT_MS = 130_000;
/** Backoff before each retry of a read (check_transaction, device query). */
export const READ_RETRY_DELAYS_MS: readonly number[] = [100, 400];
/** Backoff before each retry of v2/transaction/payment with the same reference_no. */
export const PAYMENT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 3_000];

export const PATHS = {
  getAuthKey: '/v1/agent/get_auth_key',
  logout: '/v1/agent/logout',
  initSale: '/v1/softpos/init_sale_transaction',
  checkTransaction: '/v1/softpos/check_transaction',
  initReversal: '/v1/softpos/init_reversal_transaction',
  payment: '/v2/transaction/payment',
  deviceSale: '/v1/device/sale',
  deviceQuery: '/v1/device/transaction/query',
} as const;

/** One line per Paynet call. Holds no secret, header or body. */
export interface PaynetCallLog {
  endpoint: string;
  durationMs: number;
  httpStatus?: number;
  code?: number;
  outcome: 'ok' | 'error';
  error?: string;
}

export interface PaynetClientOptions extends PaynetConfig {
  /** Called once per HTTP attempt. */
  onCall?: (entry: PaynetCallLog) => void;
  /** Clock for session-key expiry decisions (tests advance it). */
  now?: () => number;
  fetch?: PaynetFetch;
  deviceSaleTimeoutMs?: number;
  readRetryDelaysMs?: readonly number[];
  paymentRetryDelaysMs?: readonly number[];
}

/** Our side of init_sale_transaction: amounts as strings. */
export interface InitSaleInput extends Omit<InitSaleTransactionRequest, 'amount'> {
  amount: string;
}

export interface PaymentInput extends Omit<PaymentRequest, 'amount' | 'domain'> {
  amount: string;
  /** Defaults to the configured `domain`. */
  domain?: string;
}

export interface DeviceSaleInput extends Omit<DeviceSaleRequest, 'amount' | 'paidAmount'> {
  amount: string;
  /** Defaults to `amount`. */
  paidAmount?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

interface CachedKey {
  key: string;
  renewAt: number;
}

export class PaynetClient {
  private readonly config: Required<Pick<PaynetConfig, 'secretKey' | 'agentId' | 'userId' | 'baseUrl' | 'timeoutMs'>> & PaynetConfig;
  private readonly options: PaynetClientOptions;
  private readonly now: () => number;
  private cachedKey: CachedKey | undefined;
  private pendingKey: Promise<string> | undefined;

  constructor(options: PaynetClientOptions) {
    for (const field of ['secretKey', 'agentId', 'userId', 'baseUrl'] as const) {
      if (!options[field]) throw new PaynetConfigError(`Paynet configuration: ${field} is required`);
    }
    this.options = options;
    this.config = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_PAYNET_TIMEOUT_MS };
    this.now = options.now ?? Date.now;
    registerSecret(options.secretKey);
    registerSecret(options.deviceAccessToken);
  }

  // ---- App2App session key ----

  /** POST /v1/agent/get_auth_key. Prefer `sessionKey()`, which caches. */
  async getAuthKey(call: CallOptions = {}): Promise<GetAuthKeyResponse> {
    const response = await this.send(
      PATHS.getAuthKey,
      { authorization: `Basic ${this.config.secretKey}`, paynetmobile: '2' },
      { agent_id: this.config.agentId, user_id: this.config.userId },
      call,
    );
    const body = this.expectPaynetOk(PATHS.getAuthKey, response);
    if (typeof body.session_key !== 'string' || typeof body.expired_date !== 'string') {
      throw new PaynetUnavailableError('get_auth_key answered without session_key/expired_date', 'malformed', { endpoint: PATHS.getAuthKey });
    }
    registerSecret(body.session_key);
    return body as unknown as GetAuthKeyResponse;
  }

  /** The cached session key, renewed (once, however many callers wait) when close to expiry. */
  async sessionKey(call: CallOptions = {}): Promise<string> {
    const cached = this.cachedKey;
    if (cached && this.now() < cached.renewAt) return cached.key;
    if (!this.pendingKey) {
      this.pendingKey = this.renewKey(call).finally(() => {
        this.pendingKey = undefined;
      });
    }
    return this.pendingKey;
  }

  /** POST /v1/agent/logout: ends the cached session key. */
  async logout(call: CallOptions = {}): Promise<void> {
    const cached = this.cachedKey;
    if (!cached) return;
    this.cachedKey = undefined;
    try {
      const response = await this.send(PATHS.logout, { 'session-key': cached.key }, {}, call);
      this.expectPaynetOk(PATHS.logout, response);
    } finally {
      forgetSecret(cached.key);
    }
  }

  private async renewKey(call: CallOptions): Promise<string> {
    const startedAt = this.now();
    const answer = await this.getAuthKey(call);
    const expiresAt = Date.parse(answer.expired_date);
    // An unparseable expiry is treated as short-lived: renew on the next call rather than trust it.
    const lifetimeMs = Number.isFinite(expiresAt) ? Math.max(0, expiresAt - Date.now()) : 0;
    const marginMs = Math.min(SESSION_KEY_RENEW_MARGIN_MS, lifetimeMs / 4);
    const previous = this.cachedKey;
    this.cachedKey = { key: answer.session_key, renewAt: startedAt + lifetimeMs - marginMs };
    if (previous && previous.key !== answer.session_key) forgetSecret(previous.key);
    return answer.session_key;
  }

  /** Runs a Session-Key call; on SESSION_KEY_INVALID renews the key once and retries once. */
  private async withSessionKey<T extends Record<string, unknown>>(path: string, body: unknown, call: CallOptions): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const key = await this.sessionKey(call);
      const response = await this.send(path, { 'session-key': key }, body, call);
      try {
        return this.expectPaynetOk(path, response) as T;
      } catch (error) {
        if (attempt === 0 && error instanceof PaynetAuthError && error.code === PaynetCode.SESSION_KEY_INVALID) {
          if (this.cachedKey?.key === key) this.cachedKey = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  // ---- App2App (SoftPOS) ----

  /** POST /v1/softpos/init_sale_transaction. `amount` "149.90" goes on the wire as the number 149.9. */
  async initSaleTransaction(input: InitSaleInput, call: CallOptions = {}): Promise<PaymentSessionResponse> {
    const body: InitSaleTransactionRequest = { ...input, amount: amountToNumber(input.amount) };
    const answer = await this.withSessionKey<Record<string, unknown>>(PATHS.initSale, body, call);
    return expectPaymentSession(PATHS.initSale, answer);
  }

  /** POST /v1/softpos/check_transaction. A read: retried on network errors, timeouts and 5xx. */
  async checkTransaction(paymentSessionId: string, call: CallOptions = {}): Promise<CheckTransactionResponse> {
    return this.retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call, async () => {
      const answer = await this.withSessionKey<Record<string, unknown>>(PATHS.checkTransaction, { payment_session_id: paymentSessionId }, call);
      if (!Array.isArray(answer.Data)) {
        throw new PaynetUnavailableError('check_transaction answered without a Data array', 'malformed', { endpoint: PATHS.checkTransaction });
      }
      return answer as unknown as CheckTransactionResponse;
    });
  }

  /** POST /v1/softpos/init_reversal_transaction. Not retried: a second reversal session is not harmless. */
  async initReversalTransaction(input: InitReversalTransactionRequest, call: CallOptions = {}): Promise<PaymentSessionResponse> {
    try {
      const answer = await this.withSessionKey<Record<string, unknown>>(PATHS.initReversal, input, call);
      return expectPaymentSession(PATHS.initReversal, answer);
    } catch (error) {
      // For a reversal, "no such transaction" means "nothing here you can reverse".
      if (error instanceof PaynetError && error.code === PaynetCode.NOT_FOUND) {
        throw new PaynetNotReversibleError(error.message, { code: error.code, httpStatus: error.httpStatus, endpoint: PATHS.initReversal });
      }
      throw error;
    }
  }

  // ---- Direct card payment without 3D ----

  /**
   * POST /v2/transaction/payment. Retried with the same reference_no after a timeout, a
   * dropped connection or a 5xx: Paynet answers code 100 with the earlier success, which is
   * returned as a success. A decline is an answer (`is_succeed: false`), not an error.
   */
  async payment(input: PaymentInput, call: CallOptions = {}): Promise<PaymentResponse> {
    const domain = input.domain ?? this.config.domain;
    if (!domain) throw new PaynetConfigError('Paynet configuration: domain is required for v2/transaction/payment');
    const body: PaymentRequest = { ...input, domain, amount: amountToCommaString(input.amount) };
    return this.retrying(this.options.paymentRetryDelaysMs ?? PAYMENT_RETRY_DELAYS_MS, call, async () => {
      const response = await this.send(PATHS.payment, { authorization: `Basic ${this.config.secretKey}` }, body, call);
      const answer = this.expectPaynetOk(PATHS.payment, response, [PaynetCode.OK, PaynetCode.PREVIOUS_SUCCESS]);
      if (typeof answer.is_succeed !== 'boolean') {
        throw new PaynetUnavailableError('payment answered without is_succeed', 'malformed', { endpoint: PATHS.payment });
      }
      return answer as unknown as PaymentResponse;
    });
  }

  // ---- POS device cloud API ----

  /**
   * Device Sale. Held by Paynet until the terminal finishes (up to 120 s): callers that must
   * not block start it and follow the result with `deviceQuery`. Not retried (a second
   * sale could charge twice); a terminal decline is a PaynetDeclinedError.
   */
  async deviceSale(input: DeviceSaleInput, call: CallOptions = {}): Promise<DeviceTransactionResponse> {
    const body: DeviceSaleRequest = {
      ...input,
      currency: input.currency ?? 'TRY',
      amount: amountToNumber(input.amount),
      paidAmount: amountToNumber(input.paidAmount ?? input.amount),
    };
    const response = await this.send(PATHS.deviceSale, this.deviceHeaders(), body, call, this.options.deviceSaleTimeoutMs ?? DEVICE_SALE_TIMEOUT_MS, this.deviceBaseUrl());
    return expectDeviceOk(PATHS.deviceSale, response);
  }

  /** Device Transaction query. A read: retried on network errors, timeouts and 5xx. */
  async deviceQuery(input: DeviceQueryRequest, call: CallOptions = {}): Promise<DeviceTransactionResponse> {
    return this.retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call, async () => {
      const response = await this.send(PATHS.deviceQuery, this.deviceHeaders(), input, call, undefined, this.deviceBaseUrl());
      return expectDeviceOk(PATHS.deviceQuery, response);
    });
  }

  private deviceHeaders(): Record<string, string> {
    if (!this.config.deviceAccessToken) throw new PaynetConfigError('Paynet configuration: deviceAccessToken is required for the device API');
    return { authorization: `Bearer ${this.config.deviceAccessToken}` };
  }

  private deviceBaseUrl(): string {
    return this.config.deviceBaseUrl ?? this.config.baseUrl;
  }

  // ---- plumbing ----

  private async send(
    path: string,
    headers: Record<string, string>,
    body: unknown,
    call: CallOptions,
    timeoutMs = this.config.timeoutMs,
    baseUrl = this.config.baseUrl,
  ): Promise<PaynetHttpResponse> {
    const startedAt = performance.now();
    const log = (entry: Omit<PaynetCallLog, 'endpoint' | 'durationMs'>): void =>
      this.options.onCall?.({ endpoint: path, durationMs: Math.round(performance.now() - startedAt), ...entry });
    try {
      const request = { baseUrl, path, headers, body, timeoutMs, ...(call.signal ? { signal: call.signal } : {}) };
      const response = await postJson(request, this.options.fetch);
      const code = typeof response.body.code === 'number' ? response.body.code : typeof response.body.errorCode === 'number' ? response.body.errorCode : undefined;
      log({ httpStatus: response.status, ...(code === undefined ? {} : { code }), outcome: 'ok' });
      return response;
    } catch (error) {
      log({ outcome: 'error', error: error instanceof PaynetError ? error.name : 'Error' });
      throw error;
    }
  }

  /** Retries `run` after each delay while it fails with PaynetUnavailableError. */
  private async retrying<T>(delaysMs: readonly number[], call: CallOptions, run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const delayMs = delaysMs[attempt];
        if (!(error instanceof PaynetUnavailableError) || delayMs === undefined || call.signal?.aborted) throw error;
        // Full jitter keeps many instances from retrying in lockstep against a recovering Paynet.
        await sleep(delayMs / 2 + Math.random() * (delayMs / 2), call.signal);
      }
    }
  }

  /** Returns the body when `code` is acceptable, else throws the typed error for that code. */
  private expectPaynetOk(path: string, response: PaynetHttpResponse, okCodes: readonly number[] = [PaynetCode.OK]): Record<string, unknown> {
    const { body, status } = response;
    const code = body.code;
    if (typeof code !== 'number') {
      throw new PaynetUnavailableError(`Paynet answered ${path} without a numeric code`, 'malformed', { endpoint: path, httpStatus: status });
    }
    if (okCodes.includes(code) && status >= 200 && status < 300) return body;
    const message = typeof body.message === 'string' && body.message ? body.message : `Paynet code ${code}`;
    throw paynetErrorFor(code, `${path}: ${message}`, { code, httpStatus: status, endpoint: path });
  }
}

/** Maps an App2App / payment `code` to its typed error. Unknown codes stay a PaynetError with the code. */
export function paynetErrorFor(code: number, message: string, details: { code: number; httpStatus?: number; endpoint?: string }): PaynetError {
  switch (code) {
    case PaynetCode.AUTH_FAILED:
    case PaynetCode.SESSION_KEY_INVALID:
    case PaynetCode.NON_3D_NOT_ALLOWED:
      return new PaynetAuthError(message, details);
    case PaynetCode.VALIDATION:
    case PaynetCode.DUPLICATE_REFERENCE:
      return new PaynetValidationError(message, details);
    case PaynetCode.NOT_REVERSIBLE:
      return new PaynetNotReversibleError(message, details);
    case PaynetCode.RATE_LIMITED:
      return new PaynetRateLimitedError(message, details);
    default:
      return new PaynetError(message, details);
  }
}

/** Maps a device API `errorCode` to its typed error. */
export function deviceErrorFor(code: number, message: string, details: { code: number; httpStatus?: number; endpoint?: string }): PaynetError {
  switch (code) {
    case DeviceErrorCode.UNAUTHORIZED:
      return new PaynetAuthError(message, details);
    case DeviceErrorCode.VALIDATION:
    case DeviceErrorCode.UNKNOWN_DEVICE:
    case DeviceErrorCode.DUPLICATE_REFERENCE:
      return new PaynetValidationError(message, details);
    case DeviceErrorCode.DECLINED:
      return new PaynetDeclinedError(message, details);
    default:
      return new PaynetError(message, details);
  }
}

function expectPaymentSession(path: string, body: Record<string, unknown>): PaymentSessionResponse {
  if (typeof body.payment_session_id !== 'string' || typeof body.deeplink_url !== 'string' || typeof body.encryption_key !== 'string') {
    throw new PaynetUnavailableError(`${path} answered without payment_session_id/deeplink_url/encryption_key`, 'malformed', { endpoint: path });
  }
  return body as unknown as PaymentSessionResponse;
}

function expectDeviceOk(path: string, response: PaynetHttpResponse): DeviceTransactionResponse {
  const { body, status } = response;
  if (status === 401) {
    throw new PaynetAuthError(`${path}: device access token refused`, { code: DeviceErrorCode.UNAUTHORIZED, httpStatus: 401, endpoint: path });
  }
  const code = body.errorCode;
  if (typeof code !== 'number') {
    throw new PaynetUnavailableError(`Paynet answered ${path} without a numeric errorCode`, 'malformed', { endpoint: path, httpStatus: status });
  }
  if (code === DeviceErrorCode.OK && body.status === 'success' && status >= 200 && status < 300) {
    return body as unknown as DeviceTransactionResponse;
  }
  const message = typeof body.errorMessage === 'string' && body.errorMessage ? body.errorMessage : `device errorCode ${code}`;
  throw deviceErrorFor(code, `${path}: ${message}`, { code, httpStatus: status, endpoint: path });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
