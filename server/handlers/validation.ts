/**
 * Input checks for the browser-facing routes. Every failure is a 400 with its own code and a
 * message that names the field; nothing a client sends can reach Paynet unchecked or cause a
 * 5xx.
 */
import type { CardPaymentRequest, CreateReversalRequest, CreateSessionRequest, SessionHandoff } from '../../src/contract.js';
import { luhnValid } from '../../src/modes/card/luhn.js';
import { parseAmountMinor } from '../decimal.js';
import { HttpError } from './http-response.js';

export const MIN_INSTALMENT = 1;
export const MAX_INSTALMENT = 12;
/** Order references and descriptions travel to Paynet and back to receipts: keep them short and printable. */
export const MAX_REFERENCE_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 200;
/** Expiry years accepted ahead of now; cards are not issued for longer. */
export const MAX_CARD_YEARS_AHEAD = 20;

const REFERENCE_RE = /^[A-Za-z0-9._:\-/#]{1,64}$/;
// Printable text without control characters or angle brackets (it may end up in a back office).
const DESCRIPTION_RE = /^[^\p{Cc}<>]{1,200}$/u;
const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;
const SESSION_ID_RE = /^[A-Za-z0-9_-]{22}$/;

function bad(code: string, message: string): HttpError {
  return new HttpError(400, code, message);
}

/** Checks amount syntax and bounds; returns it in kuruş. */
export function checkAmount(value: unknown, maxAmountMinor: number, field = 'amount'): number {
  const minor = parseAmountMinor(value);
  if (minor === undefined) {
    throw bad('invalid_amount', `${field} must be a string with a dot and two decimals, like "149.90".`);
  }
  if (minor <= 0) throw bad('invalid_amount', `${field} must be greater than zero.`);
  if (minor > maxAmountMinor) throw bad('amount_too_large', `${field} is above the limit of this shop.`);
  return minor;
}

export function checkInstalment(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_INSTALMENT || value > MAX_INSTALMENT) {
    throw bad('invalid_instalment', `instalment must be an integer from ${MIN_INSTALMENT} to ${MAX_INSTALMENT}.`);
  }
  return value;
}

function checkCurrency(value: unknown): 'TRY' {
  if (value !== 'TRY') throw bad('invalid_currency', 'currency must be "TRY".');
  return value;
}

function optionalReference(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !REFERENCE_RE.test(value)) {
    throw bad('invalid_reference', `reference must be 1–${MAX_REFERENCE_LENGTH} letters, digits or . _ : - / #.`);
  }
  return value;
}

function optionalDescription(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !DESCRIPTION_RE.test(value)) {
    throw bad('invalid_description', `description must be 1–${MAX_DESCRIPTION_LENGTH} printable characters without < or >.`);
  }
  return value;
}

export function parseCreateSession(body: Record<string, unknown>, maxAmountMinor: number): CreateSessionRequest {
  checkAmount(body.amount, maxAmountMinor);
  const request: CreateSessionRequest = {
    amount: body.amount as string,
    instalment: checkInstalment(body.instalment),
    currency: checkCurrency(body.currency),
  };
  const reference = optionalReference(body.reference);
  if (reference !== undefined) request.reference = reference;
  const description = optionalDescription(body.description);
  if (description !== undefined) request.description = description;
  const handoff = body.handoff ?? 'paypos';
  if (handoff !== 'paypos' && handoff !== 'device') throw bad('invalid_handoff', 'handoff must be "paypos" or "device".');
  request.handoff = handoff as SessionHandoff;
  if (handoff === 'device') {
    if (typeof body.deviceId !== 'string' || body.deviceId.length === 0 || body.deviceId.length > 64) {
      throw bad('invalid_device', 'deviceId is required for device handoff.');
    }
    request.deviceId = body.deviceId;
  } else if (body.deviceId !== undefined) {
    throw bad('invalid_device', 'deviceId is only for device handoff.');
  }
  return request;
}

export function parseCreateReversal(body: Record<string, unknown>): CreateReversalRequest {
  if (typeof body.saleSessionId !== 'string' || !isSessionId(body.saleSessionId)) {
    throw bad('invalid_sale_session', 'saleSessionId must be the session id of a paid sale.');
  }
  const request: CreateReversalRequest = { saleSessionId: body.saleSessionId };
  const reference = optionalReference(body.reference);
  if (reference !== undefined) request.reference = reference;
  return request;
}

export function parseCardPayment(body: Record<string, unknown>, maxAmountMinor: number, now: Date): CardPaymentRequest {
  checkAmount(body.amount, maxAmountMinor);
  const instalment = checkInstalment(body.instalment);
  const currency = checkCurrency(body.currency);
  const reference = optionalReference(body.reference);
  const card = body.card;
  if (typeof card !== 'object' || card === null || Array.isArray(card)) throw bad('invalid_card', 'card is required.');
  const { holder, number, month, year, cvc } = card as Record<string, unknown>;
  if (typeof holder !== 'string' || !/^[\p{L}][\p{L} .'-]{1,63}$/u.test(holder.trim())) {
    throw bad('invalid_card_holder', 'card.holder must be the name on the card.');
  }
  if (typeof number !== 'string' || !/^[0-9]{12,19}$/.test(number) || !luhnValid(number)) {
    throw bad('invalid_card_number', 'card.number is not a valid card number.');
  }
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) {
    throw bad('invalid_card_expiry', 'card.month must be 1–12.');
  }
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    throw bad('invalid_card_expiry', 'card.year must have four digits.');
  }
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (year < thisYear || (year === thisYear && month < thisMonth)) throw bad('card_expired', 'The card has expired.');
  if (year > thisYear + MAX_CARD_YEARS_AHEAD) throw bad('invalid_card_expiry', 'card.year is too far ahead.');
  if (typeof cvc !== 'string' || !/^[0-9]{3,4}$/.test(cvc)) throw bad('invalid_cvc', 'card.cvc must be 3 or 4 digits.');
  const request: CardPaymentRequest = {
    amount: body.amount as string,
    instalment,
    currency,
    card: { holder: holder.trim(), number, month, year, cvc },
  };
  if (reference !== undefined) request.reference = reference;
  return request;
}

export function isSessionId(value: string): boolean {
  return SESSION_ID_RE.test(value);
}

/** The Idempotency-Key header, if any; a malformed one is a 400 rather than silently ignored. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (!IDEMPOTENCY_KEY_RE.test(key)) throw bad('invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters.');
  return key;
}
