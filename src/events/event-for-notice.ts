import type { CheckoutNotice } from '../flow/types.js';
import { PaynetCancelEvent } from './paynet-cancel-event.js';
import { PaynetErrorEvent } from './paynet-error-event.js';
import { PaynetExpiredEvent } from './paynet-expired-event.js';
import { PaynetFailureEvent } from './paynet-failure-event.js';
import { PaynetReviewEvent } from './paynet-review-event.js';
import { PaynetSessionEvent } from './paynet-session-event.js';
import { PaynetStatusEvent } from './paynet-status-event.js';
import { PaynetSuccessEvent } from './paynet-success-event.js';

export type PaynetEvent =
  | PaynetSessionEvent
  | PaynetStatusEvent
  | PaynetSuccessEvent
  | PaynetFailureEvent
  | PaynetExpiredEvent
  | PaynetCancelEvent
  | PaynetReviewEvent
  | PaynetErrorEvent;

/**
 * The one DOM event for a controller notice; undefined for `launch`, which is an instruction
 * to the host rather than news for the page.
 */
export function eventForNotice(notice: CheckoutNotice): PaynetEvent | undefined {
  switch (notice.type) {
    case 'session':
      return new PaynetSessionEvent(notice.session, notice.handoff);
    case 'status':
      return new PaynetStatusEvent({
        status: notice.status,
        previous: notice.previous,
        ...(notice.sessionId === undefined ? {} : { sessionId: notice.sessionId }),
      });
    case 'success':
      return new PaynetSuccessEvent({
        transaction: notice.transaction,
        late: notice.late,
        ...(notice.sessionId === undefined ? {} : { sessionId: notice.sessionId }),
      });
    case 'failure':
      return new PaynetFailureEvent({
        reason: notice.reason,
        ...(notice.sessionId === undefined ? {} : { sessionId: notice.sessionId }),
      });
    case 'expired':
      return new PaynetExpiredEvent({ sessionId: notice.sessionId });
    case 'cancel':
      return new PaynetCancelEvent({ sessionId: notice.sessionId });
    case 'review':
      return new PaynetReviewEvent({ reason: notice.reason, sessionId: notice.sessionId, late: notice.late });
    case 'error':
      return new PaynetErrorEvent(notice.error, notice.sessionId);
    case 'launch':
      return undefined;
  }
}
