/**
 * POST /v2/transaction/payment (seed 004): a card payment without 3D. The PAN is checked
 * and masked inside this request and then forgotten; only the masked number is kept.
 *
 * Idempotency, as Paynet documents it: a retry with the reference_no of an earlier success
 * answers that same transaction with code 100, so a client that timed out can retry without
 * charging twice. After a decline the reference_no may be tried again. A decline is a 200
 * with `is_succeed: false` (seed 004); the `declines` quirk can write it as an error instead.
 */
import { ReturnCode } from '../server/paynet/index.js';
import { isLuhnValid, maskPan, outcomeForPan, type CardOutcome } from './cards.js';
import type { ApiHandler } from './context.js';
import { newTransactionNumber, newUuid, newXactId, randomDigits } from './ids.js';
import type { JsonObject } from './http-io.js';
import { chargeFor, minorFromPaymentAmount } from './money.js';
import { InvalidRequest, PREVIOUS_SUCCESS_MESSAGE, errors, paynetOk } from './replies.js';
import type { CardDecline, CardPaymentRecord } from './state.js';
import { cardPaymentWire } from './transaction-wire.js';
import { integerLike, optionalBoolean, optionalInteger, optionalString, requiredString } from './validate.js';

const MAX_INSTALMENT = 12;
const OBJECT_NAME = 'payment_response';

interface CardInput {
  pan: string;
  holder: string;
}

/** Validates the card fields; the PAN is returned to the caller only, never stored. */
function readCard(body: JsonObject, now: number): CardInput {
  if (body.card_hash !== undefined) {
    requiredString(body, 'card_hash');
    // The simulator keeps no saved cards, so every card_hash is unknown.
    throw new InvalidRequest('card_hash is not a saved card');
  }
  const holder = requiredString(body, 'card_holder', 128);
  const pan = requiredString(body, 'pan', 32).replaceAll(' ', '');
  if (!isLuhnValid(pan)) throw new InvalidRequest('pan is not a valid card number');
  const month = integerLike(body, 'month');
  if (month === undefined || month < 1 || month > 12) throw new InvalidRequest('month must be 1–12');
  const yearGiven = integerLike(body, 'year');
  if (yearGiven === undefined) throw new InvalidRequest('year is required');
  const year = yearGiven < 100 ? 2000 + yearGiven : yearGiven;
  const cvc = body.cvc;
  if (typeof cvc !== 'string' || !/^\d{3,4}$/.test(cvc)) throw new InvalidRequest('cvc must be 3 or 4 digits');
  // A card is valid through the last day of its expiry month.
  const today = new Date(now);
  if (year * 12 + month < today.getUTCFullYear() * 12 + today.getUTCMonth() + 1) throw new InvalidRequest('the card has expired (month/year)');
  return { pan, holder };
}

export const handlePayment: ApiHandler = (ctx, request) => {
  if (!request.credentials.secretKey) return errors.unauthorized('Geçersiz secret key');
  if (!ctx.options.non3dAllowed) return errors.forbidden('Bu üye işyeri 3D olmadan ödeme almaya yetkili değil');
  const { body } = request;
  if (body.amount === undefined) throw new InvalidRequest('amount is required');
  const amountMinor = minorFromPaymentAmount(body.amount);
  if (amountMinor === undefined) throw new InvalidRequest('amount must be greater than 0 with at most 2 decimals: 12.5, "12,50" or "12.50"');
  const referenceNo = requiredString(body, 'reference_no', 64);
  requiredString(body, 'domain', 256);

  const owner = ctx.state.references.get(referenceNo);
  if (owner?.kind === 'softpos') return errors.duplicate('reference_no daha önce kullanılmış');
  const attempts = ctx.state.cardPayments.get(referenceNo) ?? [];
  const previous = attempts.find((attempt) => attempt.isSucceed);
  // Seed 004: a retry after a lost answer gets the earlier success back, and nothing is charged.
  if (previous) return paynetOk(OBJECT_NAME, cardPaymentWire(previous, ctx.options.userId), ReturnCode.oldsuccessful, PREVIOUS_SUCCESS_MESSAGE);

  const now = ctx.options.now();
  const card = readCard(body, now);
  const instalment = optionalInteger(body, 'instalment', 0, MAX_INSTALMENT) ?? 0;
  const addCommission = optionalBoolean(body, 'add_commission') ?? false;
  const transactionType = optionalInteger(body, 'transaction_type', 1, 3) ?? 1;
  if (transactionType === 2) throw new InvalidRequest('transaction_type must be 1 (sale) or 3 (pre-authorisation)');
  const agentId = optionalString(body, 'agent_id', 64) ?? ctx.options.agentId;
  const description = optionalString(body, 'description', 512);
  for (const name of ['card_holder_phone', 'card_holder_mail', 'ratio_code', 'agent_reference_no']) optionalString(body, name, 512);

  const outcome = outcomeForPan(card.pan);
  const record: CardPaymentRecord = {
    referenceNo,
    xactId: newXactId(),
    id: newTransactionNumber(),
    isSucceed: outcome.approved,
    createdAt: now,
    transactionType,
    agentId,
    instalment,
    charge: chargeFor(amountMinor, addCommission),
    cardNoMasked: maskPan(card.pan),
    cardHolder: card.holder,
    bankAuthorizationCode: outcome.approved ? randomDigits(6) : '',
    bankReferenceCode: outcome.approved ? randomDigits(12) : '',
    bankOrderId: `SIM${randomDigits(10)}`,
    xactTransactionId: newUuid(),
    ...(description === undefined ? {} : { description }),
    ...(outcome.approved ? {} : { decline: declineOf(outcome) }),
  };
  ctx.state.cardPayments.set(referenceNo, [...attempts, record]);
  ctx.state.references.set(referenceNo, { kind: 'payment' });
  const answer = paynetOk(OBJECT_NAME, cardPaymentWire(record, ctx.options.userId));
  if (record.decline) answer.decline = { resultCode: record.decline.resultCode, message: record.decline.paynetErrorMessage };
  return answer;
};

function declineOf(outcome: Exclude<CardOutcome, { approved: true }>): CardDecline {
  const { approved: _approved, ...decline } = outcome;
  return decline;
}
