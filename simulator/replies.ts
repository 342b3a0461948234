/**
 * What the simulator's handlers answer, in Paynet's own vocabulary (server/paynet, written
 * from paynet-api.md §4): a 200 with `{object_name, code, message}`, or an error with an
 * HTTP status, an error `type` and a return code. Quirks (quirks.ts) decide how either is
 * written on the wire. The device cloud API has its own shape, `{status: "failure",
 * errorCode, errorMessage}`, and no quirks.
 */
import { DeviceErrorCode, ReturnCode, type PaynetErrorType } from '../server/paynet/index.js';
import type { Answer, PaynetErrorAnswer, PaynetOkAnswer } from './quirks.js';

export const SUCCESS_MESSAGE = 'Başarılı İşlem';
export const PREVIOUS_SUCCESS_MESSAGE = 'Önceki Başarılı İşlem';

export function paynetOk(objectName: string, fields: Record<string, unknown>, code: number = ReturnCode.successful, message = SUCCESS_MESSAGE): PaynetOkAnswer {
  return { kind: 'ok', objectName, code, message, fields };
}

export function paynetError(httpStatus: number, type: PaynetErrorType, resultCode: number, message: string): PaynetErrorAnswer {
  return { kind: 'error', httpStatus, type, resultCode, message };
}

/** The error answers of §4's defaults, one per situation (docs/paynet-simulator.md). */
export const errors = {
  /** Malformed request: a field missing, of the wrong type or out of range. */
  badRequest: (message: string, httpStatus = 400) => paynetError(httpStatus, 'invalid_request_error', ReturnCode.badrequest, message),
  /** Wrong Basic secret key; unknown, expired or logged-out Session-Key. */
  unauthorized: (message: string) => paynetError(401, 'authorization_error', ReturnCode.unauthorized, message),
  /** The merchant may not use this service (non-3D payments). Paynet does not document this code. */
  forbidden: (message: string) => paynetError(403, 'authorization_error', ReturnCode.unauthorized, message),
  /** get_auth_key with an agent_id Paynet does not know. */
  agentNotFound: (message: string) => paynetError(401, 'authorization_error', ReturnCode.agentnotfound, message),
  /** reference_no already used. */
  duplicate: (message: string) => paynetError(400, 'invalid_request_error', ReturnCode.duplicatedata, message),
  /** Unknown payment_session_id / xact_id; a lookup that found nothing (quirk). */
  noData: (message: string) => paynetError(404, 'no_data_error', ReturnCode.nodata, message),
  /** The transaction cannot be cancelled or refunded (already reversed, failed, a reversal itself). */
  noProcess: (message: string) => paynetError(400, 'invalid_request_error', ReturnCode.noprocess, message),
} as const;

export function deviceError(errorCode: number, errorMessage: string, fields: Record<string, unknown> = {}): Answer {
  const status = errorCode === DeviceErrorCode.UNAUTHORIZED ? 401 : 400;
  return { kind: 'raw', reply: { status, body: { status: 'failure', errorCode, errorMessage, ...fields } } };
}

export function deviceOk(body: Record<string, unknown>): Answer {
  return { kind: 'raw', reply: { status: 200, body } };
}

/** Thrown by the field readers in validate.ts; the router turns it into each API's validation error. */
export class InvalidRequest extends Error {
  override name = 'InvalidRequest';
}

export function validationAnswer(family: 'paynet' | 'device', message: string, httpStatus = 400): Answer {
  if (family === 'paynet') return errors.badRequest(message, httpStatus);
  const answer = deviceError(DeviceErrorCode.VALIDATION, message);
  if (answer.kind === 'raw') answer.reply.status = httpStatus;
  return answer;
}
