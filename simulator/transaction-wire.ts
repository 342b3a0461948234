/**
 * Stored transactions as Paynet's answers carry them (reference field names). Dates and
 * amounts are left as WireDate / WireAmount for quirks.ts to write in the form in force.
 */
import { TransactionStatus } from '../server/paynet/index.js';
import { COMMISSION_RATE_BP, type Charge } from './money.js';
import { wireAmount, wireDate } from './quirks.js';
import type { CardPaymentRecord, SoftposTransactionRecord } from './state.js';

/** Seed 004's example shows pos_type 6 for a card payment; the reference gives no other value. */
export const SIM_POS_TYPE = 6;
/** Seed 004's `transaction_type`: 1 sale (3 pre-authorisation). */
const TRANSACTION_TYPE_SALE = 1;
const SIM_BANK_ID = 'SIMB';
const COMMISSION_RATIO = COMMISSION_RATE_BP / 10_000;

/** One Transaction of check_transaction's `Data` (paynet-api.md §1c). */
export function softposTransactionWire(record: SoftposTransactionRecord, agentId: string): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    xact_id: record.xactId,
    xact_date: wireDate(record.createdAt),
    transaction_type: record.transactionType,
    pos_type: SIM_POS_TYPE,
    agent_id: agentId,
    // PayPOS takes contactless cards: no 3D Secure step.
    is_tds: false,
    card_no_masked: record.cardNoMasked,
    card_holder: record.cardHolder,
    amount: wireAmount(record.charge.amountMinor),
    net_amount: wireAmount(record.charge.netAmountMinor),
    comission: wireAmount(record.charge.comissionMinor),
    currency: 'TRY',
    instalment: record.instalment,
    authorization_code: record.authorizationCode,
    reference_code: record.referenceCode,
    order_id: record.orderId,
    is_succeed: record.isSucceed,
    xact_transaction_id: record.xactTransactionId,
    reference_no: record.referenceNo ?? null,
    payment_session_id: record.paymentSessionId,
  };
  if (!record.isSucceed) {
    wire.paynet_error_id = record.paynetErrorId ?? '';
    wire.paynet_error_message = record.paynetErrorMessage ?? '';
  }
  return wire;
}

/** The fields of v2/transaction/payment's answer (seed 004), without object_name, code and message. */
export function cardPaymentWire(record: CardPaymentRecord, userId: string): Record<string, unknown> {
  const decline = record.decline;
  return {
    id: record.id,
    xact_id: record.xactId,
    xact_date: wireDate(record.createdAt),
    transaction_type: record.transactionType,
    pos_type: SIM_POS_TYPE,
    agent_id: record.agentId,
    user_id: userId,
    email: null,
    phone: null,
    bank_id: SIM_BANK_ID,
    bank_name: 'Simülasyon Bankası',
    instalment: record.instalment,
    ratio: COMMISSION_RATIO,
    card_no_masked: record.cardNoMasked,
    card_holder: record.cardHolder,
    amount: wireAmount(record.charge.amountMinor),
    net_amount: wireAmount(record.charge.netAmountMinor),
    comission: wireAmount(record.charge.comissionMinor),
    comission_tax: wireAmount(0),
    currency: 'TRY',
    bank_authorization_code: record.bankAuthorizationCode,
    bank_reference_code: record.bankReferenceCode,
    bank_order_id: record.bankOrderId,
    is_succeed: record.isSucceed,
    paynet_error_id: decline?.paynetErrorId ?? '',
    paynet_error_message: decline?.paynetErrorMessage ?? '',
    bank_error_id: decline?.bankErrorId ?? '',
    bank_error_message: decline?.bankErrorMessage ?? '',
    bank_error_short_desc: decline?.bankErrorMessage ?? '',
    bank_error_long_desc: decline?.bankErrorMessage ?? '',
    reference_no: record.referenceNo,
    xact_transaction_id: record.xactTransactionId,
  };
}

/** The Status data type (paynet-api.md §4) of a finished transaction. */
function statusOf(isSucceed: boolean, cancelled = false): number {
  if (cancelled) return TransactionStatus.cancelled;
  return isSucceed ? TransactionStatus.succeeded : TransactionStatus.notSucceeded;
}

/** The money fields v1/transaction/check writes for any transaction. */
function checkedMoney(charge: Charge): Record<string, unknown> {
  return {
    amount: wireAmount(charge.amountMinor),
    net_amount: wireAmount(charge.netAmountMinor),
    comission: wireAmount(charge.comissionMinor),
    comission_tax: wireAmount(0),
    currency: 'TRY',
  };
}

/** A card payment as one transaction of v1/transaction/check's `Data` (paynet-api.md §4). */
export function checkedCardPayment(record: CardPaymentRecord): Record<string, unknown> {
  return {
    xact_id: record.xactId,
    id: record.id,
    xact_date: wireDate(record.createdAt),
    transaction_type: record.transactionType,
    pos_type: SIM_POS_TYPE,
    is_tds: false,
    agent_id: record.agentId,
    note: record.description ?? '',
    ratio: COMMISSION_RATIO,
    agent_reference: record.referenceNo,
    bank_id: SIM_BANK_ID,
    card_no: record.cardNoMasked,
    card_holder: record.cardHolder,
    instalment: record.instalment,
    ...checkedMoney(record.charge),
    authorization_code: record.bankAuthorizationCode,
    reference_code: record.bankReferenceCode,
    is_succeed: record.isSucceed,
    status: statusOf(record.isSucceed),
  };
}

/**
 * A PayPOS sale as one transaction of v1/transaction/check's `Data`. A sale cancelled on its
 * day has status 5 (cancelled); a refunded sale stays 3: the refund is a transaction of its own.
 */
export function checkedSoftposSale(record: SoftposTransactionRecord, agentId: string, cancelled: boolean): Record<string, unknown> {
  return {
    xact_id: record.xactId,
    id: record.id,
    xact_date: wireDate(record.createdAt),
    transaction_type: TRANSACTION_TYPE_SALE,
    pos_type: SIM_POS_TYPE,
    is_tds: false,
    agent_id: agentId,
    note: record.description ?? '',
    ratio: COMMISSION_RATIO,
    agent_reference: record.referenceNo ?? '',
    bank_id: SIM_BANK_ID,
    card_no: record.cardNoMasked,
    card_holder: record.cardHolder,
    instalment: record.instalment,
    ...checkedMoney(record.charge),
    authorization_code: record.authorizationCode,
    reference_code: record.referenceCode,
    is_succeed: record.isSucceed,
    status: statusOf(record.isSucceed, cancelled),
  };
}
