/**
 * How long the kit waits for Paynet and how it spaces the retries it allows itself. Which
 * endpoint may be retried at all is the client's choice (paynet-client.ts); these are the
 * defaults its options override.
 */

/** The device Sale is held until the terminal finishes or 120 s pass. */
export const DEVICE_SALE_TIMEOUT_MS = 130_000;
/** Backoff before each retry of a read (check_transaction, transaction/check, device query). */
export const READ_RETRY_DELAYS_MS: readonly number[] = [100, 400];
/** Backoff before each retry of v2/transaction/payment with the same reference_no. */
export const PAYMENT_RETRY_DELAYS_MS: readonly number[] = [250, 1_000, 3_000];
