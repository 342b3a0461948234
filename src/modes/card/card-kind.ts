/** A card payment without 3D: one request, answered at once with a final status. */
import type { StartRequest } from '../../flow/types.js';
import type { RequestKind } from '../request-kind.js';

type CardRequest = Extract<StartRequest, { kind: 'card' }>;

export const cardKind: RequestKind<CardRequest> = {
  oneShot: true,
  // The state keeps the amount, never the card.
  keep: (request) => ({ kind: 'card', payment: { ...request.payment, card: { holder: '', number: '', month: 0, year: 0, cvc: '' } } }),
  summary: ({ payment }) => ({
    referenceNo: payment.reference ?? '',
    amount: payment.amount,
    currency: payment.currency,
    instalment: payment.instalment,
  }),
  async send(context, request, idempotencyKey, signal) {
    const url = context.routes.paymentUrl;
    if (url === undefined) throw new Error('payment-url is not set');
    return { status: await context.api.payByCard(url, request.payment, idempotencyKey, signal) };
  },
};
