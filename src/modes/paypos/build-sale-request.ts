/**
 * A sale handed to PayPOS (a QR code or the deeplink): the order, nothing else to check. The
 * sale request itself is shared with the terminal mode, which adds the terminal.
 */
import type { ResolvedHandoff, StartRequest } from '../../flow/types.js';
import type { CheckoutForm, RequestSettings } from '../checkout-form.js';
import { amountError, readOrder, type Order } from '../order.js';
import { MISCONFIGURED, type RequestOutcome } from '../request-outcome.js';

type SaleRequest = Extract<StartRequest, { kind: 'sale' }>;

export function buildPayposRequest(form: CheckoutForm, settings: RequestSettings, handoff: 'qr' | 'deeplink'): RequestOutcome {
  const order = readOrder(form, settings, settings.sessionUrl);
  if (order === undefined) return MISCONFIGURED;
  const fields = { amount: amountError(order), deviceMissing: false };
  if (!order.amount.ok) return { outcome: 'invalid', fields };
  return { outcome: 'ready', fields, request: saleRequest(order.amount.value, order, settings, handoff) };
}

/** The sale as the flow starts it; `deviceId` for a terminal. */
export function saleRequest(
  amount: string,
  order: Order,
  settings: Pick<RequestSettings, 'reference' | 'description'>,
  handoff: ResolvedHandoff,
  deviceId?: string,
): SaleRequest {
  return {
    kind: 'sale',
    amount,
    instalment: order.instalment,
    handoff,
    ...(settings.reference === undefined ? {} : { reference: settings.reference }),
    ...(settings.description === undefined ? {} : { description: settings.description }),
    ...(deviceId === undefined ? {} : { deviceId }),
  };
}
