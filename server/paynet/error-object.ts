/**
 * Paynet's HTTP error object (paynet-api.md §4): every non-200 answer is
 * `{type, message, code, result_code}`, where `code` repeats the HTTP status and
 * `result_code` is a return code (return-codes.ts). Older pages show errors as a 400 with
 * `{object_name, code, message}` instead; `readErrorObject` accepts both.
 */
import { readCode } from './tolerant-read.js';

export const ERROR_TYPES = ['api_error', 'invalid_request_error', 'authorization_error', 'no_data_error'] as const;
export type PaynetErrorType = (typeof ERROR_TYPES)[number];

export interface PaynetErrorObject {
  type: PaynetErrorType;
  message: string;
  /** The HTTP status again. */
  code: number;
  /** A return code. */
  result_code: number;
}

export interface ReadError {
  type?: PaynetErrorType;
  /** The return code: `result_code`, else (envelope form) `code`. */
  resultCode?: number;
  message?: string;
}

/** Reads a non-200 body in either documented shape; fields it cannot read are left out. */
export function readErrorObject(body: Record<string, unknown>, httpStatus: number): ReadError {
  const out: ReadError = {};
  if (typeof body.type === 'string' && (ERROR_TYPES as readonly string[]).includes(body.type)) out.type = body.type as PaynetErrorType;
  const resultCode = readCode(body.result_code);
  const code = readCode(body.code);
  // In the error-object form `code` is the HTTP status; only without `result_code` is it a return code.
  if (resultCode !== undefined) out.resultCode = resultCode;
  else if (code !== undefined && !(out.type !== undefined && code === httpStatus)) out.resultCode = code;
  if (typeof body.message === 'string' && body.message) out.message = body.message;
  return out;
}
