/**
 * The order a sale or card payment charges: the amount (fixed by the page, or typed by the
 * shopper) and the instalment count. Shared by the PayPOS, terminal and card modes; pure.
 */
import { formatAmount } from '../amount/format-amount.js';
import { MAX_AMOUNT_MINOR, parseAmount, toMinor, type AmountError, type ParsedAmount } from '../amount/parse-amount.js';
import type { Currency } from '../contract.js';
import type { CheckoutForm, RequestSettings } from './checkout-form.js';

/**
 * The only currency PayPOS takes. Amounts are shown in it whatever `currency` says (another
 * code is refused as a misconfiguration on Pay, and an unknown one would make Intl throw).
 */
export const PAYPOS_CURRENCY: Currency = 'TRY';

type AmountSettings = Pick<RequestSettings, 'amount' | 'maxAmount'>;

export interface Order {
  /** Not ok: the shopper's typing is wrong (a fixed amount that is wrong gives no order). */
  amount: ParsedAmount;
  instalment: number;
}

/** The largest amount a shopper may type, in kuruş; `max-amount` when it reads as one. */
export function maxMinor(settings: Pick<RequestSettings, 'maxAmount'>): bigint {
  return toMinor(settings.maxAmount) ?? MAX_AMOUNT_MINOR;
}

/** The amount to charge, from the `amount` setting or else the shopper's input. */
export function orderAmount(settings: AmountSettings, amountInput: string): ParsedAmount {
  return parseAmount(settings.amount !== '' ? settings.amount : amountInput, { maxMinor: maxMinor(settings) });
}

/** The largest amount a shopper may type, as the form shows it in an error. */
export function formattedMax(settings: Pick<RequestSettings, 'maxAmount'>, locale: string): string {
  const max = maxMinor(settings);
  return formatAmount(`${max / 100n}.${(max % 100n).toString().padStart(2, '0')}`, locale, PAYPOS_CURRENCY);
}

/**
 * The order, or undefined when the page's settings cannot make one: no `route` to send it to,
 * or a fixed amount that cannot be charged.
 */
export function readOrder(form: CheckoutForm, settings: AmountSettings & Pick<RequestSettings, 'instalments'>, route: string | undefined): Order | undefined {
  if (route === undefined || route === '') return undefined;
  const amount = orderAmount(settings, form.amountInput);
  if (settings.amount !== '' && !amount.ok) return undefined;
  const instalment = settings.instalments.includes(form.instalment) ? form.instalment : 1;
  return { amount, instalment };
}

/** The amount's error for the form (undefined when it can be charged). */
export function amountError(order: Order): AmountError | undefined {
  return order.amount.ok ? undefined : order.amount.error;
}
