import type { CheckoutError } from '../flow/types.js';

export interface PaynetErrorDetail {
  code: string;
  /** Plain text, safe to show (as text). */
  message: string;
  retryable: boolean;
  sessionId?: string;
}

/** The checkout could not go on (network, backend or configuration problem). */
export class PaynetErrorEvent extends CustomEvent<PaynetErrorDetail> {
  static readonly eventName = 'paynet-error';

  constructor(error: CheckoutError, sessionId?: string) {
    super(PaynetErrorEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: {
        code: error.code,
        message: error.message,
        retryable: error.retryable,
        ...(sessionId === undefined ? {} : { sessionId }),
      },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-error': PaynetErrorEvent;
  }
}
