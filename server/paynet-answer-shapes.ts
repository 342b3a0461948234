/**
 * What each endpoint's usable answer must hold beyond its success code (paynet-answers.ts
 * checks that). An answer without it is malformed: a PaynetUnavailableError, read like no
 * answer at all, never filled in by guessing.
 */
import { PaynetUnavailableError } from './errors.js';
import { readBoolean, readCode } from './paynet/tolerant-read.js';
import type { GetAuthKeyResponse, PaymentResponse, PaymentSessionResponse } from './paynet/wire.js';

function malformed(endpoint: string, subject: string, missing: string): PaynetUnavailableError {
  return new PaynetUnavailableError(`${subject} answered without ${missing}`, 'malformed', { endpoint });
}

/** get_auth_key: a session key and the date it stops working. */
export function expectAuthKey(path: string, body: Record<string, unknown>): GetAuthKeyResponse {
  if (typeof body.session_key !== 'string' || !body.session_key || body.expired_date === undefined) {
    throw malformed(path, 'get_auth_key', 'session_key/expired_date');
  }
  return body as unknown as GetAuthKeyResponse;
}

/** init_sale_transaction and init_reversal_transaction: what the phone's deeplink is made of. */
export function expectPaymentSession(path: string, body: Record<string, unknown>): PaymentSessionResponse {
  if (typeof body.payment_session_id !== 'string' || typeof body.deeplink_url !== 'string' || typeof body.encryption_key !== 'string') {
    throw malformed(path, path, 'payment_session_id/deeplink_url/encryption_key');
  }
  return body as unknown as PaymentSessionResponse;
}

/** check_transaction and transaction/check: a `Data` array, empty while nothing is found. */
export function expectDataArray<T>(path: string, body: Record<string, unknown>): T {
  if (!Array.isArray(body.Data)) throw malformed(path, path, 'a Data array');
  return body as unknown as T;
}

/** v2/transaction/payment: a readable `is_succeed` (a decline is an answer too), read into a boolean. */
export function expectPaymentVerdict(path: string, body: Record<string, unknown>): PaymentResponse {
  const succeeded = readBoolean(body.is_succeed);
  if (succeeded === undefined) throw malformed(path, 'payment', 'a readable is_succeed');
  return { ...body, is_succeed: succeeded, code: readCode(body.code) } as unknown as PaymentResponse;
}
