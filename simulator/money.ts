/**
 * Amounts are kept in kuruş (integer 1/100 TRY) inside the simulator and converted only at
 * the wire, so no float arithmetic ever touches a charged amount.
 */

/** Up to 7 integer digits: 9,999,999.99 TRY is far above any single card payment. */
const MAX_AMOUNT_MINOR = 999_999_999;
/** The simulated merchant's commission rate, in basis points (2.49 %). */
export const COMMISSION_RATE_BP = 249;

/**
 * A JSON number amount (init_sale_transaction, device API) in kuruş, or undefined when it
 * is not a positive number with at most two decimals. Judged on the number's shortest
 * decimal form, which is what the caller wrote on the wire.
 */
export function minorFromNumber(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) return undefined;
  return toMinor(match[1] ?? '0', match[2] ?? '');
}

/** "149,90" (v2/transaction/payment: comma decimal separator) in kuruş, or undefined. */
export function minorFromCommaString(value: unknown): number | undefined {
  return minorFromDecimalString(value, ',');
}

/** "149,90" or "149.90" (no grouping: "1.234,56" is refused) in kuruş, or undefined. */
export function minorFromDecimalString(value: unknown, separator: ',' | '.'): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = new RegExp(`^(\\d{1,7})(?:\\${separator}(\\d{1,2}))?$`).exec(value);
  if (!match) return undefined;
  const minor = toMinor(match[1] ?? '0', match[2] ?? '');
  return minor !== undefined && minor > 0 ? minor : undefined;
}

/**
 * v2/transaction/payment's `amount` in every form Paynet's own page uses: its table asks for a
 * comma ("12,50"), its request example sends a JSON number (12.5); a dot string ("12.50") is
 * what most clients send. Each at most two decimals, greater than 0.
 */
export function minorFromPaymentAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return minorFromNumber(value);
  return minorFromDecimalString(value, ',') ?? minorFromDecimalString(value, '.');
}

function toMinor(whole: string, fraction: string): number | undefined {
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minor <= MAX_AMOUNT_MINOR ? minor : undefined;
}

/** 14990 → 149.9, the JSON number Paynet answers with. Exact: the division rounds to the nearest double of a 2-decimal value. */
export function minorToNumber(minor: number): number {
  return minor / 100;
}

export function commissionMinor(amountMinor: number): number {
  return Math.round((amountMinor * COMMISSION_RATE_BP) / 10_000);
}

export interface Charge {
  /** What the card is charged. */
  amountMinor: number;
  comissionMinor: number;
  netAmountMinor: number;
}

/** With add_commission the card holder pays the commission on top; without, the merchant nets less. */
export function chargeFor(requestedMinor: number, addCommission: boolean): Charge {
  const comission = commissionMinor(requestedMinor);
  return addCommission
    ? { amountMinor: requestedMinor + comission, comissionMinor: comission, netAmountMinor: requestedMinor }
    : { amountMinor: requestedMinor, comissionMinor: comission, netAmountMinor: requestedMinor - comission };
}
