/**
 * POST /reversals: cancel (same day) or refund (later) a paid PayPOS sale of this shop. The
 * browser names the sale by its session id; the `xact_id` Paynet needs comes from our own
 * records, never from the request. The reversal is then a session like a sale (deeplink,
 * polling, cancel).
 */
import { PaynetNotReversibleError } from '../errors.js';
import type { StoredSession } from '../store/session-store.js';
import { fingerprintOf, newSessionId, type BackendContext } from './context.js';
import { HttpError } from './http-response.js';
import { claimIdempotencyKey } from './idempotency.js';
import { readJsonObject } from './request-body.js';
import { checkedDeeplink, initDeadline, insertOrFail, newSession, sessionAnswer } from './sessions.js';
import { idempotencyKeyOf, parseCreateReversal } from './validation.js';

function notReversible(message: string): HttpError {
  return new HttpError(422, 'not_reversible', message);
}

export async function handleCreateReversal(ctx: BackendContext, request: Request): Promise<Response> {
  const body = await readJsonObject(request, ctx.maxBodyBytes);
  const key = idempotencyKeyOf(request);
  const input = parseCreateReversal(body);

  const id = newSessionId();
  const claim = await claimIdempotencyKey(ctx, 'reversals', key, id, await fingerprintOf(body));
  if (claim.type === 'replay') return sessionAnswer(ctx, claim.session);
  try {
    const sale = await ctx.store.get(input.saleSessionId);
    const xactId = sale?.secrets.xactId;
    if (!sale || sale.kind !== 'sale' || sale.status !== 'succeeded' || !xactId) throw notReversible('There is no paid sale with this id.');
    if (sale.channel !== 'paypos') throw notReversible('Only PayPOS sales can be reversed here.');
    if (sale.reversedBySessionId) throw notReversible('This sale has already been cancelled or refunded.');

    const draft = newSession(ctx, { id, kind: 'reversal', channel: 'paypos', amount: sale.amount, instalment: sale.instalment, saleSessionId: sale.id });
    if (input.reference !== undefined) draft.orderReference = input.reference;
    const callbackUrl = ctx.callbackUrlFor({ sessionId: id, kind: 'reversal', referenceNo: draft.referenceNo });
    let answer;
    try {
      answer = await ctx.client.initReversalTransaction({ xact_id: xactId, reference_no: draft.referenceNo, callback_url: callbackUrl ?? null }, { signal: initDeadline(ctx) });
    } catch (error) {
      if (error instanceof PaynetNotReversibleError) throw notReversible('Paynet says this sale can no longer be cancelled or refunded.');
      throw error;
    }
    const session: StoredSession = {
      ...draft,
      deeplinkUrl: checkedDeeplink(answer.deeplink_url),
      secrets: { paymentSessionId: answer.payment_session_id, encryptionKey: answer.encryption_key },
    };
    await insertOrFail(ctx, session);
    await claim.lease.complete().catch((error: unknown) => ctx.onError(error, 'idempotency lease'));
    return sessionAnswer(ctx, session);
  } catch (error) {
    await claim.lease.release().catch((releaseError: unknown) => ctx.onError(releaseError, 'idempotency release'));
    throw error;
  }
}
