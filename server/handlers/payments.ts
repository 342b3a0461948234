/**
 * POST /payments: a card payment without 3D (v2/transaction/payment), one request, one final
 * answer. The Idempotency-Key maps to a reference_no stored before Paynet is called, so a
 * browser retry after a timeout re-sends the SAME reference_no and Paynet answers code 100
 * with the earlier success instead of charging again. Card data goes to Paynet and nowhere
 * else: not into the store, the fingerprint, an error, or a log line.
 */
import type { Reason } from '../../src/contract.js';
import { PaynetAuthError, PaynetUnavailableError, PaynetValidationError } from '../errors.js';
import type { PaymentResponse } from '../paynet-types.js';
import { declineReason } from '../status-refresh.js';
import { summaryFromPayment } from '../session-view.js';
import type { StoredSession } from '../store/session-store.js';
import { fingerprintOf, newSessionId, type BackendContext } from './context.js';
import { HttpError } from './http-response.js';
import { claimIdempotencyKey } from './idempotency.js';
import { readJsonObject } from './request-body.js';
import { insertOrFail, newSession, resolveOrderChecked, statusAnswer } from './sessions.js';
import { idempotencyKeyOf, parseCardPayment } from './validation.js';

export async function handleCardPayment(ctx: BackendContext, request: Request, inflight: Map<string, Promise<StoredSession>>): Promise<Response> {
  const body = await readJsonObject(request, ctx.maxBodyBytes);
  const key = idempotencyKeyOf(request);
  const input = parseCardPayment(body, ctx.maxAmountMinor, new Date(ctx.now()));
  const { card, ...order } = input;
  const resolved = await resolveOrderChecked(ctx, { ...order }, request);

  const id = newSessionId();
  const claim = await claimIdempotencyKey(ctx, 'payments', key, id, fingerprintOf(order));
  let session: StoredSession;
  if (claim.type === 'replay') {
    session = claim.session;
    if (session.status !== 'pending') return statusAnswer(ctx, session);
  } else {
    session = newSession(ctx, { id, kind: 'sale', channel: 'card', amount: resolved.amount, instalment: resolved.instalment });
    if (resolved.reference !== undefined) session.orderReference = resolved.reference;
    await insertOrFail(ctx, session);
  }

  // Two concurrent retries of one payment share one Paynet call.
  let running = inflight.get(session.id);
  if (!running) {
    running = pay(ctx, session, card).finally(() => inflight.delete(session.id));
    inflight.set(session.id, running);
  }
  return statusAnswer(ctx, await running);
}

async function pay(ctx: BackendContext, session: StoredSession, card: { holder: string; number: string; month: number; year: number; cvc: string }): Promise<StoredSession> {
  let answer: PaymentResponse;
  try {
    answer = await ctx.client.payment({
      amount: session.amount,
      reference_no: session.referenceNo,
      instalment: session.instalment,
      card_holder: card.holder,
      pan: card.number,
      month: card.month,
      year: card.year,
      cvc: card.cvc,
      ...(session.description !== undefined ? { description: session.description } : {}),
    });
  } catch (error) {
    if (error instanceof PaynetUnavailableError) {
      // Unknown whether the card was charged: the session stays pending with its reference_no,
      // and a retry with the same Idempotency-Key asks Paynet again with it.
      throw new HttpError(502, 'paynet_unavailable', 'Paynet did not answer. Try again: you will not be charged twice.', { 'retry-after': '2' });
    }
    if (error instanceof PaynetValidationError) {
      return record(ctx, session, { type: 'declined', reason: { code: 'payment_rejected', message: 'Paynet refused the card details.' } });
    }
    if (error instanceof PaynetAuthError) {
      ctx.onError(error, 'card payment');
      throw new HttpError(502, 'card_payments_unavailable', 'Card payments are not available for this shop.');
    }
    throw error;
  }
  if (answer.is_succeed) {
    return record(ctx, session, {
      type: 'paid',
      transaction: summaryFromPayment(answer, session),
      ...(typeof answer.xact_id === 'string' && answer.xact_id ? { xactId: answer.xact_id } : {}),
    });
  }
  const reason: Reason = declineReason(answer.paynet_error_message || answer.bank_error_message, 'The card was declined.');
  return record(ctx, session, { type: 'declined', reason });
}

async function record(ctx: BackendContext, session: StoredSession, outcome: Parameters<BackendContext['refresher']['record']>[1]): Promise<StoredSession> {
  return (await ctx.refresher.record(session.id, outcome)) ?? session;
}
