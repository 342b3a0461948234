/**
 * Typed Paynet client: one method per endpoint, amounts in as "149.90" strings.
 *
 * - The App2App session key is cached and renewed before its `expired_date`
 *   (session-key-cache.ts). A refusal of the key (HTTP 401, `authorization_error`, return
 *   code 7) renews it once and retries once: the refused request did nothing at Paynet.
 * - Retries happen only where they cannot double anything: check_transaction,
 *   v1/transaction/check and the device Transaction query (reads), and
 *   v2/transaction/payment with the same reference_no, where Paynet answers code 100 with
 *   the earlier success. Everything else surfaces its error.
 * - Answers are read tolerantly (paynet-answers.ts, paynet/tolerant-read.ts) and errors are
 *   typed (errors.ts); a circuit breaker fails calls at once while Paynet is unreachable.
 * - Errors carry no secret; log events carry path, status, code, duration, never a header or body.
 */
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { DEFAULT_PAYNET_TIMEOUT_MS, PaynetConfigError, type PaynetConfig } from './config.js';
import { amountToCommaString, amountToNumber } from './decimal.js';
import {
  PaynetAuthError,
  PaynetError,
  PaynetNoDataError,
  PaynetNotReversibleError,
  PaynetUnavailableError,
  forgetSecret,
  registerSecret,
} from './errors.js';
import { postJson, type PaynetFetch, type PaynetHttpResponse } from './http.js';
import { expectDeviceOk, expectPaynetOk } from './paynet-answers.js';
import { ReturnCode } from './paynet/return-codes.js';
import { readBoolean, readCode } from './paynet/tolerant-read.js';
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
  TransactionCheckRequest,
  TransactionCheckResponse,
} from './paynet/wire.js';
import { retrying } from './retry.js';
import { SessionKeyCache } from './session-key-cache.js';

