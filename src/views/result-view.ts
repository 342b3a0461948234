/** The final views: paid (or refunded), and failed / expired / cancelled / error with a way back. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import type { SessionResponse, TransactionSummary } from '../contract.js';
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
