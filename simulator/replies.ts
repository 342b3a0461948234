/**
 * The two error shapes the simulator speaks: Paynet's `{object_name, code, message}` (HTTP 400)
 * and the device cloud API's `{status: "failure", errorCode, errorMessage}`.
 */
import { DeviceErrorCode, PaynetCode } from '../server/paynet-codes.js';
import type { Reply } from './http-io.js';

export const SUCCESS_MESSAGE = 'Başarılı İşlem';
export const PREVIOUS_SUCCESS_MESSAGE = 'Önceki Başarılı İşlem';

export function paynetOk(objectName: string, fields: Record<string, unknown>): Reply {
  return { status: 200, body: { ...fields, object_name: objectName, code: PaynetCode.OK, message: SUCCESS_MESSAGE } };
}

export function paynetError(code: number, message: string): Reply {
  return { status: 400, body: { object_name: 'error', code, message } };
}

export function deviceError(errorCode: number, errorMessage: string, fields: Record<string, unknown> = {}): Reply {
  const status = errorCode === DeviceErrorCode.UNAUTHORIZED ? 401 : 400;
  return { status, body: { status: 'failure', errorCode, errorMessage, ...fields } };
}

/** Thrown by the field readers in validate.ts; the router turns it into each API's validation error. */
export class InvalidRequest extends Error {
  override name = 'InvalidRequest';
}

export function validationReply(family: 'paynet' | 'device', message: string): Reply {
  return family === 'paynet' ? paynetError(PaynetCode.VALIDATION, message) : deviceError(DeviceErrorCode.VALIDATION, message);
}
