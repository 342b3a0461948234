/** A sale: a session the PayPOS app (QR or deeplink) or a cloud terminal takes payment for. */
import type { CreateSessionRequest } from '../../contract.js';
import type { StartRequest } from '../../flow/types.js';
import type { RequestKind } from '../request-kind.js';

type SaleRequest = Extract<StartRequest, { kind: 'sale' }>;

export const saleKind: RequestKind<SaleRequest> = {
  oneShot: false,
  keep: (request) => request,
  summary: () => undefined,
  async send(context, request, idempotencyKey, signal) {
    return { session: await context.api.createSession(context.sessionUrl, saleBody(request), idempotencyKey, signal) };
  },
};

function saleBody(request: SaleRequest): CreateSessionRequest {
  const body: CreateSessionRequest = {
    amount: request.amount,
    instalment: request.instalment,
    currency: 'TRY',
    handoff: request.handoff === 'device' ? 'device' : 'paypos',
  };
  if (request.reference !== undefined) body.reference = request.reference;
  if (request.description !== undefined) body.description = request.description;
  if (request.deviceId !== undefined) body.deviceId = request.deviceId;
  return body;
}
