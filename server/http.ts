/**
 * The only place the kit calls `fetch` toward Paynet. One POST with a JSON body, a hard
 * timeout (AbortSignal.timeout), and a parsed JSON object back. Everything that is not a
 * usable answer (network error, timeout, dropped connection, 5xx, a body that is not a JSON
 * object) becomes a PaynetUnavailableError; interpreting Paynet's `code` is the client's job.
 */
import { parseRetryAfterMs } from '../src/transport/retry-after.js';
import { PaynetRateLimitedError, PaynetUnavailableError } from './errors.js';

export interface PaynetHttpRequest {
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  /** The caller's cancellation (e.g. server shutdown), combined with the timeout. */
  signal?: AbortSignal;
}

export interface PaynetHttpResponse {
  status: number;
  body: Record<string, unknown>;
}

export type PaynetFetch = (input: string, init: RequestInit) => Promise<Response>;

export async function postJson(request: PaynetHttpRequest, fetchImpl: PaynetFetch = fetch): Promise<PaynetHttpResponse> {
  const { path } = request;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const url = joinUrl(request.baseUrl, path);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) {
      throw new PaynetUnavailableError(`Paynet did not answer ${path} within ${request.timeoutMs} ms`, 'timeout', { endpoint: path });
    }
    if (request.signal?.aborted) {
      throw new PaynetUnavailableError(`request to ${path} was aborted`, 'network', { endpoint: path });
    }
    // The cause is a fetch TypeError naming the socket error; it holds no request data.
    throw new PaynetUnavailableError(`could not reach Paynet for ${path}: ${describeNetworkError(error)}`, 'network', { endpoint: path });
  }

  if (response.status >= 500) {
    throw new PaynetUnavailableError(`Paynet answered ${path} with HTTP ${response.status}`, 'http_5xx', { endpoint: path, httpStatus: response.status });
  }
  if (response.status === 429) {
    throw new PaynetRateLimitedError(`Paynet rate-limited ${path}`, {
      endpoint: path,
      httpStatus: 429,
      retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after')),
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new PaynetUnavailableError(`Paynet answered ${path} with a body that is not JSON (HTTP ${response.status})`, 'malformed', { endpoint: path, httpStatus: response.status });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PaynetUnavailableError(`Paynet answered ${path} with JSON that is not an object`, 'malformed', { endpoint: path, httpStatus: response.status });
  }
  return { status: response.status, body: body as Record<string, unknown> };
}

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? code : cause.name;
  }
  return 'unknown error';
}
