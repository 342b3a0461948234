/** The card form's fields checked together, giving either the contract's card object or one error per field. */
import type { CardPaymentRequest } from '../../contract.js';
import { cardDigits, cvcLength, detectBrand, luhnValid, MAX_CARD_DIGITS, MIN_CARD_DIGITS } from './card-number.js';
import type { CardDraft, CardField, CardFieldError } from './card-draft.js';
import { parseExpiry } from './expiry.js';

export { emptyCardDraft, type CardDraft, type CardField, type CardFieldError } from './card-draft.js';

export type CardValidation =
  | { ok: true; card: CardPaymentRequest['card'] }
  | { ok: false; errors: Partial<Record<CardField, CardFieldError>> };

export function validateCard(draft: CardDraft, today: Date = new Date()): CardValidation {
  const errors: Partial<Record<CardField, CardFieldError>> = {};
  const holder = draft.holder.trim().replace(/\s+/gu, ' ');
  if (holder === '') errors.holder = 'empty';
  else if (holder.length > 64 || /[0-9<>]/u.test(holder)) errors.holder = 'invalid';

  const number = cardDigits(draft.number);
  const brand = detectBrand(number);
  if (number === '') errors.number = 'empty';
  else if (
    /[^0-9\s-]/u.test(draft.number) ||
    number.length < MIN_CARD_DIGITS ||
    number.length > MAX_CARD_DIGITS ||
    (brand === 'amex' && number.length !== 15) ||
    !luhnValid(number)
  ) {
    errors.number = 'invalid';
  }

  const expiry = parseExpiry(draft.expiry, today);
  if (draft.expiry.trim() === '') errors.expiry = 'empty';
  else if (!expiry.ok) errors.expiry = expiry.error;

  const cvc = draft.cvc.trim();
  if (cvc === '') errors.cvc = 'empty';
  else if (!/^[0-9]+$/u.test(cvc) || cvc.length !== cvcLength(brand)) errors.cvc = 'invalid';

  if (Object.keys(errors).length > 0 || !expiry.ok) return { ok: false, errors };
  return { ok: true, card: { holder, number, month: expiry.month, year: expiry.year, cvc } };
}
