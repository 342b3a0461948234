/**
 * Which typed error a Paynet code is, as data, the way stripe-node's `generateV1Error` maps
 * the provider's error types to its classes: each vocabulary (Paynet's return codes, the
 * device API's `errorCode`s) is a table from code to error kind, and one function builds the
 * error of that kind. A new code is a table row, not a new branch.
 */
import {
  PaynetAuthError,
  PaynetDeclinedError,
  PaynetError,
  PaynetNoDataError,
  PaynetUnavailableError,
  PaynetUnknownCodeError,
  PaynetValidationError,
  type PaynetErrorKind,
} from './errors.js';
import { DeviceErrorCode } from './paynet/device-codes.js';
import { returnCodeMeaning, type ReturnCodeMeaning } from './paynet/return-codes.js';

export interface CodeErrorDetails {
  code: number;
  httpStatus?: number;
  endpoint?: string;
}

/** The kinds a code alone can say; a rate limit (HTTP 429) and "not reversible" (one endpoint's reading) come from elsewhere. */
type CodeErrorKind = Exclude<PaynetErrorKind, 'rate_limited' | 'not_reversible'>;

const ERROR_OF_KIND: Readonly<Record<CodeErrorKind, (message: string, details: CodeErrorDetails) => PaynetError>> = {
  auth: (message, details) => new PaynetAuthError(message, details),
  validation: (message, details) => new PaynetValidationError(message, details),
  declined: (message, details) => new PaynetDeclinedError(message, details),
  unavailable: (message, details) => new PaynetUnavailableError(message, 'paynet_code', details),
  no_data: (message, details) => new PaynetNoDataError(message, details),
  unknown_code: (message, details) => new PaynetUnknownCodeError(message, details),
  paynet: (message, details) => new PaynetError(message, details),
};

/** A return code's meaning (return-codes.ts says what each code means) → the error it is. */
const RETURN_CODE_ERROR: Readonly<Record<ReturnCodeMeaning, CodeErrorKind>> = {
  auth: 'auth',
  config: 'auth',
  invalid: 'validation',
  declined: 'declined',
  transient: 'unavailable',
  nodata: 'no_data',
  // A success code where it does not belong (100 outside a payment retry): not ours to read.
  ok: 'unknown_code',
  unknown: 'unknown_code',
};

/** A device API `errorCode` (the non-zero codes are ours: device-codes.ts) → the error it is; any other is unknown. */
const DEVICE_CODE_ERROR: ReadonlyMap<number, CodeErrorKind> = new Map<number, CodeErrorKind>([
  [DeviceErrorCode.UNAUTHORIZED, 'auth'],
  [DeviceErrorCode.VALIDATION, 'validation'],
  [DeviceErrorCode.UNKNOWN_DEVICE, 'validation'],
  [DeviceErrorCode.DUPLICATE_REFERENCE, 'validation'],
  [DeviceErrorCode.DECLINED, 'declined'],
  // Known, and no verdict on the money: a plain PaynetError.
  [DeviceErrorCode.NOT_FOUND, 'paynet'],
  [DeviceErrorCode.IN_PROGRESS, 'paynet'],
  [DeviceErrorCode.DEVICE_BUSY, 'paynet'],
]);

const KIND_OF_CODE = {
  returnCode: (code: number): CodeErrorKind => RETURN_CODE_ERROR[returnCodeMeaning(code)],
  device: (code: number): CodeErrorKind => DEVICE_CODE_ERROR.get(code) ?? 'unknown_code',
} as const;

export type CodeVocabulary = keyof typeof KIND_OF_CODE;

/** A code Paynet answered instead of a usable answer → its typed error, looked up in its vocabulary's table. */
export function errorForCode(vocabulary: CodeVocabulary, code: number, message: string, details: CodeErrorDetails): PaynetError {
  return ERROR_OF_KIND[KIND_OF_CODE[vocabulary](code)](message, details);
}
