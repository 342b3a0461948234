/** A sale: a session the PayPOS app (QR or deeplink) or a cloud terminal takes payment for. */
import type { CreateSessionRequest } from '../../contract.js';
import type { StartRequest } from '../../flow/types.js';
import { sessionKind, type RequestKind } from '../request-kind.js';

type SaleRequest = Extract<StartRequest, { kind: 'sale' }>;

export const saleKind: RequestKind<SaleRequest> = sessionKind(async (context, request, idempotencyKey, signal) => ({
  session: await context.api.createSession(context.routes.sessionUrl ?? '', saleBody(request), idempotencyKey, signal),
}));

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
