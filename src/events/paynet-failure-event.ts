import type { Reason } from '../contract.js';

export interface PaynetFailureDetail {
  reason: Reason;
  sessionId?: string;
}

/** The payment was declined or otherwise failed; nothing was charged. */
export class PaynetFailureEvent extends CustomEvent<PaynetFailureDetail> {
  static readonly eventName = 'paynet-failure';

  constructor(detail: PaynetFailureDetail) {
    super(PaynetFailureEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: {
        reason: { code: detail.reason.code, message: detail.reason.message },
        ...(detail.sessionId === undefined ? {} : { sessionId: detail.sessionId }),
      },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-failure': PaynetFailureEvent;
  }
}
