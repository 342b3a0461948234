/**
 * POST /payments: a card payment without 3D (v2/transaction/payment), one request, one final
 * answer. The Idempotency-Key maps to a session whose reference_no is stored before Paynet is
 * called, so:
 * - a browser retry after a lost answer first asks Paynet what happened under that reference
 *   (v1/transaction/check, never sending the card again) and only pays if nothing did; and a
 *   re-sent payment with the same reference_no is answered code 100 with the earlier success;
 * - a process killed mid-call leaves a pending session that the reconciler settles by the
 *   same check, with no shopper present.
 * Card data goes to Paynet and nowhere else: not into the store, the fingerprint, an error,
 * or a log line.
 */
import type { Reason } from '../../src/contract.js';
import { PaynetAuthError, PaynetDeclinedError, PaynetValidationError, isFateUnknown } from '../errors.js';
import { declineReason, type PaynetOutcome } from '../paynet-outcome.js';
import type { PaymentResponse } from '../paynet/wire.js';
import { summaryFromPayment } from '../session-view.js';
import type { StoredSession } from '../store/session-store.js';
import { fingerprintOf, newSessionId, type BackendContext } from './context.js';
import { paynetUnavailable } from './error-response.js';
import { HttpError } from './http-response.js';
import { claimIdempotencyKey } from './idempotency.js';
import { readJsonObject } from './request-body.js';
import { insertOrFail, newSession, resolveOrderChecked, statusAnswer } from './sessions.js';
import { idempotencyKeyOf, parseCardPayment } from './validation.js';

type Card = { holder: string; number: string; month: number; year: number; cvc: string };

const LOST_ANSWER_MESSAGE = 'Paynet did not answer. Try again: you will not be charged twice.';

export async function handleCardPayment(ctx: BackendContext, request: Request, inflight: Map<string, Promise<StoredSession>>): Promise<Response> {
  const body = await readJsonObject(request, ctx.maxBodyBytes);
  const key = idempotencyKeyOf(request);
  const input = parseCardPayment(body, ctx.maxAmountMinor, new Date(ctx.now()));
  const { card, ...order } = input;
  const resolved = await resolveOrderChecked(ctx, { ...order }, request);

  const id = newSessionId();
  const claim = await claimIdempotencyKey(ctx, 'payments', key, id, await fingerprintOf(order));
  let session: StoredSession;
  if (claim.type === 'replay') {
    session = claim.session;
    if (session.status !== 'pending') return statusAnswer(ctx, session);
    // Two concurrent retries of one payment share one Paynet call.
    const running = inflight.get(session.id);
    if (running) return statusAnswer(ctx, await running);
    // The first attempt's answer was lost (or its process died): learn its fate before paying again.
    const checked = await ctx.refresher.check(session, { force: true });
    if (checked.session.status !== 'pending') return statusAnswer(ctx, checked.session);
    if (checked.outcome?.type !== 'pending') throw paynetUnavailable(LOST_ANSWER_MESSAGE);
  } else {
    session = newSession(ctx, { id, kind: 'sale', channel: 'card', amount: resolved.amount, instalment: resolved.instalment });
    if (resolved.reference !== undefined) session.orderReference = resolved.reference;
    try {
      await insertOrFail(ctx, session);
    } catch (error) {
      await claim.lease.release().catch(() => undefined);
      throw error;
    }
    await claim.lease.complete().catch((error: unknown) => ctx.onError(error, 'idempotency lease'));
  }

  let running = inflight.get(session.id);
  if (!running) {
    running = pay(ctx, session, card).finally(() => inflight.delete(session.id));
    inflight.set(session.id, running);
  }
  return statusAnswer(ctx, await running);
}

async function pay(ctx: BackendContext, session: StoredSession, card: Card): Promise<StoredSession> {
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
    if (isFateUnknown(error)) {
      // Unknown whether the card was charged: ask Paynet by the reference, at once.
      ctx.onError(error, 'card payment answer lost');
      const checked = await ctx.refresher.check(session, { force: true });
      if (checked.session.status !== 'pending') return checked.session;
      throw paynetUnavailable(LOST_ANSWER_MESSAGE);
    }
    if (error instanceof PaynetDeclinedError) {
      return record(ctx, session, { type: 'declined', reason: declineReason(stripPath(error.message), 'The card was declined.') });
    }
    if (error instanceof PaynetValidationError) {
      return record(ctx, session, { type: 'declined', reason: { code: 'payment_rejected', message: 'Paynet refused the card details.' } });
    }
    if (error instanceof PaynetAuthError) {
      ctx.onError(error, 'card payment');
      await record(ctx, session, { type: 'declined', reason: { code: 'card_payments_unavailable', message: 'Card payments are not available for this shop.' } });
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

/** "/v2/transaction/payment: Yetersiz bakiye" → "Yetersiz bakiye". */
function stripPath(message: string): string {
  return message.replace(/^\/[^\s:]*:\s*/, '');
}

async function record(ctx: BackendContext, session: StoredSession, outcome: PaynetOutcome): Promise<StoredSession> {
  return (await ctx.refresher.record(session.id, outcome)) ?? session;
}
