/** Card number helpers: digits, Luhn, brand, display grouping. Pure, no DOM. */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'troy';

/** Longest PAN (ISO/IEC 7812); also caps how much a paste can put in the field. */
export const MAX_CARD_DIGITS = 19;
export const MIN_CARD_DIGITS = 12;

/** Keeps ASCII digits only (spaces and dashes people type or paste are dropped). */
export function cardDigits(input: string): string {
  return input.replace(/[^0-9]/gu, '').slice(0, MAX_CARD_DIGITS);
}

export { luhnValid } from './luhn.js';

/** Brand from the leading digits (IIN ranges); undefined when unknown or too short to tell. */
export function detectBrand(digits: string): CardBrand | undefined {
  if (/^9792/u.test(digits)) return 'troy';
  if (/^3[47]/u.test(digits)) return 'amex';
  if (/^4/u.test(digits)) return 'visa';
  if (/^5[1-5]/u.test(digits)) return 'mastercard';
  const prefix4 = Number(digits.slice(0, 4));
  if (digits.length >= 4 && prefix4 >= 2221 && prefix4 <= 2720) return 'mastercard';
  return undefined;
}

/** "4242424242424242" → "4242 4242 4242 4242"; Amex as 4-6-5, the way it is embossed. */
export function formatCardNumber(input: string): string {
  const digits = cardDigits(input);
  const groups = detectBrand(digits) === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}

export function cvcLength(brand: CardBrand | undefined): number {
  return brand === 'amex' ? 4 : 3;
}
