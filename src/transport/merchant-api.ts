/**
 * The only module that calls `fetch`. Every call has a timeout, an optional caller signal,
 * a validated answer, and one error type (`TransportError`) whatever went wrong.
 */
import type {
  CardPaymentRequest,
  CreateReversalRequest,
  CreateSessionRequest,
  DevicesResponse,
  SessionResponse,
  StatusResponse,
} from '../contract.js';
import { REQUEST_TIMEOUT_MS } from '../flow/poll-policy.js';
import { TransportError } from './errors.js';
import { parseRetryAfterMs } from './retry-after.js';
import { isDevicesResponse, isErrorResponse, isSessionResponse, isStatusResponse } from './validate.js';

export { parseRetryAfterMs } from './retry-after.js';

export interface StatusAnswer {
  status: StatusResponse;
  /** The server's polling hint, parsed from Retry-After. */
  retryAfterMs?: number;
}

export interface MerchantApi {
  createSession(url: string, body: CreateSessionRequest, idempotencyKey: string, signal?: AbortSignal): Promise<SessionResponse>;
  createReversal(url: string, body: CreateReversalRequest, idempotencyKey: string, signal?: AbortSignal): Promise<SessionResponse>;
  getStatus(statusUrl: string, signal?: AbortSignal): Promise<StatusAnswer>;
  /** `POST {statusUrl}/cancel`: the answer may be `succeeded` when the phone was faster. */
  cancel(statusUrl: string, signal?: AbortSignal): Promise<StatusResponse>;
  payByCard(url: string, body: CardPaymentRequest, idempotencyKey: string, signal?: AbortSignal): Promise<StatusResponse>;
  listDevices(url: string, signal?: AbortSignal): Promise<DevicesResponse>;
}

export interface MerchantApiOptions {
  fetch?: typeof fetch;
  /** Per request, on top of a long-poll's hold (`wait=N` in a status URL: N s more); default REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default 'same-origin': cookies go to the shop's own backend only. */
  credentials?: RequestCredentials;
}

function documentBase(): string | undefined {
  return typeof document === 'undefined' ? undefined : document.baseURI;
}

/** Absolute URL of `url`, relative to `base` (itself relative to the document). */
export function resolveUrl(url: string, base?: string): string {
  const root = documentBase();
  const absoluteBase = base === undefined ? root : new URL(base, root).href;
  return new URL(url, absoluteBase).href;
}

/**
 * The hold a status URL asks the backend for (`wait=N`, long-poll; see flow/long-poll.ts), in
 * ms, 0 for none: the request may take that long before its own timeout starts to count.
 */
export function statusWaitMsOf(statusUrl: string): number {
  const seconds = Number(new URL(statusUrl).searchParams.get('wait') ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1_000 : 0;
}

/** `${statusUrl}/cancel`, keeping any query string where it belongs. */
export function cancelUrlFor(statusUrl: string): string {
  const url = new URL(resolveUrl(statusUrl));
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/cancel`;
  return url.href;
}

export function createMerchantApi(options: MerchantApiOptions = {}): MerchantApi {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const credentials = options.credentials ?? 'same-origin';
  // Looked up per call so a test or a page can install its fetch after the element loads.
  const doFetch = (input: string, init: RequestInit): Promise<Response> => (options.fetch ?? globalThis.fetch)(input, init);

  async function request(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    idempotencyKey: string | undefined,
    callerSignal: AbortSignal | undefined,
    holdMs = 0,
  ): Promise<{ json: unknown; response: Response }> {
    const timeout = AbortSignal.timeout(timeoutMs + holdMs);
    const signal = callerSignal === undefined ? timeout : AbortSignal.any([callerSignal, timeout]);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials,
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      throw classifyFailure(error, timeout, callerSignal);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw classifyFailure(error, timeout, callerSignal);
    }
    let json: unknown;
    let parsed = true;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (!response.ok) {
      const retryAfterMs = parseRetryAfterMs(response.headers.get('Retry-After'));
      if (parsed && isErrorResponse(json)) {
        throw new TransportError({
          kind: 'http',
          status: response.status,
          code: json.error.code,
          message: json.error.message,
          fromServer: true,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
      }
      throw new TransportError({
        kind: 'http',
        status: response.status,
        code: `http_${response.status}`,
        message: `HTTP ${response.status}`,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (!parsed) throw malformed('the answer is not JSON');
    return { json, response };
  }

  return {
    async createSession(url, body, idempotencyKey, signal) {
      const absolute = resolveUrl(url);
      const { json } = await request('POST', absolute, body, idempotencyKey, signal);
      return sessionFrom(json, absolute);
    },
    async createReversal(url, body, idempotencyKey, signal) {
      const absolute = resolveUrl(url);
      const { json } = await request('POST', absolute, body, idempotencyKey, signal);
      return sessionFrom(json, absolute);
    },
    async getStatus(statusUrl, signal) {
      const absolute = resolveUrl(statusUrl);
      const { json, response } = await request('GET', absolute, undefined, undefined, signal, statusWaitMsOf(absolute));
      if (!isStatusResponse(json)) throw malformed('unexpected status shape');
      const retryAfterMs = parseRetryAfterMs(response.headers.get('Retry-After'));
      return retryAfterMs === undefined ? { status: json } : { status: json, retryAfterMs };
    },
    async cancel(statusUrl, signal) {
      const { json } = await request('POST', cancelUrlFor(statusUrl), {}, undefined, signal);
      if (!isStatusResponse(json)) throw malformed('unexpected status shape');
      return json;
    },
    async payByCard(url, body, idempotencyKey, signal) {
      // The body is serialised inside `request` and not referenced after: card data is
      // neither logged nor kept here.
      const { json } = await request('POST', resolveUrl(url), body, idempotencyKey, signal);
      if (!isStatusResponse(json)) throw malformed('unexpected payment shape');
      return json;
    },
    async listDevices(url, signal) {
      const { json } = await request('GET', resolveUrl(url), undefined, undefined, signal);
      if (!isDevicesResponse(json)) throw malformed('unexpected devices shape');
      return json;
    },
  };
}

/** Validates a created session and makes its statusUrl absolute (relative to the creating URL). */
function sessionFrom(json: unknown, createdAt: string): SessionResponse {
  if (!isSessionResponse(json)) throw malformed('unexpected session shape');
  let statusUrl: string;
  try {
    statusUrl = resolveUrl(json.statusUrl, createdAt);
  } catch {
    throw malformed('statusUrl is not a URL');
  }
  return { ...json, statusUrl };
}

function malformed(detail: string): TransportError {
  return new TransportError({ kind: 'malformed', code: 'malformed_response', message: `Malformed response: ${detail}` });
}

function classifyFailure(error: unknown, timeout: AbortSignal, callerSignal: AbortSignal | undefined): TransportError {
  if (callerSignal?.aborted === true) {
    return new TransportError({ kind: 'aborted', code: 'aborted', message: 'Request aborted', cause: error });
  }
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (timeout.aborted || name === 'TimeoutError') {
    return new TransportError({ kind: 'timeout', code: 'timeout', message: 'Request timed out', cause: error });
  }
  if (name === 'AbortError') {
    return new TransportError({ kind: 'aborted', code: 'aborted', message: 'Request aborted', cause: error });
  }
  return new TransportError({ kind: 'network', code: 'network', message: 'Network error', cause: error });
}
