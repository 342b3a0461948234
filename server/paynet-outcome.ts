/**
 * What Paynet's answers say about a session's money, per channel: PayPOS (sale and
 * reversal) through check_transaction, a card payment through v1/transaction/check by its
 * reference_no, a terminal sale through the device Transaction query. One rule for all: only
 * a transaction Paynet marks `is_succeed: true` is money taken; only an explicit
 * `is_succeed: false` is a decline; anything unreadable is `unknown`, never either.
 */
import type { Reason } from '../src/contract.js';
import { PaynetDeclinedError, PaynetError, PaynetNoDataError } from './errors.js';
import type { PaynetClient } from './paynet-client.js';
import { DeviceErrorCode } from './paynet/device-codes.js';
import { readBoolean } from './paynet/tolerant-read.js';
import type { CheckedTransaction, SoftposTransaction } from './paynet/wire.js';
import { summaryFromDevice, summaryFromSoftpos } from './session-view.js';
import type { StoredSession } from './store/session-store.js';
import type { TransactionSummary } from '../src/contract.js';

/** What Paynet says about a session right now. */
export type PaynetOutcome =
  | { type: 'paid'; transaction: TransactionSummary; xactId?: string }
  | { type: 'declined'; reason: Reason }
  /** Paynet answered: nothing paid (yet). */
  | { type: 'pending' }
  /** Paynet expired the payment session unpaid: nothing can be paid on it any more. */
  | { type: 'closed' }
  /** Paynet did not tell: unreachable, or an answer the kit cannot read. Code and message kept. */
  | { type: 'unknown'; code?: number; message: string };

const MAX_REASON_MESSAGE_LENGTH = 200;

/**
 * Paynet's text as we keep it: control characters (a NUL would not even fit a PostgreSQL
 * jsonb column) become spaces, and it is cut to a sane length.
 */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_REASON_MESSAGE_LENGTH);
}

/** Asks Paynet about `session` by the way back its channel has. Never throws: an error is `unknown`. */
export async function askPaynet(client: PaynetClient, session: StoredSession, signal?: AbortSignal): Promise<PaynetOutcome> {
  const call = signal ? { signal } : {};
  try {
    if (session.channel === 'device') {
      try {
        const answer = await client.deviceQuery({ transactionReferenceId: session.referenceNo, ...(session.device ? { deviceId: session.device.deviceId } : {}) }, call);
        return { type: 'paid', transaction: summaryFromDevice(answer, session) };
      } catch (error) {
        return deviceOutcomeOf(error);
      }
    }
    if (session.channel === 'card') {
      const answer = await client.transactionCheck({ reference_no: session.referenceNo }, call);
      return outcomeOfTransactions(answer.Data.filter((tx) => matchesReference(tx, session.referenceNo)), session);
    }
    const paymentSessionId = session.secrets.paymentSessionId;
    if (!paymentSessionId) return { type: 'unknown', message: `session ${session.id} has no payment_session_id` };
    try {
      const answer = await client.checkTransaction(paymentSessionId, call);
      return outcomeOfTransactions(answer.Data, session);
    } catch (error) {
      // "No data" for a payment session we created: nothing was done on it.
      if (error instanceof PaynetNoDataError) return { type: 'pending' };
      throw error;
    }
  } catch (error) {
    return unknownOutcome(error);
  }
}

export function unknownOutcome(error: unknown): PaynetOutcome {
  if (error instanceof PaynetError) return { type: 'unknown', ...(error.code === undefined ? {} : { code: error.code }), message: cleanText(error.message) };
  return { type: 'unknown', message: error instanceof Error ? cleanText(error.message) : 'unknown error' };
}

/** transaction/check may list other payments; only those made under our reference_no count. */
function matchesReference(tx: CheckedTransaction, referenceNo: string): boolean {
  const reference = tx.agent_reference ?? tx.reference_no;
  return reference === undefined || reference === referenceNo;
}

/** A transaction list → outcome. Any readable `is_succeed: true` is a payment, whatever else is there. */
export function outcomeOfTransactions(data: readonly (SoftposTransaction | CheckedTransaction)[], session: StoredSession): PaynetOutcome {
  const paid = data.find((tx) => readBoolean(tx.is_succeed) === true);
  if (paid) {
    const outcome: PaynetOutcome = { type: 'paid', transaction: summaryFromSoftpos(paid as SoftposTransaction, session) };
    if (typeof paid.xact_id === 'string' && paid.xact_id) outcome.xactId = paid.xact_id;
    return outcome;
  }
  const last = data.at(-1);
  if (!last) return { type: 'pending' };
  if (readBoolean(last.is_succeed) === false) return { type: 'declined', reason: declineReason(last.paynet_error_message, 'The card was declined.') };
  return { type: 'unknown', message: 'Paynet listed a transaction without a readable is_succeed' };
}

/** A device API error → outcome. */
export function deviceOutcomeOf(error: unknown): PaynetOutcome {
  if (error instanceof PaynetDeclinedError) return { type: 'declined', reason: { code: 'declined', message: 'The terminal declined the card.' } };
  if (error instanceof PaynetError && (error.code === DeviceErrorCode.IN_PROGRESS || error.code === DeviceErrorCode.NOT_FOUND)) {
    return { type: 'pending' };
  }
  return unknownOutcome(error);
}

/**
 * A decline reason for the shopper. The code is a best guess from Paynet's text; the message
 * is Paynet's own, shown as plain text.
 */
export function declineReason(message: unknown, fallback: string): Reason {
  const text = typeof message === 'string' && cleanText(message) ? cleanText(message) : fallback;
  if (/insufficient|yetersiz/i.test(text)) return { code: 'insufficient_funds', message: text };
  if (/expired card|son kullanma|süresi dolmuş kart/i.test(text)) return { code: 'expired_card', message: text };
  return { code: 'declined', message: text };
}
