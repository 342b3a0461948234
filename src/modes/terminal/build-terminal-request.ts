/** A sale sent to a cloud POS terminal: the order, and the terminal the shopper chose. */
import type { CheckoutForm, RequestSettings } from '../checkout-form.js';
import { amountError, readOrder } from '../order.js';
import { saleRequest } from '../paypos/build-sale-request.js';
import { MISCONFIGURED, type RequestOutcome } from '../request-outcome.js';

export function buildTerminalRequest(form: CheckoutForm, settings: RequestSettings): RequestOutcome {
  const order = readOrder(form, settings, settings.sessionUrl);
  if (order === undefined) return MISCONFIGURED;
  const deviceId = form.selectedDevice;
  const fields = { amount: amountError(order), deviceMissing: deviceId === '' };
  if (!order.amount.ok || fields.deviceMissing) return { outcome: 'invalid', fields };
  return { outcome: 'ready', fields, request: saleRequest(order.amount.value, order, settings, 'device', deviceId) };
}
