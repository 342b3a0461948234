export interface PaynetCancelDetail {
  sessionId: string;
}

/** The backend confirmed the session was cancelled before anything was paid. */
export class PaynetCancelEvent extends CustomEvent<PaynetCancelDetail> {
  static readonly eventName = 'paynet-cancel';

  constructor(detail: PaynetCancelDetail) {
    super(PaynetCancelEvent.eventName, { bubbles: true, composed: true, detail: { sessionId: detail.sessionId } });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-cancel': PaynetCancelEvent;
  }
}
