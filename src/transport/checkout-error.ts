/**
 * A failed merchant-backend call as the flow shows it: the transport's typed error becomes a
 * CheckoutError, whose `retryable` is the one errors.ts decided (never guessed again here).
 */
import type { CheckoutError } from '../flow/types.js';
import { isTransportError } from './errors.js';

/**
 * The backend's own message is shown as it wrote it; for our client-side codes the element
 * words the message (`describe`, its i18n). Anything that did not come from the transport is
 * `unknown`, and not offered for retry: nothing says trying again is safe.
 */
export function toCheckoutError(error: unknown, describe: (code: string) => string): CheckoutError {
  if (isTransportError(error)) {
    const message = error.fromServer ? error.message : describe(error.code);
    return { code: error.code, message, retryable: error.retryable };
  }
  return { code: 'unknown', message: describe('unknown'), retryable: false };
}
