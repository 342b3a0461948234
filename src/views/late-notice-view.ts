/**
 * A quiet line for each earlier, cancelled session the phone paid after all (found by its
 * background watch) while the element shows something else. It sits beside whatever is shown
 * and never takes focus: the current flow goes on undisturbed.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import type { TransactionSummary } from '../contract.js';
import type { Strings } from '../i18n/strings.js';

export function renderLateNotice(s: Strings, payments: readonly TransactionSummary[], reversal: boolean): TemplateResult | typeof nothing {
  if (payments.length === 0) return nothing;
  // One element runs one kind of session, so its mode says what the earlier one was.
  const line = (payment: TransactionSummary): string => {
    const amount = formatAmount(payment.amount, s.locale, payment.currency);
    return reversal ? s.earlierReversalCompleted(amount) : s.earlierPaymentCompleted(amount, payment.cardMasked);
  };
  // Text bindings only: the amount and card come from the backend.
  return html`<div class="note" part="late-notice" role="status">
    ${payments.map((payment) => html`<p>${line(payment)}</p>`)}
  </div>`;
}
