/**
 * What of a stored session a browser may see. Built field by field (never by spreading the
 * stored object), so a server-only field added later cannot leak by default.
 */
import type { SessionResponse, StatusResponse, TransactionSummary } from '../src/contract.js';
import { readAmount, readInteger } from './paynet/tolerant-read.js';
import type { DeviceTransactionResponse, PaymentResponse, SoftposTransaction } from './paynet/wire.js';
import type { StoredSession } from './store/session-store.js';

/** `statusWaitSeconds` > 0 advertises long-poll on the status URL (0: not advertised). */
export function toSessionResponse(session: StoredSession, basePath: string, statusWaitSeconds = 0): SessionResponse {
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
  if (statusWaitSeconds > 0) response.statusWaitSeconds = statusWaitSeconds;
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
 * What one Paynet answer says about a paid transaction, before it is read: each source names
 * its own fields (check_transaction's Transaction, the card payment answer, the device API),
 * and `summaryOf` reads them all one way.
 */
interface TransactionFields {
  /** Only where Paynet echoes it; otherwise the session's own reference stands. */
  referenceNo?: unknown;
  amount: unknown;
  instalment: unknown;
  xactDate: unknown;
  /** Card numbers to mask, best first: the first that masks is kept. */
  cardNumbers: readonly unknown[];
  cardHolder?: unknown;
  authorizationCode: unknown;
  /** Device flow: the ids a void or refund needs. */
  paymentId?: unknown;
  hostReference?: unknown;
  voidHostReference?: unknown;
  refundHostReference?: unknown;
}

/**
 * The shopper-visible summary of a PayPOS transaction. Paynet's `xact_id` stays server-side
 * (it is what a reversal needs; the browser names a sale by its session id instead).
 */
export function summaryFromSoftpos(tx: SoftposTransaction, session: StoredSession): TransactionSummary {
  return summaryOf(session, {
    referenceNo: tx.reference_no,
    amount: tx.amount,
    instalment: tx.instalment,
    xactDate: tx.xact_date,
    cardNumbers: [tx.card_no_masked, tx.card_no],
    cardHolder: tx.card_holder,
    authorizationCode: tx.authorization_code,
  });
}

export function summaryFromPayment(answer: PaymentResponse, session: StoredSession): TransactionSummary {
  return summaryOf(session, {
    amount: answer.amount,
    instalment: answer.instalment,
    xactDate: answer.xact_date,
    cardNumbers: [answer.card_no_masked],
    cardHolder: answer.card_holder,
    authorizationCode: answer.bank_authorization_code,
  });
}

export function summaryFromDevice(answer: DeviceTransactionResponse, session: StoredSession): TransactionSummary {
  const { binNumber, lastFourDigits } = answer;
  return summaryOf(session, {
    amount: answer.amount,
    instalment: answer.installment,
    xactDate: answer.transactionDate,
    // The terminal gives only the BIN and the last four digits.
    cardNumbers: typeof binNumber === 'string' && typeof lastFourDigits === 'string' ? [`${binNumber}******${lastFourDigits}`] : [],
    authorizationCode: answer.authCode,
    paymentId: answer.paymentId,
    hostReference: answer.hostReference,
    voidHostReference: answer.voidHostReference,
    refundHostReference: answer.refundHostReference,
  });
}

/** Reads each field the one way; what is missing or unreadable falls back to the session or is left out. */
function summaryOf(session: StoredSession, fields: TransactionFields): TransactionSummary {
  const summary: TransactionSummary = {
    referenceNo: nonEmpty(fields.referenceNo) ?? session.referenceNo,
    amount: readAmount(fields.amount) ?? session.amount,
    currency: 'TRY',
    instalment: positiveOr(readInteger(fields.instalment), session.instalment),
  };
  if (typeof fields.xactDate === 'string') summary.xactDate = fields.xactDate;
  const masked = fields.cardNumbers.map(maskCardNumber).find((candidate) => candidate !== undefined);
  if (masked) summary.cardMasked = masked;
  const cardHolder = nonEmpty(fields.cardHolder);
  if (cardHolder) summary.cardHolder = cardHolder;
  const authorizationCode = nonEmpty(fields.authorizationCode);
  if (authorizationCode) summary.authorizationCode = authorizationCode;
  if (typeof fields.paymentId === 'string') summary.paymentId = fields.paymentId;
  if (typeof fields.hostReference === 'string') summary.hostReference = fields.hostReference;
  if (typeof fields.voidHostReference === 'string') summary.voidHostReference = fields.voidHostReference;
  if (typeof fields.refundHostReference === 'string') summary.refundHostReference = fields.refundHostReference;
  return summary;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}
