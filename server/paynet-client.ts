/**
 * Typed Paynet client: one method per endpoint, amounts in as "149.90" strings. What every
 * endpoint shares lives beside it:
 *
 * - The App2App session key is cached and renewed before its `expired_date`
 *   (session-key-cache.ts). A refusal of the key (HTTP 401, `authorization_error`, return
 *   code 7) renews it once and retries once: the refused request did nothing at Paynet.
 * - Retries (retry.ts; delays in paynet-timing.ts) happen only where they cannot double
 *   anything: check_transaction, v1/transaction/check and the device Transaction query
 *   (reads), and v2/transaction/payment with the same reference_no, where Paynet answers
 *   code 100 with the earlier success. Everything else surfaces its error.
 * - Answers are read tolerantly (paynet-answers.ts, paynet-answer-shapes.ts,
 *   paynet/tolerant-read.ts) and errors are typed (errors.ts, paynet-code-errors.ts).
 * - Each HTTP attempt goes through paynet-caller.ts: a circuit breaker per host fails calls at
 *   once while Paynet is unreachable there; one log line per attempt carries path, status,
 *   code and duration, never a header or body. Errors carry no secret.
 */
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { DEFAULT_PAYNET_TIMEOUT_MS, PaynetConfigError, type PaynetConfig } from './config.js';
import { amountToCommaString, amountToNumber } from './decimal.js';
import { PaynetError, PaynetNoDataError, PaynetNotReversibleError, forgetSecret, registerSecret } from './errors.js';
import type { PaynetFetch, PaynetHttpResponse } from './http.js';
import { expectAuthKey, expectDataArray, expectPaymentSession, expectPaymentVerdict } from './paynet-answer-shapes.js';
import { expectDeviceOk, expectPaynetOk } from './paynet-answers.js';
import { PaynetCaller, type PaynetCall, type PaynetCallLog } from './paynet-caller.js';
import { DEVICE_SALE_TIMEOUT_MS, PAYMENT_RETRY_DELAYS_MS, READ_RETRY_DELAYS_MS } from './paynet-timing.js';
import { ReturnCode } from './paynet/return-codes.js';
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
import { retrying, retryingWithRenewedKey } from './retry.js';
import { SessionKeyCache } from './session-key-cache.js';

