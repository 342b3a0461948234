/**
 * Money as exact decimal strings. Our API speaks "149.90" (dot, two decimals); each Paynet
 * endpoint wants something else (a JSON number, a comma string). Conversions go through
 * integer kuruş (1/100 TRY) or plain string surgery, never through float arithmetic, so
 * "0.29" stays 0.29 and nothing charged can drift by a rounding step.
 */

/** "149.90", "0.29", "12.00": 1–7 integer digits, no leading zeros, exactly two decimals. */
const DECIMAL_AMOUNT_RE = /^(0|[1-9][0-9]{0,6})\.([0-9]{2})$/;

/** The amount in kuruş, or undefined when `value` is not a well-formed amount string. */
export function parseAmountMinor(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DECIMAL_AMOUNT_RE.exec(value);
  if (!match) return undefined;
  // At most 9 digits in all: far inside Number.MAX_SAFE_INTEGER, so this is exact.
  return Number(match[1]) * 100 + Number(match[2]);
}

export function isAmountString(value: unknown): value is string {
  return parseAmountMinor(value) !== undefined;
}

/** 14990 → "149.90". */
export function formatAmountMinor(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`not an amount in minor units: ${minor}`);
  const whole = Math.trunc(minor / 100);
  const cents = minor % 100;
  return `${whole}.${cents.toString().padStart(2, '0')}`;
}

/**
 * "149.90" → 149.9 as a JSON number. `Number()` of a decimal string with ≤ 2 decimals gives
 * the double whose shortest representation is that decimal, and JSON.stringify prints exactly
 * that: 0.29 goes on the wire as `0.29`, not `0.28999999999999998`.
 */
export function amountToNumber(amount: string): number {
  if (!isAmountString(amount)) throw new RangeError(`not an amount string: ${JSON.stringify(amount)}`);
  return Number(amount);
}

/** "149.90" → "149,90" (v2/transaction/payment wants a comma decimal separator). */
export function amountToCommaString(amount: string): string {
  if (!isAmountString(amount)) throw new RangeError(`not an amount string: ${JSON.stringify(amount)}`);
  return amount.replace('.', ',');
}

/**
 * A Paynet amount (JSON number such as 149.9, or a string "149,90" / "149.90") back to
 * "149.90". Parses the shortest decimal representation rather than multiplying by 100, so no
 * float error creeps in. Undefined for anything that is not a non-negative amount with at
 * most two decimals.
 */
export function amountFromPaynet(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim().replace(',', '.');
  } else {
    return undefined;
  }
  const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(text);
  if (!match) return undefined;
  const whole = match[1]!.replace(/^0+(?=[0-9])/, '');
  if (whole.length > 13) return undefined;
  return `${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}
