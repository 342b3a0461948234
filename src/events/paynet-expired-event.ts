export interface PaynetExpiredDetail {
  sessionId: string;
}

/** The session's time ran out before the shopper paid. */
export class PaynetExpiredEvent extends CustomEvent<PaynetExpiredDetail> {
  static readonly eventName = 'paynet-expired';

  constructor(detail: PaynetExpiredDetail) {
    super(PaynetExpiredEvent.eventName, { bubbles: true, composed: true, detail: { sessionId: detail.sessionId } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-expired': PaynetExpiredEvent;
  }
}
