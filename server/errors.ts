/**
 * Typed Paynet errors. Each keeps Paynet's `code` (or the device API's `errorCode`) and its
 * message, so a code we did not foresee is never lost, and nothing else: no request body, no
 * header, no URL query. Messages pass through `redact()` because a provider may echo input
 * back, and an error message ends up in logs.
 */

export type PaynetErrorKind =
  | 'auth'
  | 'validation'
  | 'declined'
  | 'rate_limited'
  | 'unavailable'
  | 'not_reversible'
  | 'no_data'
  | 'unknown_code'
  | 'paynet';

export interface PaynetErrorDetails {
  /** Paynet `code` / device `errorCode`; undefined when no answer was parsed (network, timeout). */
  code?: number;
  /** HTTP status of the answer, if there was one. */
  httpStatus?: number;
  /** The endpoint path (never the query or body). */
  endpoint?: string;
  cause?: unknown;
}

export class PaynetError extends Error {
  override name = 'PaynetError';
  readonly kind: PaynetErrorKind = 'paynet';
  readonly code: number | undefined;
  readonly httpStatus: number | undefined;
  readonly endpoint: string | undefined;

  constructor(message: string, details: PaynetErrorDetails = {}) {
    super(redact(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.endpoint = details.endpoint;
  }

  /** What a log line may hold. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, kind: this.kind, code: this.code, httpStatus: this.httpStatus, endpoint: this.endpoint, message: this.message };
  }
}

/** Secret key, agent/user, access token, or Session-Key refused. */
export class PaynetAuthError extends PaynetError {
  override name = 'PaynetAuthError';
  override readonly kind = 'auth';
}

/** Paynet refused the request's content; retrying the same request cannot help. */
export class PaynetValidationError extends PaynetError {
  override name = 'PaynetValidationError';
  override readonly kind = 'validation';
}

/** The card or terminal declined. */
export class PaynetDeclinedError extends PaynetError {
  override name = 'PaynetDeclinedError';
  override readonly kind = 'declined';
}

export class PaynetRateLimitedError extends PaynetError {
  override name = 'PaynetRateLimitedError';
  override readonly kind = 'rate_limited';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: PaynetErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * No usable answer: network error, timeout, dropped connection, 5xx, or a malformed body.
 * The request may or may not have been processed; only an idempotent call may be retried.
 */
export class PaynetUnavailableError extends PaynetError {
  override name = 'PaynetUnavailableError';
  override readonly kind = 'unavailable';
  /**
   * `paynet_code`: Paynet answered with a code of its own trouble (8 servererror, 10 timeout);
   * `circuit_open`: not sent, because Paynet failed every recent call (see circuit-breaker.ts).
   */
  readonly reason: 'network' | 'timeout' | 'http_5xx' | 'malformed' | 'paynet_code' | 'circuit_open';
  constructor(message: string, reason: PaynetUnavailableError['reason'], details: PaynetErrorDetails = {}) {
    super(message, details);
    this.reason = reason;
  }
}

/** init_reversal_transaction: the sale cannot be cancelled or refunded (or is unknown). */
export class PaynetNotReversibleError extends PaynetError {
  override name = 'PaynetNotReversibleError';
  override readonly kind = 'not_reversible';
}

/** A lookup found nothing under that id or reference (return code 12 nodata, or a `no_data_error`). */
export class PaynetNoDataError extends PaynetError {
  override name = 'PaynetNoDataError';
  override readonly kind = 'no_data';
}

/**
 * Paynet answered a return code that is not in its published table. Kept with its code and
 * message; never read as success or as failure: the fate of what was asked is unknown.
 */
export class PaynetUnknownCodeError extends PaynetError {
  override name = 'PaynetUnknownCodeError';
  override readonly kind = 'unknown_code';
}

/** Whether an error leaves the fate of the call unknown (it may or may not have happened at Paynet). */
export function isFateUnknown(error: unknown): boolean {
  return error instanceof PaynetUnavailableError || error instanceof PaynetUnknownCodeError || error instanceof PaynetRateLimitedError;
}

// ---- redaction ----

const registeredSecrets = new Set<string>();

/**
 * Registers a value that must never appear in an error or log line (secret key, session key,
 * encryption key, access token). Values shorter than 6 characters are ignored: replacing them
 * would mangle ordinary words without protecting anything.
 */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) registeredSecrets.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) registeredSecrets.delete(value);
}

/** 12–19 digit runs, optionally grouped by spaces or dashes: anything that might be a PAN. */
const PAN_LIKE_RE = /\b(?:\d[ -]?){12,18}\d\b/g;

/** Removes registered secrets and PAN-like digit runs from text bound for errors and logs. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registeredSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out.replace(PAN_LIKE_RE, '[redacted-pan]');
}
