/**
 * A quiet line for each earlier, cancelled session whose watch found its outcome in the
 * background while the element shows something else: the phone paid after all, or the backend
 * can no longer tell (needs_review, for the shop to check). It sits beside whatever is shown
 * and never takes focus: the current flow goes on undisturbed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import type { SessionResponse, TransactionSummary } from '../contract.js';
import type { Strings } from '../i18n/strings.js';

export type EarlierOutcome =
  | { kind: 'paid'; transaction: TransactionSummary }
  | { kind: 'review'; session: SessionResponse };

export function renderLateNotice(s: Strings, outcomes: readonly EarlierOutcome[], reversal: boolean): TemplateResult | typeof nothing {
  if (outcomes.length === 0) return nothing;
  // One element runs one kind of session, so its mode says what the earlier one was.
  const line = (outcome: EarlierOutcome): string => {
    if (outcome.kind === 'review') {
      const amount = formatAmount(outcome.session.amount, s.locale, outcome.session.currency);
      return reversal ? s.earlierReversalUnconfirmed(amount) : s.earlierPaymentUnconfirmed(amount);
    }
    const payment = outcome.transaction;
    const amount = formatAmount(payment.amount, s.locale, payment.currency);
    return reversal ? s.earlierReversalCompleted(amount) : s.earlierPaymentCompleted(amount, payment.cardMasked);
  };
  // Text bindings only: the amount and card come from the backend.
  return html`<div class="note" part="late-notice" role="status">
    ${outcomes.map((outcome) => html`<p>${line(outcome)}</p>`)}
  </div>`;
}
