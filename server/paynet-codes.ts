/**
 * Paynet result codes as the kit understands them.
 *
 * Paynet answers every call with `{object_name, code, message}`; `code` 0 is success and an
 * error is HTTP 400. The reference (`paynet-api.md`) names only two codes for certain: 0 and
 * 100 ("Önceki Başarılı İşlem", a previous success for the same reference_no, seed 004). Paynet's
 * full error table is not in the reference, so the numbers below are the ones our simulator
 * speaks; the client maps them to typed errors and keeps any unknown code as a generic
 * `PaynetError` with the code preserved, so a real code we did not foresee is never lost.
 * See docs/paynet-simulator.md.
 */
export const PaynetCode = {
  OK: 0,
  /** Seed 004: a retry with the same reference_no found a previous successful payment. */
  PREVIOUS_SUCCESS: 100,
  /** A required field is missing or malformed. */
  VALIDATION: 2,
  /** Basic auth secret key wrong, or agent_id/user_id unknown. */
  AUTH_FAILED: 3,
  /** Session-Key unknown, logged out, or past its expired_date: get a new one. */
  SESSION_KEY_INVALID: 4,
  /** reference_no already used by another transaction. */
  DUPLICATE_REFERENCE: 5,
  /** payment_session_id or xact_id not found for this merchant. */
  NOT_FOUND: 6,
  /** init_reversal_transaction: the transaction cannot be cancelled or refunded. */
  NOT_REVERSIBLE: 7,
  /** Too many requests. */
  RATE_LIMITED: 9,
  /** check_transaction: the payment session expired before anything was paid. */
  PAYMENT_SESSION_EXPIRED: 10,
  /** v2/transaction/payment: merchant not authorised for non-3D payments. */
  NON_3D_NOT_ALLOWED: 11,
} as const;

export type PaynetCodeValue = (typeof PaynetCode)[keyof typeof PaynetCode];

/** Device cloud API (seed 003) `errorCode`s, same caveat: ours, documented, not Paynet's table. */
export const DeviceErrorCode = {
  OK: 0,
  VALIDATION: 1002,
  UNAUTHORIZED: 1003,
  UNKNOWN_DEVICE: 1001,
  DUPLICATE_REFERENCE: 1004,
  NOT_FOUND: 1005,
  IN_PROGRESS: 1006,
  DEVICE_BUSY: 1007,
  DECLINED: 1008,
} as const;
