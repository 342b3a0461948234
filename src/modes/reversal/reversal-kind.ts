/** A reversal: cancel or refund a paid sale, confirmed on the PayPOS phone like a sale. */
import type { CreateReversalRequest } from '../../contract.js';
import type { StartRequest } from '../../flow/types.js';
import { sessionKind, type RequestKind } from '../request-kind.js';

type ReversalRequest = Extract<StartRequest, { kind: 'reversal' }>;

export const reversalKind: RequestKind<ReversalRequest> = sessionKind(async (context, request, idempotencyKey, signal) => {
  const url = context.routes.reversalUrl;
  if (url === undefined) throw new Error('reversal-url is not set');
  const body: CreateReversalRequest = { saleSessionId: request.saleSessionId };
  if (request.reference !== undefined) body.reference = request.reference;
  return { session: await context.api.createReversal(url, body, idempotencyKey, signal) };
});
