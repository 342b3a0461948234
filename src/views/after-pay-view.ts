/**
 * Every view after Pay: waiting on the phone or terminal, and each final state. It ships in the
 * runtime chunk with the flow that produces those states, so the first script carries the form
 * alone; the element asks for it only once the flow has left the form.
 */
import type { TemplateResult } from 'lit';
import type { CheckoutState } from '../flow/types.js';
import type { Strings } from '../i18n/strings.js';
import { renderAwaiting, type AwaitingState, type HandoffView } from './awaiting-view.js';
import { renderFinal, renderNeedsReview, renderSucceeded, type FinalViewProps } from './result-view.js';

/** The states after the form. */
export type AfterPayState = Exclude<CheckoutState, { status: 'idle' } | { status: 'creating' }>;

export interface AfterPayProps {
  strings: Strings;
  state: AfterPayState;
  /** Where the payment is taken, for the waiting view (each mode has its own). */
  handoff: (state: AwaitingState) => HandoffView;
  remainingMs: number | undefined;
  /** `cancelled` is shown and the phone may still pay: a note says a late payment would show here. */
  watchingLatePayment: boolean;
  onCancel: () => void;
  onReset: () => void;
}

export function renderAfterPay(props: AfterPayProps): TemplateResult {
  const { strings: s, state } = props;
  const final = (kind: FinalViewProps['kind'], heading: string, message: string, action: string, note?: string): TemplateResult =>
    renderFinal({ kind, heading, message, note, action, onAction: props.onReset });
  switch (state.status) {
    case 'awaiting':
      return renderAwaiting({ strings: s, state, handoff: props.handoff(state), remainingMs: props.remainingMs, onCancel: props.onCancel });
    case 'succeeded':
      return renderSucceeded({ strings: s, transaction: state.transaction, session: state.session });
    case 'failed':
      return final('failed', s.failedHeading, state.reason.message, s.tryAgain);
    case 'expired':
      return final('expired', s.expiredHeading, s.expiredText, s.startAgain);
    case 'needs_review':
      return renderNeedsReview({ strings: s, reason: state.reason, session: state.session });
    case 'cancelled':
      return final('cancelled', s.cancelledHeading, s.cancelledText, s.startAgain, props.watchingLatePayment ? s.lateWatchNote : undefined);
    case 'error':
      return final('error', s.errorHeading, state.error.message, state.error.retryable ? s.tryAgain : s.startAgain);
  }
}
