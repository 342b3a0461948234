import type { SessionStatus } from '../contract.js';
import type { CheckoutStatus } from '../flow/types.js';

export interface PaynetStatusDetail {
  status: SessionStatus | CheckoutStatus;
  previous: CheckoutStatus;
  sessionId?: string;
}

/** The checkout moved from one state to another (for analytics and page-level UI). */
export class PaynetStatusEvent extends CustomEvent<PaynetStatusDetail> {
  static readonly eventName = 'paynet-status';

  constructor(detail: PaynetStatusDetail) {
    super(PaynetStatusEvent.eventName, { bubbles: true, composed: true, detail: { ...detail } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-status': PaynetStatusEvent;
  }
}
