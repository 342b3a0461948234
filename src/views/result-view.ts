/**
 * The final views: paid (or refunded); for the shop to check (needs_review); and failed /
 * expired / cancelled / error with a way back.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import type { Reason, SessionResponse, TransactionSummary } from '../contract.js';
import type { Strings } from '../i18n/strings.js';

export interface SucceededViewProps {
  strings: Strings;
  transaction: TransactionSummary;
  /** Absent after a card payment (no PayPOS session). */
  session: SessionResponse | undefined;
}

export function renderSucceeded({ strings: s, transaction, session }: SucceededViewProps): TemplateResult {
  const reversal = session?.kind === 'reversal';
  const row = (label: string, value: string | undefined): TemplateResult | typeof nothing =>
    value === undefined || value === '' ? nothing : html`<dt>${label}</dt><dd>${value}</dd>`;
  return html`<section class="result success" part="result">
    <div class="badge" aria-hidden="true">✓</div>
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${reversal ? s.reversalSucceededHeading : s.succeededHeading}</h2>
    <dl class="summary">
      ${row(s.resultAmount, formatAmount(transaction.amount, s.locale, transaction.currency))}
      ${row(s.resultInstalments, transaction.instalment > 1 ? s.instalmentOption(transaction.instalment) : undefined)}
      ${row(s.resultCard, transaction.cardMasked)}
      ${row(s.resultAuthorisation, transaction.authorizationCode)}
      ${row(s.resultReference, transaction.referenceNo)}
    </dl>
  </section>`;
}

export interface NeedsReviewViewProps {
  strings: Strings;
  /** The backend's reason: shown as text, never as markup. */
  reason: Reason;
  /** Absent after a card payment (no PayPOS session). */
  session: SessionResponse | undefined;
}

/**
 * The backend could not learn the payment's fate and the shop will check it. Calm, and with
 * no button, like the success view: money may have been taken, and a "Try again" or "Pay"
 * here could take it twice. The amount and reference are there for the shopper to quote.
 */
export function renderNeedsReview({ strings: s, reason, session }: NeedsReviewViewProps): TemplateResult {
  const reversal = session?.kind === 'reversal';
  const message = reason.message.trim();
  return html`<section class="result needs-review" part="result">
    <div class="badge" aria-hidden="true">…</div>
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${reversal ? s.reversalReviewHeading : s.reviewHeading}</h2>
    <p class="message" part="message">${reversal ? s.reversalReviewText : s.reviewText}</p>
    ${session === undefined
      ? nothing
      : html`<dl class="summary">
          <dt>${s.resultAmount}</dt><dd>${formatAmount(session.amount, s.locale, session.currency)}</dd>
          <dt>${s.resultReference}</dt><dd>${session.referenceNo}</dd>
        </dl>`}
    ${message === '' ? nothing : html`<p class="note reason" part="note">${message}</p>`}
  </section>`;
}

export interface FinalViewProps {
  kind: 'failed' | 'expired' | 'cancelled' | 'error';
  heading: string;
  /** Shown as text, never as markup: a decline reason comes from outside. */
  message: string;
  /** A quiet line under the message (the late watch after a cancel). */
  note?: string | undefined;
  action: string;
  onAction: () => void;
}

export function renderFinal({ kind, heading, message, note, action, onAction }: FinalViewProps): TemplateResult {
  const badge = kind === 'cancelled' || kind === 'expired' ? '–' : '!';
  return html`<section class="result ${kind}" part="result">
    <div class="badge" aria-hidden="true">${badge}</div>
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${heading}</h2>
    <p class="message" part="message">${message}</p>
    ${note === undefined ? nothing : html`<p class="note" part="note">${note}</p>`}
    <button type="button" class="primary" part="retry-button" @click=${() => onAction()}>${action}</button>
  </section>`;
}
