/**
 * Hand-written shape checks for every merchant-backend answer. The backend is ours but the
 * network is not: an answer that does not have the contract's shape is treated as an error
 * (`malformed`), never half-used.
 */
import {
  FINAL_STATUSES,
  type DeviceInfo,
  type DevicesResponse,
  type ErrorResponse,
  type Reason,
  type SessionResponse,
  type SessionStatus,
  type StatusResponse,
  type TransactionSummary,
} from '../contract.js';

type Json = Record<string, unknown>;

/** Every status the contract names, so a new final one (`needs_review`) is read, not refused. */
const SESSION_STATUSES: readonly SessionStatus[] = ['pending', ...FINAL_STATUSES];
/** "149.90": a dot and exactly two decimals, as the contract says. */
const AMOUNT = /^\d{1,15}\.\d{2}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isString(value: unknown): value is string {
  return typeof value === 'string';
}
function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
function isInstalment(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 36;
}
function isDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

export function isReason(value: unknown): value is Reason {
  return isObject(value) && isNonEmptyString(value.code) && isString(value.message);
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return isObject(value) && isReason(value.error);
}

export function isDeviceInfo(value: unknown): value is DeviceInfo {
  return isObject(value) && isNonEmptyString(value.deviceId) && isString(value.label);
}

export function isDevicesResponse(value: unknown): value is DevicesResponse {
  return isObject(value) && Array.isArray(value.devices) && value.devices.every(isDeviceInfo);
}

export function isTransactionSummary(value: unknown): value is TransactionSummary {
  if (!isObject(value)) return false;
  const optionalStrings = [
    'xactId', 'xactDate', 'cardMasked', 'cardHolder', 'authorizationCode',
    'paymentId', 'hostReference', 'voidHostReference', 'refundHostReference',
  ];
  return (
    isString(value.referenceNo) &&
    isString(value.amount) &&
    AMOUNT.test(value.amount) &&
    value.currency === 'TRY' &&
    isInstalment(value.instalment) &&
    optionalStrings.every((key) => isOptionalString(value[key]))
  );
}

export function isSessionResponse(value: unknown): value is SessionResponse {
  if (!isObject(value)) return false;
  const handoffOk =
    value.handoff === 'paypos'
      ? isNonEmptyString(value.deeplinkUrl)
      : value.handoff === 'device' && (value.deeplinkUrl === null || isNonEmptyString(value.deeplinkUrl));
  return (
    isNonEmptyString(value.sessionId) &&
    (value.kind === 'sale' || value.kind === 'reversal') &&
    handoffOk &&
    isString(value.referenceNo) &&
    isString(value.amount) &&
    AMOUNT.test(value.amount) &&
    value.currency === 'TRY' &&
    isInstalment(value.instalment) &&
    isDate(value.expiresAt) &&
    isNonEmptyString(value.statusUrl) &&
    (value.device === undefined || isDeviceInfo(value.device))
  );
}

/**
 * A status answer. `transaction` is not required for `succeeded`: a success whose details
 * are missing is still a success, and must never be turned into an error.
 */
export function isStatusResponse(value: unknown): value is StatusResponse {
  return (
    isObject(value) &&
    isNonEmptyString(value.sessionId) &&
    (value.kind === 'sale' || value.kind === 'reversal') &&
    SESSION_STATUSES.includes(value.status as SessionStatus) &&
    isDate(value.expiresAt) &&
    (value.transaction === undefined || isTransactionSummary(value.transaction)) &&
    (value.reason === undefined || isReason(value.reason))
  );
}