export { SESSION_KEY_RENEW_MARGIN_MS } from './session-key-cache.js';
export { DEVICE_SALE_TIMEOUT_MS, PAYMENT_RETRY_DELAYS_MS, READ_RETRY_DELAYS_MS } from './paynet-timing.js';
export type { PaynetCallLog } from './paynet-caller.js';

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
  private readonly caller: PaynetCaller;

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
    this.caller = new PaynetCaller(options);
    registerSecret(options.secretKey);
    registerSecret(options.deviceAccessToken);
  }

  // ---- App2App session key ----

  /** POST /v1/agent/get_auth_key. Prefer `sessionKey()`, which caches. */
  async getAuthKey(call: CallOptions = {}): Promise<GetAuthKeyResponse> {
    const body = { agent_id: this.config.agentId, user_id: this.config.userId };
    const response = await this.post(PATHS.getAuthKey, { ...this.basicAuth(), paynetmobile: '2' }, body, call);
    const answer = expectAuthKey(PATHS.getAuthKey, expectPaynetOk(PATHS.getAuthKey, response));
    registerSecret(answer.session_key);
    return answer;
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
      const response = await this.post(PATHS.logout, { 'session-key': key }, {}, call);
      expectPaynetOk(PATHS.logout, response);
    } finally {
      forgetSecret(key);
    }
  }

  /** A Session-Key call's usable answer; a refused key is renewed once and the call retried once. */
  private withSessionKey(path: string, body: unknown, call: CallOptions): Promise<Record<string, unknown>> {
    return retryingWithRenewedKey(this.keys, async (key) => expectPaynetOk(path, await this.post(path, { 'session-key': key }, body, call)));
  }

  // ---- App2App (SoftPOS) ----

  /** POST /v1/softpos/init_sale_transaction. `amount` "149.90" goes on the wire as the number 149.9. */
  async initSaleTransaction(input: InitSaleInput, call: CallOptions = {}): Promise<PaymentSessionResponse> {
    const body: InitSaleTransactionRequest = { ...input, amount: amountToNumber(input.amount) };
    return expectPaymentSession(PATHS.initSale, await this.withSessionKey(PATHS.initSale, body, call));
  }

  /** POST /v1/softpos/check_transaction. A read: retried on network errors, timeouts and 5xx. */
  async checkTransaction(paymentSessionId: string, call: CallOptions = {}): Promise<CheckTransactionResponse> {
    return retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call.signal, async () => {
      const answer = await this.withSessionKey(PATHS.checkTransaction, { payment_session_id: paymentSessionId }, call);
      return expectDataArray<CheckTransactionResponse>(PATHS.checkTransaction, answer);
    });
  }

  /** POST /v1/softpos/init_reversal_transaction. Not retried: a second reversal session is not harmless. */
  async initReversalTransaction(input: InitReversalTransactionRequest, call: CallOptions = {}): Promise<PaymentSessionResponse> {
    try {
      return expectPaymentSession(PATHS.initReversal, await this.withSessionKey(PATHS.initReversal, input, call));
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
      const response = await this.post(PATHS.payment, this.basicAuth(), body, call);
      return expectPaymentVerdict(PATHS.payment, expectPaynetOk(PATHS.payment, response, [ReturnCode.successful, ReturnCode.oldsuccessful]));
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
      const response = await this.post(PATHS.transactionCheck, this.basicAuth(), input, call);
      let answer: Record<string, unknown>;
      try {
        answer = expectPaynetOk(PATHS.transactionCheck, response);
      } catch (error) {
        if (error instanceof PaynetNoDataError) return { code: ReturnCode.nodata, Data: [] };
        throw error;
      }
      return expectDataArray<TransactionCheckResponse>(PATHS.transactionCheck, answer);
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
    const timeoutMs = this.options.deviceSaleTimeoutMs ?? DEVICE_SALE_TIMEOUT_MS;
    return expectDeviceOk(PATHS.deviceSale, await this.postToDevice(PATHS.deviceSale, body, call, { timeoutMs, held: true }));
  }

  /** Device Transaction query. A read: retried on network errors, timeouts and 5xx. */
  async deviceQuery(input: DeviceQueryRequest, call: CallOptions = {}): Promise<DeviceTransactionResponse> {
    return retrying(this.options.readRetryDelaysMs ?? READ_RETRY_DELAYS_MS, call.signal, async () => {
      return expectDeviceOk(PATHS.deviceQuery, await this.postToDevice(PATHS.deviceQuery, input, call));
    });
  }

  // ---- requests ----

  private basicAuth(): Record<string, string> {
    return { authorization: `Basic ${this.config.secretKey}` };
  }

  /** One attempt, to the App2App host with the configured timeout unless `over` says otherwise. */
  private post(
    path: string,
    headers: Record<string, string>,
    body: unknown,
    call: CallOptions,
    over: Partial<Pick<PaynetCall, 'baseUrl' | 'timeoutMs' | 'held'>> = {},
  ): Promise<PaynetHttpResponse> {
    return this.caller.send({
      baseUrl: this.config.baseUrl,
      path,
      headers,
      body,
      timeoutMs: this.config.timeoutMs,
      ...(call.signal ? { signal: call.signal } : {}),
      ...over,
    });
  }

  /** One attempt to the device cloud (its own host, when configured), with the access token. */
  private postToDevice(path: string, body: unknown, call: CallOptions, over: Partial<Pick<PaynetCall, 'timeoutMs' | 'held'>> = {}): Promise<PaynetHttpResponse> {
    if (!this.config.deviceAccessToken) throw new PaynetConfigError('Paynet configuration: deviceAccessToken is required for the device API');
    const baseUrl = this.config.deviceBaseUrl ?? this.config.baseUrl;
    return this.post(path, { authorization: `Bearer ${this.config.deviceAccessToken}` }, body, call, { baseUrl, ...over });
  }
}
