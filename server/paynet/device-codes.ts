/**
 * POS device cloud API `errorCode`s. Seed 003 documents only `0` (success) and
 * `status: success|failure`; the non-zero numbers below are ours, spoken by our simulator
 * and read by our client. A code outside this list is kept with its message as an unknown
 * failure, never read as success. See docs/paynet-simulator.md.
 */
export const DeviceErrorCode = {
  OK: 0,
  UNKNOWN_DEVICE: 1001,
  VALIDATION: 1002,
  UNAUTHORIZED: 1003,
  DUPLICATE_REFERENCE: 1004,
  NOT_FOUND: 1005,
  IN_PROGRESS: 1006,
  DEVICE_BUSY: 1007,
  DECLINED: 1008,
} as const;
