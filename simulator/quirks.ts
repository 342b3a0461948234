/**
 * Where Paynet's own pages disagree with themselves (paynet-api.md §4, "Types in practice"),
 * the simulator can play each reading. Handlers never write the wire: they return an
 * `Answer` (what Paynet means) holding dates and amounts as `WireDate` / `WireAmount`, and
 * `renderAnswer` below — the one place quirks are applied — turns it into the HTTP reply the
 * current quirks call for. The default of every quirk is the reading of §4.
 *
 * Set at start (`startSimulator({quirks})`), or at run time through `PUT /_sim/quirks`
 * (docs/paynet-simulator.md, "Quirks").
 */
import type { PaynetErrorType } from '../server/paynet/index.js';
import { istanbulWall } from './clock.js';
import type { JsonObject, Reply } from './http-io.js';
import { minorToNumber } from './money.js';
import { InvalidRequest } from './replies.js';

export interface Quirks {
  /** `code` and `result_code` as numeric strings ("0"): seed 004's table types `code` as string. */
  codeAsString: boolean;
  /**
   * `expired_date` of get_auth_key and every `xact_date`: ISO 8601 with `+03:00` (as seed 004's
   * example), ISO without an offset (Istanbul wall time), or `dd.MM.yyyy HH:mm:ss` (Istanbul).
   */
  dates: 'iso-offset' | 'iso-local' | 'turkish';
  /** Amounts in answers: JSON numbers (seed 004's example), "149,90" or "149.90". */
  amounts: 'number' | 'comma' | 'dot';
  /** Non-200 answers: §4's error object, or the older HTTP 400 `{object_name, code, message}`. */
  errors: 'object' | 'envelope';
  /** A declined v2/transaction/payment: a 200 with `is_succeed: false` (seed 004), or an error with result_code 1 / 18. */
  declines: 'answer' | 'error';
  /** v1/transaction/check with nothing under that reference: `Data: []`, or 404 nodata (result_code 12). */
  emptyLookup: 'empty' | 'nodata';
  /** check_transaction of a PayPOS session past its lifetime, unpaid: `Data: []`, or 404 nodata (result_code 12). */
  expiredSession: 'empty' | 'nodata';
}

export const DEFAULT_QUIRKS: Readonly<Quirks> = Object.freeze({
  codeAsString: false,
  dates: 'iso-offset',
  amounts: 'number',
  errors: 'object',
  declines: 'answer',
  emptyLookup: 'empty',
  expiredSession: 'empty',
});

const CHOICES: { readonly [K in keyof Quirks]: readonly Quirks[K][] } = {
  codeAsString: [false, true],
  dates: ['iso-offset', 'iso-local', 'turkish'],
  amounts: ['number', 'comma', 'dot'],
  errors: ['object', 'envelope'],
  declines: ['answer', 'error'],
  emptyLookup: ['empty', 'nodata'],
  expiredSession: ['empty', 'nodata'],
};

export const QUIRK_NAMES = Object.keys(CHOICES) as Array<keyof Quirks>;

/**
 * Reads quirks from a JSON object: every field optional, missing ones taken from `base`;
 * an unknown field or value throws InvalidRequest naming it.
 */
