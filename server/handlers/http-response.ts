/**
 * Every answer the backend gives goes through here: JSON, `{error:{code,message}}` for
 * failures, and the same security headers on all of them.
 */
import type { ErrorResponse } from '../../src/contract.js';

/** On every response: API answers are never cached, sniffed, framed, or given a Referer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
};

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

/**
 * A failure with a stable machine `code` and a plain-text `message` the element may show.
 * Thrown inside handlers, turned into a response by the router.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): Response {
    const body: ErrorResponse = { error: { code: this.code, message: this.message } };
    return jsonResponse(this.status, body, this.headers);
  }
}
