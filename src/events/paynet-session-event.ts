import type { SessionResponse } from '../contract.js';
import type { ResolvedHandoff } from '../flow/types.js';

export interface PaynetSessionDetail {
  sessionId: string;
  referenceNo: string;
  handoff: ResolvedHandoff;
  amount: string;
  instalment: number;
  expiresAt: string;
}

/** The backend created a payment session; the shopper is now asked to pay (QR, PayPOS or terminal). */
export class PaynetSessionEvent extends CustomEvent<PaynetSessionDetail> {
  static readonly eventName = 'paynet-session';

  constructor(session: SessionResponse, handoff: ResolvedHandoff) {
    super(PaynetSessionEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: {
        sessionId: session.sessionId,
        referenceNo: session.referenceNo,
        handoff,
        amount: session.amount,
        instalment: session.instalment,
        expiresAt: session.expiresAt,
      },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-session': PaynetSessionEvent;
  }
}
