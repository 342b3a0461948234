import type { Reason } from '../contract.js';

export interface PaynetReviewDetail {
  /** `code` is "needs_review" (or the backend's own); `message` is plain text, shown as text. */
  reason: Reason;
  sessionId: string;
  /**
   * The backend said so after the element had already reported this session's cancel (the
   * phone could still have paid until the session expired). It may name an earlier session
   * than the one shown: match by `sessionId`.
   */
  late: boolean;
}

/**
 * The backend could not learn the payment's fate from Paynet (status `needs_review`), and the
 * shop will check it by hand. Not a failure: money may have been taken, so neither the
 * element nor the page should invite the shopper to pay again. Reconcile by `sessionId`.
 */
export class PaynetReviewEvent extends CustomEvent<PaynetReviewDetail> {
  static readonly eventName = 'paynet-review';

  constructor(detail: PaynetReviewDetail) {
    super(PaynetReviewEvent.eventName, {
      bubbles: true,
      composed: true,
      detail: {
        reason: { code: detail.reason.code, message: detail.reason.message },
        sessionId: detail.sessionId,
        late: detail.late,
      },
    });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'paynet-review': PaynetReviewEvent;
  }
}
