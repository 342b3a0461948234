/**
 * Paynet's return codes, as published on its "Hata Kodları" page (paynet-api.md §4), with
 * Paynet's own names. A 200 answer carries one as `code`; an error object (non-200) as
 * `result_code`. This table is the one vocabulary: the client reads answers with it and the
 * simulator speaks it. Nothing here is ours except the grouping in `RETURN_CODE_MEANING`,
 * which says what a code lets the kit conclude.
 */
export const ReturnCode = {
  successful: 0,
  unsuccessful: 1,
  companyblocked: 2,
  agentblocked: 3,
  agentnotfound: 4,
  duplicatedata: 5,
  noprocess: 6,
  unauthorized: 7,
  servererror: 8,
  notimplemented: 9,
  timeout: 10,
  badrequest: 11,
  nodata: 12,
  paynetjnosession: 13,
  paynetjwrongbin: 14,
  paynetjunmatchtran: 15,
  paynetj3derror: 16,
  paynetjusedsession: 17,
  wrongcarddata: 18,
  wrongtransactiontype: 19,
  wrongpostype: 20,
  wrongratioget: 21,
  /** v2/transaction/payment retried with the same reference_no: the earlier success ("Önceki Başarılı İşlem"). */
  oldsuccessful: 100,
} as const;

export type ReturnCodeName = keyof typeof ReturnCode;
export type ReturnCodeValue = (typeof ReturnCode)[ReturnCodeName];

/**
 * What a return code lets the kit conclude, whatever the endpoint:
 * - `ok`: the call did what was asked;
 * - `auth`: the credentials or the session key were refused (renew the key once, then give up);
 * - `config`: this merchant cannot do this (blocked, unknown agent, not implemented): a human must act;
 * - `invalid`: the request was wrong; the same request cannot succeed;
 * - `declined`: the card or the transaction was refused: a final answer about the money;
 * - `transient`: Paynet's own trouble; the fate of a write is unknown, a read may be retried;
 * - `nodata`: Paynet has no such record (for a lookup: nothing was done under that reference).
 * A code not in the table is `unknown`: kept with its message, retried with backoff where
 * that is safe, and never read as success or as failure.
 */
export type ReturnCodeMeaning = 'ok' | 'auth' | 'config' | 'invalid' | 'declined' | 'transient' | 'nodata' | 'unknown';

const MEANING: Readonly<Record<ReturnCodeValue, ReturnCodeMeaning>> = {
  0: 'ok',
  100: 'ok',
  1: 'declined',
  2: 'config',
  3: 'config',
  4: 'config',
  5: 'invalid',
  6: 'invalid',
  7: 'auth',
  8: 'transient',
  9: 'config',
  10: 'transient',
  11: 'invalid',
  12: 'nodata',
  13: 'invalid',
  14: 'declined',
  15: 'invalid',
  16: 'declined',
  17: 'invalid',
  18: 'declined',
  19: 'invalid',
  20: 'invalid',
  21: 'invalid',
};

export function isKnownReturnCode(code: number): code is ReturnCodeValue {
  return Object.prototype.hasOwnProperty.call(MEANING, code);
}

export function returnCodeMeaning(code: number): ReturnCodeMeaning {
  return isKnownReturnCode(code) ? MEANING[code] : 'unknown';
}

/** Paynet's name of a code ("agentnotfound"), or undefined for a code not in its table. */
export function returnCodeName(code: number): ReturnCodeName | undefined {
  for (const [name, value] of Object.entries(ReturnCode)) if (value === code) return name as ReturnCodeName;
  return undefined;
}
