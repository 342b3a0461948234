/**
 * CORS with an explicit allowlist (never `*`, never a reflected arbitrary origin). A
 * cross-origin state-changing request from an origin not on the list is refused outright
 * (403), not only left unreadable: the browser would still have sent it.
 */
import { HttpError, emptyResponse } from './handlers/http-response.js';

export interface CorsOptions {
  /** Exact origins, e.g. "https://shop.example". */
  allowedOrigins: readonly string[];
  /** Preflight cache lifetime. Default 600 s. */
  maxAgeSeconds?: number;
}

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Content-Type, Idempotency-Key';
const DEFAULT_PREFLIGHT_MAX_AGE_S = 600;

export class CorsPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly maxAgeSeconds: number;

  constructor(options: CorsOptions | undefined) {
    for (const origin of options?.allowedOrigins ?? []) {
      if (origin === '*' || origin !== new URL(origin).origin) {
        throw new TypeError(`cors.allowedOrigins: "${origin}" is not an exact origin such as https://shop.example`);
      }
    }
    this.allowed = new Set(options?.allowedOrigins ?? []);
    this.maxAgeSeconds = options?.maxAgeSeconds ?? DEFAULT_PREFLIGHT_MAX_AGE_S;
  }

  /** Headers to add to an answer for this request (empty for same-origin or unlisted origins). */
  headersFor(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (origin === null || !this.allowed.has(origin)) return { vary: 'Origin' };
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  /** The answer to an OPTIONS preflight. */
  preflight(request: Request): Response {
    const origin = request.headers.get('origin');
    if (origin === null || !this.allowed.has(origin)) return emptyResponse(403, { vary: 'Origin' });
    return emptyResponse(204, {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': CORS_ALLOWED_METHODS,
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-max-age': String(this.maxAgeSeconds),
      vary: 'Origin',
    });
  }

  /** Throws 403 for a request a browser sent from a foreign origin that is not allowed. */
  assertAllowed(request: Request): void {
    const origin = request.headers.get('origin');
    if (origin === null || this.allowed.has(origin) || origin === new URL(request.url).origin) return;
    throw new HttpError(403, 'origin_not_allowed', 'This origin may not call the payment backend.');
  }
}
