/**
 * What of a stored session a browser may see. Built field by field (never by spreading the
 * stored object), so a server-only field added later cannot leak by default.
 */
import type { SessionResponse, StatusResponse, TransactionSummary } from '../src/contract.js';
import { readAmount, readInteger } from './paynet/tolerant-read.js';
import type { DeviceTransactionResponse, PaymentResponse, SoftposTransaction } from './paynet/wire.js';
import type { StoredSession } from './store/session-store.js';

export function toSessionResponse(session: StoredSession, basePath: string): SessionResponse {
  const response: SessionResponse = {
    sessionId: session.id,
    kind: session.kind,
    handoff: session.channel === 'device' ? 'device' : 'paypos',
    referenceNo: session.referenceNo,
    amount: session.amount,
    currency: session.currency,
    instalment: session.instalment,
    deeplinkUrl: session.deeplinkUrl,
    expiresAt: new Date(session.expiresAt).toISOString(),
    statusUrl: `${basePath}/sessions/${session.id}`,
  };
  if (session.device) response.device = { deviceId: session.device.deviceId, label: session.device.label };
  return response;
}

export function toStatusResponse(session: StoredSession): StatusResponse {
  const response: StatusResponse = {
    sessionId: session.id,
    kind: session.kind,
    status: session.status,
    expiresAt: new Date(session.expiresAt).toISOString(),
  };
  if (session.status === 'succeeded' && session.transaction) response.transaction = { ...session.transaction };
  if (session.status !== 'succeeded' && session.reason) response.reason = { code: session.reason.code, message: session.reason.message };
  return response;
}

/**
 * Masks a card number to its first six and last four digits, grouped by four:
 * "4546711234561234" or "454671******1234" → "4546 71** **** 1234". Whatever Paynet sends
 * (card_no may be a full PAN), no more than those ten digits survive.
 */
export function maskCardNumber(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/[\s-]/g, '');
  if (!/^[0-9*Xx•]{12,19}$/.test(compact)) return undefined;
  const chars = [...compact].map((c, i) => (i < 6 || i >= compact.length - 4) && /[0-9]/.test(c) ? c : '*');
  return chars.join('').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The shopper-visible summary of a PayPOS transaction. Paynet's `xact_id` stays server-side
 * (it is what a reversal needs; the browser names a sale by its session id instead).
 */
export function summaryFromSoftpos(tx: SoftposTransaction, session: StoredSession): TransactionSummary {
  const summary: TransactionSummary = {
    referenceNo: typeof tx.reference_no === 'string' && tx.reference_no ? tx.reference_no : session.referenceNo,
    amount: readAmount(tx.amount) ?? session.amount,
    currency: 'TRY',
    instalment: positiveOr(readInteger(tx.instalment), session.instalment),
  };
  if (typeof tx.xact_date === 'string') summary.xactDate = tx.xact_date;
  const masked = maskCardNumber(tx.card_no_masked) ?? maskCardNumber(tx.card_no);
  if (masked) summary.cardMasked = masked;
  if (typeof tx.card_holder === 'string' && tx.card_holder) summary.cardHolder = tx.card_holder;
  if (typeof tx.authorization_code === 'string' && tx.authorization_code) summary.authorizationCode = tx.authorization_code;
  return summary;
}

export function summaryFromPayment(answer: PaymentResponse, session: StoredSession): TransactionSummary {
  const summary: TransactionSummary = {
    referenceNo: session.referenceNo,
    amount: readAmount(answer.amount) ?? session.amount,
    currency: 'TRY',
    instalment: positiveOr(readInteger(answer.instalment), session.instalment),
  };
  if (typeof answer.xact_date === 'string') summary.xactDate = answer.xact_date;
  const masked = maskCardNumber(answer.card_no_masked);
  if (masked) summary.cardMasked = masked;
  if (typeof answer.card_holder === 'string' && answer.card_holder) summary.cardHolder = answer.card_holder;
  if (typeof answer.bank_authorization_code === 'string' && answer.bank_authorization_code) summary.authorizationCode = answer.bank_authorization_code;
  return summary;
}

export function summaryFromDevice(answer: DeviceTransactionResponse, session: StoredSession): TransactionSummary {
  const summary: TransactionSummary = {
    referenceNo: session.referenceNo,
    amount: readAmount(answer.amount) ?? session.amount,
    currency: 'TRY',
    instalment: positiveOr(readInteger(answer.installment), session.instalment),
  };
  if (typeof answer.transactionDate === 'string') summary.xactDate = answer.transactionDate;
  if (typeof answer.binNumber === 'string' && typeof answer.lastFourDigits === 'string') {
    const masked = maskCardNumber(`${answer.binNumber}******${answer.lastFourDigits}`);
    if (masked) summary.cardMasked = masked;
  }
  if (typeof answer.authCode === 'string' && answer.authCode) summary.authorizationCode = answer.authCode;
  if (typeof answer.paymentId === 'string') summary.paymentId = answer.paymentId;
  if (typeof answer.hostReference === 'string') summary.hostReference = answer.hostReference;
  if (typeof answer.voidHostReference === 'string') summary.voidHostReference = answer.voidHostReference;
  if (typeof answer.refundHostReference === 'string') summary.refundHostReference = answer.refundHostReference;
  return summary;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}
