/** A reversal: cancel or refund a paid sale, confirmed on the PayPOS phone like a sale. */
import type { CreateReversalRequest } from '../../contract.js';
import type { StartRequest } from '../../flow/types.js';
import type { RequestKind } from '../request-kind.js';

type ReversalRequest = Extract<StartRequest, { kind: 'reversal' }>;

export const reversalKind: RequestKind<ReversalRequest> = {
  oneShot: false,
  keep: (request) => request,
  summary: () => undefined,
  async send(context, request, idempotencyKey, signal) {
    if (context.reversalUrl === undefined) throw new Error('reversal-url is not set');
    const body: CreateReversalRequest = { saleSessionId: request.saleSessionId };
    if (request.reference !== undefined) body.reference = request.reference;
    return { session: await context.api.createReversal(context.reversalUrl, body, idempotencyKey, signal) };
  },
};
