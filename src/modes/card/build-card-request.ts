/** A card payment: the order, and the card fields checked together. */
import type { CheckoutForm, RequestSettings } from '../checkout-form.js';
import { amountError, PAYPOS_CURRENCY, readOrder } from '../order.js';
import { MISCONFIGURED, type RequestOutcome } from '../request-outcome.js';
import { validateCard } from './validate-card.js';

export function buildCardRequest(form: CheckoutForm, settings: RequestSettings, today: Date): RequestOutcome {
  const order = readOrder(form, settings, settings.paymentUrl);
  if (order === undefined) return MISCONFIGURED;
  const card = validateCard(form.card, today);
  const fields = { amount: amountError(order), card: card.ok ? {} : card.errors, deviceMissing: false };
  if (!order.amount.ok || !card.ok) return { outcome: 'invalid', fields };
  const reference = settings.reference === undefined ? {} : { reference: settings.reference };
  return {
    outcome: 'ready',
    fields,
    request: {
      kind: 'card',
      payment: { amount: order.amount.value, instalment: order.instalment, currency: PAYPOS_CURRENCY, ...reference, card: card.card },
    },
  };
}
