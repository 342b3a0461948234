import type { TransactionSummary } from '../contract.js';

export interface PaynetSuccessDetail {
  transaction: TransactionSummary;
  sessionId?: string;
  /**
   * The payment was confirmed after the element had already reported a cancel (the phone can
   * still take the card until the session expires), an expiry or an error: reconcile it.
   */
  late: boolean;
}

/** Fields of a TransactionSummary an event may carry: masked, never a full card number. */
const TRANSACTION_FIELDS = [
  'xactId', 'xactDate', 'referenceNo', 'amount', 'currency', 'instalment', 'cardMasked', 'cardHolder',
  'authorizationCode', 'paymentId', 'hostReference', 'voidHostReference', 'refundHostReference',
] as const satisfies readonly (keyof TransactionSummary)[];

/**
 * Copies only the contract's fields, so whatever else a backend put into its answer never
 * reaches page scripts listening to the event.
 */
export function publicTransaction(transaction: TransactionSummary): TransactionSummary {
  const copy: Partial<Record<keyof TransactionSummary, unknown>> = {};
  for (const field of TRANSACTION_FIELDS) {
    if (transaction[field] !== undefined) copy[field] = transaction[field];
  }
  return copy as TransactionSummary;
}

/** The payment (or the reversal) succeeded. */
export class PaynetSuccessEvent extends CustomEvent<PaynetSuccessDetail> {
  static readonly eventName = 'paynet-success';

  constructor(detail: PaynetSuccessDetail) {
    super(PaynetSuccessEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: {
        transaction: publicTransaction(detail.transaction),
        late: detail.late,
        ...(detail.sessionId === undefined ? {} : { sessionId: detail.sessionId }),
      },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-success': PaynetSuccessEvent;
  }
}