export { SESSION_KEY_RENEW_MARGIN_MS } from './session-key-cache.js';
/** The device Sale is held until the terminal finishes or 120 s pass. */
export const DEVICE_SALE_TIMEOUT_MS = 130_000;
/** Backoff before each retry of a read (check_transaction, transaction/check, device query). */
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
  transactionCheck: '/v1/transaction/check',
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
  /** Fail calls at once while Paynet is unreachable; false turns it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
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

export class PaynetClient {
  private readonly config: Required<Pick<PaynetConfig, 'secretKey' | 'agentId' | 'userId' | 'baseUrl' | 'timeoutMs'>> & PaynetConfig;
  private readonly options: PaynetClientOptions;
  private readonly keys: SessionKeyCache;
  /** One per host: the device cloud may be up while the App2App host is down. */
  private readonly circuits = new Map<string, CircuitBreaker>();

  constructor(options: PaynetClientOptions) {
    for (const field of ['secretKey', 'agentId', 'userId', 'baseUrl'] as const) {
      if (!options[field]) throw new PaynetConfigError(`Paynet configuration: ${field} is required`);
    }
    this.options = options;
    this.config = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_PAYNET_TIMEOUT_MS };
    this.keys = new SessionKeyCache(async () => {
      const answer = await this.getAuthKey();
      return { key: answer.session_key, expiredDate: answer.expired_date };
    }, options.now ?? Date.now);
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
    const body = expectPaynetOk(PATHS.getAuthKey, response);
    if (typeof body.session_key !== 'string' || !body.session_key || body.expired_date === undefined) {
      throw new PaynetUnavailableError('get_auth_key answered without session_key/expired_date', 'malformed', { endpoint: PATHS.getAuthKey });
    }
    registerSecret(body.session_key);
    return body as unknown as GetAuthKeyResponse;
  }

  /** The cached session key, renewed (once, however many callers wait) when close to expiry. */
  sessionKey(): Promise<string> {
    return this.keys.get();
  }

  /** POST /v1/agent/logout: ends the cached session key. */
  async logout(call: CallOptions = {}): Promise<void> {
    const key = this.keys.take();
    if (!key) return;
    try {
      const response = await this.send(PATHS.logout, { 'session-key': key }, {}, call);
      expectPaynetOk(PATHS.logout, response);
    } finally {
      forgetSecret(key);
    }
  }

  /** Runs a Session-Key call; when Paynet refuses the key, renews it once and retries once. */
  private async withSessionKey<T extends Record<string, unknown>>(path: string, body: unknown, call: CallOptions): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const key = await this.keys.get();
      const response = await this.send(path, { 'session-key': key }, body, call);
      try {
        return expectPaynetOk(path, response) as T;
      } catch (error) {
        if (attempt === 0 && error instanceof PaynetAuthError && error.code === ReturnCode.unauthorized) {
          this.keys.refused(key);
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
    return retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call.signal, async () => {
      const answer = await this.withSessionKey<Record<string, unknown>>(PATHS.checkTransaction, { payment_session_id: paymentSessionId }, call);
      return withDataArray(PATHS.checkTransaction, answer) as unknown as CheckTransactionResponse;
    });
  }

  /** POST /v1/softpos/init_reversal_transaction. Not retried: a second reversal session is not harmless. */
  async initReversalTransaction(input: InitReversalTransactionRequest, call: CallOptions = {}): Promise<PaymentSessionResponse> {
    try {
      const answer = await this.withSessionKey<Record<string, unknown>>(PATHS.initReversal, input, call);
      return expectPaymentSession(PATHS.initReversal, answer);
    } catch (error) {
      // For a reversal, "no process" (6) or "no such transaction" (12) means "nothing here you can reverse".
      if (error instanceof PaynetNoDataError || (error instanceof PaynetError && error.code === ReturnCode.noprocess)) {
        throw new PaynetNotReversibleError(error.message, { code: error.code, httpStatus: error.httpStatus, endpoint: PATHS.initReversal });
      }
      throw error;
    }
  }

  // ---- Direct card payment without 3D ----

  /**
   * POST /v2/transaction/payment. Retried with the same reference_no after a timeout, a
   * dropped connection or a 5xx: Paynet answers code 100 with the earlier success, which is
   * returned as a success. A decline is an answer (`is_succeed: false`) or, in the error-object
   * reading, a PaynetDeclinedError.
   */
  async payment(input: PaymentInput, call: CallOptions = {}): Promise<PaymentResponse> {
    const domain = input.domain ?? this.config.domain;
    if (!domain) throw new PaynetConfigError('Paynet configuration: domain is required for v2/transaction/payment');
    const body: PaymentRequest = { ...input, domain, amount: amountToCommaString(input.amount) };
    return retrying(this.options.paymentRetryDelaysMs ?? PAYMENT_RETRY_DELAYS_MS, call.signal, async () => {
      const response = await this.send(PATHS.payment, { authorization: `Basic ${this.config.secretKey}` }, body, call);
      const answer = expectPaynetOk(PATHS.payment, response, [ReturnCode.successful, ReturnCode.oldsuccessful]);
      const succeeded = readBoolean(answer.is_succeed);
      if (succeeded === undefined) {
        throw new PaynetUnavailableError('payment answered without a readable is_succeed', 'malformed', { endpoint: PATHS.payment });
      }
      return { ...answer, is_succeed: succeeded, code: readCode(answer.code) } as unknown as PaymentResponse;
    });
  }

  /**
   * POST /v1/transaction/check: the card payments Paynet holds under a reference_no (or an
   * xact_id), without sending the card again — how a payment whose answer was lost is found.
   * A read, retried; "nothing under that reference" (empty Data, or nodata) is `Data: []`.
   */
  async transactionCheck(input: TransactionCheckRequest, call: CallOptions = {}): Promise<TransactionCheckResponse> {
    if (!input.reference_no && !input.xact_id) throw new TypeError('transactionCheck needs reference_no or xact_id');
    return retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call.signal, async () => {
      const response = await this.send(PATHS.transactionCheck, { authorization: `Basic ${this.config.secretKey}` }, input, call);
      let answer: Record<string, unknown>;
      try {
        answer = expectPaynetOk(PATHS.transactionCheck, response);
      } catch (error) {
        if (error instanceof PaynetNoDataError) return { code: ReturnCode.nodata, Data: [] };
        throw error;
      }
      return withDataArray(PATHS.transactionCheck, answer) as unknown as TransactionCheckResponse;
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
    return retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call.signal, async () => {
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

  private circuitFor(baseUrl: string): CircuitBreaker | undefined {
    if (this.options.circuitBreaker === false) return undefined;
    let circuit = this.circuits.get(baseUrl);
    if (!circuit) {
      circuit = new CircuitBreaker({ ...(this.options.now ? { now: this.options.now } : {}), ...this.options.circuitBreaker });
      this.circuits.set(baseUrl, circuit);
    }
    return circuit;
  }

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
    const circuit = this.circuitFor(baseUrl);
    const permit = circuit?.allow();
    if (circuit && !permit) {
      log({ outcome: 'error', error: 'circuit_open' });
      throw new PaynetUnavailableError(`Paynet unreachable on recent calls; ${path} not sent (retry in ${circuit.retryAfterMs} ms)`, 'circuit_open', { endpoint: path });
    }
    try {
      const request = { baseUrl, path, headers, body, timeoutMs, ...(call.signal ? { signal: call.signal } : {}) };
      const response = await postJson(request, this.options.fetch);
      circuit?.succeeded();
      const code = readCode(response.body.result_code) ?? readCode(response.body.code) ?? readCode(response.body.errorCode);
      log({ httpStatus: response.status, ...(code === undefined ? {} : { code }), outcome: 'ok' });
      return response;
    } catch (error) {
      // A held device sale timing out says the terminal is slow, not that Paynet is down.
      const unreachable = error instanceof PaynetUnavailableError && !call.signal?.aborted && path !== PATHS.deviceSale;
      if (unreachable && (error.reason === 'network' || error.reason === 'timeout' || error.reason === 'http_5xx')) circuit?.failed();
      else if (permit) circuit?.abandoned(permit);
      log({ outcome: 'error', error: error instanceof PaynetError ? error.name : 'Error' });
      throw error;
    }
  }
}

function withDataArray(path: string, body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.Data)) {
    throw new PaynetUnavailableError(`${path} answered without a Data array`, 'malformed', { endpoint: path });
  }
  return body;
}

function expectPaymentSession(path: string, body: Record<string, unknown>): PaymentSessionResponse {
  if (typeof body.payment_session_id !== 'string' || typeof body.deeplink_url !== 'string' || typeof body.encryption_key !== 'string') {
    throw new PaynetUnavailableError(`${path} answered without payment_session_id/deeplink_url/encryption_key`, 'malformed', { endpoint: path });
  }
  return body as unknown as PaymentSessionResponse;
}
