/** A stored SoftPOS transaction as check_transaction's `Data` carries it (reference field names). */
import { istanbulIso } from './clock.js';
import { minorToNumber } from './money.js';
import type { SoftposTransactionRecord } from './state.js';

/** Paynet's example shows pos_type 6 for a card payment; the reference gives no other value. */
export const SIM_POS_TYPE = 6;

export function softposTransactionWire(record: SoftposTransactionRecord, agentId: string): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    xact_id: record.xactId,
    xact_date: istanbulIso(record.createdAt),
    transaction_type: record.transactionType,
    pos_type: SIM_POS_TYPE,
    agent_id: agentId,
    // PayPOS takes contactless cards: no 3D Secure step.
    is_tds: false,
    card_no_masked: record.cardNoMasked,
    card_holder: record.cardHolder,
    amount: minorToNumber(record.charge.amountMinor),
    net_amount: minorToNumber(record.charge.netAmountMinor),
    comission: minorToNumber(record.charge.comissionMinor),
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
