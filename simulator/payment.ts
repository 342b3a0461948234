/**
 * POST /v2/transaction/payment (seed 004): a card payment without 3D. The PAN is checked
 * and masked inside this request and then forgotten; only the masked number is kept.
 *
 * Idempotency, as Paynet documents it: a retry with the reference_no of an earlier success
 * answers that same transaction with code 100, so a client that timed out can retry without
 * charging twice. After a decline the reference_no may be tried again.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { PaynetCode } from '../server/paynet-codes.js';
import { hasSecretKey } from './auth.js';
import { isLuhnValid, maskPan, outcomeForPan } from './cards.js';
import { istanbulIso } from './clock.js';
import type { ApiHandler } from './context.js';
import { newXactId, randomDigits } from './ids.js';
import type { JsonObject } from './http-io.js';
import { COMMISSION_RATE_BP, chargeFor, minorFromCommaString, minorToNumber } from './money.js';
import { InvalidRequest, PREVIOUS_SUCCESS_MESSAGE, SUCCESS_MESSAGE, paynetError } from './replies.js';
import type { CardPaymentRecord } from './state.js';
import { SIM_POS_TYPE } from './transaction-wire.js';
import { integerLike, optionalBoolean, optionalInteger, optionalString, requiredString } from './validate.js';

const MAX_INSTALMENT = 12;

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
  if (!hasSecretKey(request.headers, ctx.options.secretKey)) return paynetError(PaynetCode.AUTH_FAILED, 'Geçersiz secret key');
  if (!ctx.options.non3dAllowed) return paynetError(PaynetCode.NON_3D_NOT_ALLOWED, 'Bu üye işyeri 3D olmadan ödeme almaya yetkili değil');
  const { body } = request;
  if (body.amount === undefined) throw new InvalidRequest('amount is required');
  const amountMinor = minorFromCommaString(body.amount);
  if (amountMinor === undefined) throw new InvalidRequest('amount must be a string with a comma decimal separator, e.g. "149,90"');
  const referenceNo = requiredString(body, 'reference_no', 64);
  requiredString(body, 'domain', 256);

  const owner = ctx.state.references.get(referenceNo);
  if (owner?.kind === 'softpos') return paynetError(PaynetCode.DUPLICATE_REFERENCE, 'reference_no daha önce kullanılmış');
  const attempts = ctx.state.cardPayments.get(referenceNo) ?? [];
  const previous = attempts.find((attempt) => attempt.isSucceed);
  if (previous) return { status: 200, body: { ...previous.response, code: PaynetCode.PREVIOUS_SUCCESS, message: PREVIOUS_SUCCESS_MESSAGE } };

  const now = ctx.options.now();
  const card = readCard(body, now);
  const instalment = optionalInteger(body, 'instalment', 0, MAX_INSTALMENT) ?? 0;
  const addCommission = optionalBoolean(body, 'add_commission') ?? false;
  const transactionType = optionalInteger(body, 'transaction_type', 1, 3) ?? 1;
  if (transactionType === 2) throw new InvalidRequest('transaction_type must be 1 (sale) or 3 (pre-authorisation)');
  const agentId = optionalString(body, 'agent_id', 64) ?? ctx.options.agentId;
  for (const name of ['description', 'card_holder_phone', 'card_holder_mail', 'ratio_code', 'agent_reference_no']) optionalString(body, name, 512);

  const outcome = outcomeForPan(card.pan);
  const charge = chargeFor(amountMinor, addCommission);
  const xactId = newXactId();
  const id = randomInt(1_000_000, 10_000_000);
  const response: Record<string, unknown> = {
    id,
    xact_id: xactId,
    xact_date: istanbulIso(now),
    transaction_type: transactionType,
    pos_type: SIM_POS_TYPE,
    agent_id: agentId,
    user_id: ctx.options.userId,
    email: null,
    phone: null,
    bank_id: 'SIMB',
    bank_name: 'Simülasyon Bankası',
    instalment,
    ratio: COMMISSION_RATE_BP / 10_000,
    card_no_masked: maskPan(card.pan),
    card_holder: card.holder,
    amount: minorToNumber(charge.amountMinor),
    net_amount: minorToNumber(charge.netAmountMinor),
    comission: minorToNumber(charge.comissionMinor),
    comission_tax: 0,
    currency: 'TRY',
    bank_authorization_code: outcome.approved ? randomDigits(6) : '',
    bank_reference_code: outcome.approved ? randomDigits(12) : '',
    bank_order_id: `SIM${randomDigits(10)}`,
    is_succeed: outcome.approved,
    paynet_error_id: outcome.approved ? '' : outcome.paynetErrorId,
    paynet_error_message: outcome.approved ? '' : outcome.paynetErrorMessage,
    bank_error_id: outcome.approved ? '' : outcome.bankErrorId,
    bank_error_message: outcome.approved ? '' : outcome.bankErrorMessage,
    bank_error_short_desc: outcome.approved ? '' : outcome.bankErrorMessage,
    bank_error_long_desc: outcome.approved ? '' : outcome.bankErrorMessage,
    reference_no: referenceNo,
    xact_transaction_id: randomUUID(),
    object_name: 'payment_response',
    code: PaynetCode.OK,
    message: SUCCESS_MESSAGE,
  };
  const record: CardPaymentRecord = { referenceNo, xactId, isSucceed: outcome.approved, response: Object.freeze({ ...response }) };
  ctx.state.cardPayments.set(referenceNo, [...attempts, record]);
  ctx.state.references.set(referenceNo, { kind: 'payment' });
  return { status: 200, body: response };
};
