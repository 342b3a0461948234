/**
 * What a shopper types into the amount field, turned into the contract's decimal string
 * ("1234.56"), with string and BigInt arithmetic only: a float never touches money.
 *
 * Decisions (the table test in test/amount/ holds each of them):
 * - A single `,` or `.` is the decimal mark, whichever it is: "149,90" (Turkish) and
 *   "149.90" (English) both mean 149.90. So "12,345" and "1.234" read as three decimals and
 *   are refused with `too_many_decimals` rather than guessed as thousands: in Turkey the
 *   comma is the decimal mark and the dot groups thousands, elsewhere the reverse, and a
 *   wrong guess charges a thousand times too much or too little.
 * - When both appear, the last one is the decimal mark and the other groups thousands
 *   ("1.234,56", "1,234.56"); a mark repeated ("1.234.567") or spaces (also no-break and
 *   narrow no-break spaces) group thousands. Groups must be of three digits.
 * - Only ASCII digits. Other digit sets (Arabic-Indic, full-width) are refused as
 *   `invalid`: the field is `inputmode="decimal"`, so they come from pastes, and the
 *   shopper must be able to read back what is charged.
 * - "₺", "TL" and "TRY" around the number are allowed; signs, exponents, "NaN" and
 *   "Infinity" are not.
 */

export type AmountError = 'empty' | 'invalid' | 'negative' | 'zero' | 'too_many_decimals' | 'too_large';

export type ParsedAmount = { ok: true; value: string } | { ok: false; error: AmountError };

export interface ParseAmountOptions {
  /** Largest accepted amount in minor units (kuruş). Default MAX_AMOUNT_MINOR. */
  maxMinor?: bigint;
}

/** 1,000,000.00 TRY. */
export const MAX_AMOUNT_MINOR = 100_000_000n;

/** Past this many characters nothing sensible is being typed; checked before any work. */
const MAX_INPUT_LENGTH = 64;

const SPACES = /[\u0020\u00a0\u2007\u2009\u202f]/gu;
const CURRENCY_AFFIX = /^(?:₺|TRY|TL)\s*|\s*(?:₺|TRY|TL)$/giu;
const SHAPE = /^[0-9][0-9.,\u0020\u00a0\u2007\u2009\u202f]*$|^[.,][0-9]+$/u;
const MINUS = /^[-\u2212]/u;

export function parseAmount(input: string, options: ParseAmountOptions = {}): ParsedAmount {
  const maxMinor = options.maxMinor ?? MAX_AMOUNT_MINOR;
  let text = input.trim();
  if (text === '') return fail('empty');
  if (text.length > MAX_INPUT_LENGTH) return fail('too_large');
  text = text.replace(CURRENCY_AFFIX, '').trim();
  if (text === '') return fail('invalid');
  if (MINUS.test(text)) {
    return parseAmount(text.slice(1), { maxMinor: MAX_AMOUNT_MINOR * 1_000_000n }).ok ? fail('negative') : fail('invalid');
  }
  if (!SHAPE.test(text)) return fail('invalid');

  const split = splitDecimal(text);
  if (split === undefined) return fail('invalid');
  const { integerPart, fraction } = split;
  if (fraction.length > 2) return fail('too_many_decimals');

  const integerDigits = ungroup(integerPart);
  if (integerDigits === undefined) return fail('invalid');

  const minor = BigInt(integerDigits === '' ? '0' : integerDigits) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (minor === 0n) return fail('zero');
  if (minor > maxMinor) return fail('too_large');
  return { ok: true, value: formatMinor(minor) };
}

/** "12345" kuruş → "123.45". */
export function formatMinor(minor: bigint): string {
  const units = minor / 100n;
  const cents = minor % 100n;
  return `${units}.${cents.toString().padStart(2, '0')}`;
}

/** "123.45" (a contract amount) → 12345n; undefined for anything else. */
export function toMinor(value: string): bigint | undefined {
  const match = /^(\d{1,18})(?:\.(\d{1,2}))?$/u.exec(value);
  if (match === null) return undefined;
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

function fail(error: AmountError): ParsedAmount {
  return { ok: false, error };
}

/** Finds the decimal mark (see the module comment); undefined when the marks contradict each other. */
function splitDecimal(text: string): { integerPart: string; fraction: string } | undefined {
  const commas = count(text, ',');
  const dots = count(text, '.');
  let mark: ',' | '.' | undefined;
  if (commas > 0 && dots > 0) {
    mark = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    if (count(text, mark) > 1) return undefined;
  } else if (commas === 1) {
    mark = ',';
  } else if (dots === 1) {
    mark = '.';
  }
  if (mark === undefined) return { integerPart: text, fraction: '' };
  const at = text.lastIndexOf(mark);
  const fraction = text.slice(at + 1);
  // "149," and "149,9 0": a mark must be followed by digits only.
  if (!/^[0-9]+$/u.test(fraction)) return undefined;
  return { integerPart: text.slice(0, at), fraction };
}

/**
 * "1.234.567" / "1,234" / "1 234" / "1234" → "1234567"…; undefined when the grouping is
 * not thousands (e.g. "12.34.567") or mixes two separators.
 */
function ungroup(integerPart: string): string | undefined {
  const normalised = integerPart.replace(SPACES, ' ');
  const separators = new Set(normalised.replace(/[0-9]/gu, ''));
  if (separators.size === 0) return normalised;
  if (separators.size > 1) return undefined;
  const [separator] = separators;
  const groups = normalised.split(separator ?? ' ');
  const [first, ...rest] = groups;
  if (first === undefined || !/^[0-9]{1,3}$/u.test(first)) return undefined;
  if (!rest.every((group) => /^[0-9]{3}$/u.test(group))) return undefined;
  return groups.join('');
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
