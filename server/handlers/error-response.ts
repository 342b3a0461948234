/**
 * Anything a handler threw → an answer that never exposes internals. Outages answer 503 with
 * Retry-After and a code the element and a shop's monitoring can tell apart:
 * `paynet_unavailable` (Paynet unreachable, or the circuit open) and `store_unavailable` (the
 * session store did not answer in time).
 */
import {
  PaynetError,
  PaynetNotReversibleError,
  PaynetRateLimitedError,
  PaynetUnavailableError,
} from '../errors.js';
import { StoreUnavailableError } from '../store-deadline.js';
import { SessionConflictError } from '../store/session-store.js';
import { HttpError } from './http-response.js';

export function paynetUnavailable(message = 'Paynet is not reachable right now. Try again.'): HttpError {
  return new HttpError(503, 'paynet_unavailable', message, { 'retry-after': '2' });
}

export function storeUnavailable(): HttpError {
  return new HttpError(503, 'store_unavailable', 'The payment records are not reachable right now. Try again.', { 'retry-after': '2' });
}

export function errorToResponse(error: unknown, onError: (error: unknown, context: string) => void): Response {
  if (error instanceof HttpError) return error.toResponse();
  if (error instanceof StoreUnavailableError) {
    onError(error, 'store unavailable');
    return storeUnavailable().toResponse();
  }
  if (error instanceof PaynetNotReversibleError) {
    return new HttpError(422, 'not_reversible', 'Paynet says this transaction cannot be cancelled or refunded.').toResponse();
  }
  if (error instanceof PaynetRateLimitedError) {
    const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 5_000) / 1000));
    return new HttpError(503, 'paynet_busy', 'Paynet is busy. Try again shortly.', { 'retry-after': String(seconds) }).toResponse();
  }
  if (error instanceof PaynetUnavailableError) {
    onError(error, 'paynet unavailable');
    return paynetUnavailable().toResponse();
  }
  if (error instanceof PaynetError) {
    onError(error, 'paynet error');
    return new HttpError(502, 'paynet_error', 'Paynet refused the request.').toResponse();
  }
  if (error instanceof SessionConflictError) {
    return new HttpError(503, 'busy', 'The session is busy. Try again.', { 'retry-after': '1' }).toResponse();
  }
  onError(error, 'unexpected error');
  return new HttpError(500, 'internal_error', 'Something went wrong on the server.').toResponse();
}
