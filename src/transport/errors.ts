/** Typed failures of a merchant-backend call: what went wrong, and whether trying again may help. */

export type TransportErrorKind = 'network' | 'timeout' | 'http' | 'malformed' | 'aborted';

export interface TransportErrorInit {
  kind: TransportErrorKind;
  code: string;
  message: string;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly kind: TransportErrorKind;
  /** A client code (`network`, `timeout`, `malformed_response`, `aborted`, `http_503`) or the backend's `error.code`. */
  readonly code: string;
  readonly status: number | undefined;
  /** The server's Retry-After, when it sent one with the error (429, 503). */
  readonly retryAfterMs: number | undefined;
  /** True when the same request may succeed later: network, timeout, 5xx, 429, 409 in progress, malformed. */
  readonly retryable: boolean;
  /** True when `message` is the backend's own text (shown as-is), false when it is ours. */
  readonly fromServer: boolean;

  constructor(init: TransportErrorInit & { fromServer?: boolean }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.fromServer = init.fromServer ?? false;
    this.retryable = isRetryable(init.kind, init.status, init.code);
  }
}

/**
 * The backend kit answers 409 `idempotency_in_progress` while the first request with the same
 * Idempotency-Key is still talking to Paynet (e.g. our retry after a client-side timeout): the
 * same press will get its session once that finishes, so it is worth asking again.
 */
const IN_PROGRESS_CODE = 'idempotency_in_progress';

function isRetryable(kind: TransportErrorKind, status: number | undefined, code: string): boolean {
  switch (kind) {
    case 'network':
    case 'timeout':
    case 'malformed':
      return true;
    case 'aborted':
      return false;
    case 'http':
      return (
        status !== undefined &&
        (status >= 500 || status === 429 || status === 408 || (status === 409 && code === IN_PROGRESS_CODE))
      );
  }
}

export function isTransportError(value: unknown): value is TransportError {
  return value instanceof TransportError;
}