export function parseQuirks(body: JsonObject, base: Readonly<Quirks> = DEFAULT_QUIRKS): Quirks {
  const quirks: Quirks = { ...base };
  for (const [name, value] of Object.entries(body)) {
    if (!(QUIRK_NAMES as string[]).includes(name)) throw new InvalidRequest(`unknown quirk ${name}; known: ${QUIRK_NAMES.join(', ')}`);
    const choices = CHOICES[name as keyof Quirks] as readonly unknown[];
    if (!choices.includes(value)) throw new InvalidRequest(`quirk ${name} must be one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
    (quirks as unknown as Record<string, unknown>)[name] = value;
  }
  return quirks;
}

// ---- What handlers answer ----

/** An instant Paynet writes as a date; its form is chosen by the `dates` quirk. */
export class WireDate {
  constructor(readonly ms: number) {}
}

/** An amount in kuruş; its form is chosen by the `amounts` quirk. */
export class WireAmount {
  constructor(readonly minor: number) {}
}

export const wireDate = (ms: number): WireDate => new WireDate(ms);
export const wireAmount = (minor: number): WireAmount => new WireAmount(minor);

/** A card decline that the `declines: "error"` quirk turns into an error object. */
export interface DeclineAsError {
  resultCode: number;
  message: string;
}

/** A 200 answer: the fields plus `object_name`, `code` and `message`. */
export interface PaynetOkAnswer {
  kind: 'ok';
  objectName: string;
  code: number;
  message: string;
  fields: Record<string, unknown>;
  /** Set on a declined card payment. */
  decline?: DeclineAsError;
}

/** A non-200 answer: §4's error object, or (quirk) the older envelope. */
export interface PaynetErrorAnswer {
  kind: 'error';
  httpStatus: number;
  type: PaynetErrorType;
  resultCode: number;
  message: string;
}

/** An answer of another API (the device cloud API): written as it is, no quirk applies. */
export interface RawAnswer {
  kind: 'raw';
  reply: Reply;
}

export type Answer = PaynetOkAnswer | PaynetErrorAnswer | RawAnswer;

// ---- The one place quirks are applied ----

/** HTTP status and type of a decline written as an error: ours, the pages name neither. */
const DECLINE_ERROR_STATUS = 400;
const DECLINE_ERROR_TYPE: PaynetErrorType = 'invalid_request_error';

export function renderAnswer(answer: Answer, quirks: Readonly<Quirks>): Reply {
  switch (answer.kind) {
    case 'raw':
      return answer.reply;
    case 'error':
      return renderError(answer, quirks);
    case 'ok': {
      if (answer.decline && quirks.declines === 'error') {
        return renderError({ kind: 'error', httpStatus: DECLINE_ERROR_STATUS, type: DECLINE_ERROR_TYPE, resultCode: answer.decline.resultCode, message: answer.decline.message }, quirks);
      }
      const fields = renderValue(answer.fields, quirks) as Record<string, unknown>;
      return { status: 200, body: { ...fields, object_name: answer.objectName, code: renderCode(answer.code, quirks), message: answer.message } };
    }
  }
}

function renderError(answer: PaynetErrorAnswer, quirks: Readonly<Quirks>): Reply {
  if (quirks.errors === 'envelope') return { status: 400, body: { object_name: 'error', code: renderCode(answer.resultCode, quirks), message: answer.message } };
  return {
    status: answer.httpStatus,
    body: { type: answer.type, message: answer.message, code: renderCode(answer.httpStatus, quirks), result_code: renderCode(answer.resultCode, quirks) },
  };
}

function renderCode(code: number, quirks: Readonly<Quirks>): number | string {
  return quirks.codeAsString ? String(code) : code;
}

function renderValue(value: unknown, quirks: Readonly<Quirks>): unknown {
  if (value instanceof WireDate) return renderDate(value.ms, quirks.dates);
  if (value instanceof WireAmount) return renderAmount(value.minor, quirks.amounts);
  if (Array.isArray(value)) return value.map((item) => renderValue(item, quirks));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, quirks)]));
  }
  return value;
}

export function renderDate(ms: number, form: Quirks['dates']): string {
  const w = istanbulWall(ms);
  switch (form) {
    case 'iso-offset':
      return `${w.date}T${w.time}.${w.millis}+03:00`;
    case 'iso-local':
      return `${w.date}T${w.time}.${w.millis}`;
    case 'turkish': {
      const [year, month, day] = w.date.split('-');
      return `${day}.${month}.${year} ${w.time}`;
    }
  }
}

export function renderAmount(minor: number, form: Quirks['amounts']): number | string {
  if (form === 'number') return minorToNumber(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const text = `${sign}${Math.floor(abs / 100)}${form === 'comma' ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
  return text;
}
