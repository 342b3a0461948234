/**
 * The simulated PayPOS phone: what happens to a payment session when the card holder taps a
 * card (approve), the card is refused (decline), or the session runs out (expire).
 */
import { PRESENTED_CARDS, maskPan, type CardBrand } from './cards.js';
import type { SimContext } from './context.js';
import { newTransactionNumber, newUuid, newXactId, randomDigits } from './ids.js';
import type { PaymentSession, SoftposTransactionRecord } from './state.js';

export type PhoneResult = { ok: true; session: PaymentSession } | { ok: false; status: 404 | 409; error: string };

const DEFAULT_DECLINE_MESSAGE = 'İşlem onaylanmadı';
const DECLINE_ERROR_ID = '2005';

function pendingSession(ctx: SimContext, id: string): PhoneResult {
  const session = ctx.state.session(id);
  if (!session) return { ok: false, status: 404, error: 'no such payment session' };
  if (session.status !== 'pending') return { ok: false, status: 409, error: `payment session is ${session.status}` };
  return { ok: true, session };
}

function baseRecord(session: PaymentSession, now: number): Omit<SoftposTransactionRecord, 'isSucceed' | 'cardNoMasked' | 'cardHolder' | 'xactTransactionId' | 'transactionType'> {
  return {
    xactId: newXactId(),
    id: newTransactionNumber(),
    paymentSessionId: session.id,
    createdAt: now,
    ageDays: 0,
    charge: session.charge,
    instalment: session.instalment,
    ...(session.referenceNo === undefined ? {} : { referenceNo: session.referenceNo }),
    ...(session.description === undefined ? {} : { description: session.description }),
    authorizationCode: randomDigits(6),
    referenceCode: randomDigits(12),
    orderId: `SIM${randomDigits(10)}`,
  };
}

export function approveSession(ctx: SimContext, id: string, brand: CardBrand = 'visa'): PhoneResult {
  const found = pendingSession(ctx, id);
  if (!found.ok) return found;
  const { session } = found;
  const now = ctx.options.now();
  let record: SoftposTransactionRecord;
  if (session.kind === 'reversal') {
    const original = session.originalXactId ? ctx.state.transactions.get(session.originalXactId) : undefined;
    if (!original || original.reversedByXactId) return { ok: false, status: 409, error: 'the sale is already reversed' };
    // Money goes back to the card that paid, whatever card is tapped.
    record = {
      ...baseRecord(session, now),
      transactionType: session.reversalType ?? 'cancel',
      isSucceed: true,
      cardNoMasked: original.cardNoMasked,
      cardHolder: original.cardHolder,
      xactTransactionId: original.xactTransactionId,
      ...(original.cardBrand ? { cardBrand: original.cardBrand } : {}),
    };
    original.reversedByXactId = record.xactId;
  } else {
    const card = PRESENTED_CARDS[brand];
    record = {
      ...baseRecord(session, now),
      transactionType: 'sale',
      isSucceed: true,
      cardBrand: brand,
      cardNoMasked: maskPan(card.pan),
      cardHolder: card.holder,
      xactTransactionId: newUuid(),
    };
  }
  ctx.state.transactions.set(record.xactId, record);
  session.status = 'approved';
  session.xactId = record.xactId;
  ctx.webhooks.send({
    object_name: 'SoftposTransaction',
    payment_session_id: session.id,
    reference_no: session.referenceNo ?? null,
    xact_id: record.xactId,
    is_succeed: true,
  });
  return { ok: true, session };
}

export function declineSession(ctx: SimContext, id: string, reason?: string): PhoneResult {
  const found = pendingSession(ctx, id);
  if (!found.ok) return found;
  const { session } = found;
  const card = PRESENTED_CARDS.visa;
  const record: SoftposTransactionRecord = {
    ...baseRecord(session, ctx.options.now()),
    transactionType: session.kind === 'reversal' ? (session.reversalType ?? 'cancel') : 'sale',
    isSucceed: false,
    cardBrand: card.brand,
    cardNoMasked: maskPan(card.pan),
    cardHolder: card.holder,
    xactTransactionId: newUuid(),
    paynetErrorId: DECLINE_ERROR_ID,
    paynetErrorMessage: reason?.trim() ? reason.trim() : DEFAULT_DECLINE_MESSAGE,
  };
  ctx.state.transactions.set(record.xactId, record);
  session.status = 'declined';
  session.xactId = record.xactId;
  return { ok: true, session };
}

export function expireSession(ctx: SimContext, id: string): PhoneResult {
  const found = pendingSession(ctx, id);
  if (!found.ok) return found;
  found.session.status = 'expired';
  found.session.expiresAt = Math.min(found.session.expiresAt, ctx.options.now());
  return found;
}
