/**
 * Reading Paynet's answers: which are usable, and which typed error each of the others is
 * (a code's error is looked up in paynet-code-errors.ts).
 * Tolerant where Paynet's pages disagree (a `code` as number or numeric string; the §4 error
 * object or the older 400 envelope), strict where money is concerned (a code outside Paynet's
 * table is never success and never a decline: it is PaynetUnknownCodeError, fate unknown).
 */
import { PaynetAuthError, PaynetError, PaynetNoDataError, PaynetUnavailableError, PaynetValidationError } from './errors.js';
import type { PaynetHttpResponse } from './http.js';
import { errorForCode } from './paynet-code-errors.js';
import { DeviceErrorCode } from './paynet/device-codes.js';
import { readErrorObject } from './paynet/error-object.js';
import { ReturnCode, returnCodeName } from './paynet/return-codes.js';
import { readCode } from './paynet/tolerant-read.js';
import type { DeviceTransactionResponse } from './paynet/wire.js';

/**
 * The body of a usable answer (HTTP 2xx and a `code` in `okCodes`), else the typed error.
 * A non-2xx answer is read as Paynet's error object (`result_code`) or the older envelope.
 */
export function expectPaynetOk(path: string, response: PaynetHttpResponse, okCodes: readonly number[] = [ReturnCode.successful]): Record<string, unknown> {
  const { body, status } = response;
  if (status >= 200 && status < 300) {
    const code = readCode(body.code);
    if (code === undefined) {
      throw new PaynetUnavailableError(`Paynet answered ${path} without a readable code`, 'malformed', { endpoint: path, httpStatus: status });
    }
    if (okCodes.includes(code)) return body;
    throw errorForCode('returnCode', code, `${path}: ${messageOf(body, code)}`, { code, httpStatus: status, endpoint: path });
  }
  if (status >= 500) {
    throw new PaynetUnavailableError(`Paynet answered ${path} with HTTP ${status}`, 'http_5xx', { endpoint: path, httpStatus: status });
  }
  const error = readErrorObject(body, status);
  const message = `${path}: ${error.message ?? `HTTP ${status}`}`;
  const details = { httpStatus: status, endpoint: path };
  // 401 is "wrong API key" and authorization_error a refused key or permission, whatever result_code says.
  if (status === 401 || error.type === 'authorization_error') {
    return throwing(new PaynetAuthError(message, { ...details, code: error.resultCode ?? ReturnCode.unauthorized }));
  }
  if (error.resultCode !== undefined) throw errorForCode('returnCode', error.resultCode, message, { ...details, code: error.resultCode });
  if (status === 404 || error.type === 'no_data_error') return throwing(new PaynetNoDataError(message, { ...details, code: ReturnCode.nodata }));
  // A 4xx that names no code: the request was refused as such.
  throw new PaynetValidationError(message, details);
}

function throwing(error: PaynetError): never {
  throw error;
}

function messageOf(body: Record<string, unknown>, code: number): string {
  if (typeof body.message === 'string' && body.message) return body.message;
  return `Paynet code ${code}${returnCodeName(code) ? ` (${returnCodeName(code)})` : ''}`;
}

/** A device cloud API answer (seed 003): usable when `errorCode` 0 and `status: success`. */
export function expectDeviceOk(path: string, response: PaynetHttpResponse): DeviceTransactionResponse {
  const { body, status } = response;
  if (status === 401) {
    throw new PaynetAuthError(`${path}: device access token refused`, { code: DeviceErrorCode.UNAUTHORIZED, httpStatus: 401, endpoint: path });
  }
  const code = readCode(body.errorCode);
  if (code === undefined) {
    throw new PaynetUnavailableError(`Paynet answered ${path} without a readable errorCode`, 'malformed', { endpoint: path, httpStatus: status });
  }
  if (code === DeviceErrorCode.OK && body.status === 'success' && status >= 200 && status < 300) {
    return { ...body, errorCode: code } as unknown as DeviceTransactionResponse;
  }
  const message = typeof body.errorMessage === 'string' && body.errorMessage ? body.errorMessage : `device errorCode ${code}`;
  throw errorForCode('device', code, `${path}: ${message}`, { code, httpStatus: status, endpoint: path });
}
