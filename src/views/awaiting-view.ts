/**
 * The waiting view, while the shopper pays on the phone or the terminal: the handoff of the
 * mode (the PayPOS QR code or link, or the terminal's name), then the amount, the time left
 * and Cancel.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import { countdownParts } from '../controllers/countdown-controller.js';
import type { CheckoutState } from '../flow/types.js';
import type { Strings } from '../i18n/strings.js';

export type AwaitingState = Extract<CheckoutState, { status: 'awaiting' }>;

/** What a mode shows of where the payment is taken. */
export interface HandoffView {
  heading: string;
  body: TemplateResult | typeof nothing;
}

export interface AwaitingViewProps {
  strings: Strings;
  state: AwaitingState;
  handoff: HandoffView;
  /** undefined: no deadline known, no countdown shown. */
  remainingMs: number | undefined;
  onCancel: () => void;
}

export function renderAwaiting({ strings: s, state, handoff, remainingMs, onCancel }: AwaitingViewProps): TemplateResult {
  const { session } = state;
  return html`<section part="awaiting" aria-busy="false">
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${handoff.heading}</h2>
    ${handoff.body}
    <dl class="summary">
      <dt>${s.amountToPay}</dt>
      <dd>${formatAmount(session.amount, s.locale, session.currency)}</dd>
      ${session.instalment > 1
        ? html`<dt>${s.resultInstalments}</dt>
            <dd>${s.instalmentOption(session.instalment)}</dd>`
        : nothing}
    </dl>
    ${renderCountdown(remainingMs, s)}
    ${state.reconnecting ? html`<p class="note" part="note">${s.reconnecting}</p>` : nothing}
    <button type="button" part="cancel-button" ?disabled=${state.cancelling} @click=${() => onCancel()}>
      ${state.cancelling ? s.cancelling : s.cancel}
    </button>
  </section>`;
}

function renderCountdown(remainingMs: number | undefined, s: Strings): TemplateResult | typeof nothing {
  if (remainingMs === undefined) return nothing;
  const { minutes, seconds } = countdownParts(remainingMs);
  return html`<p class="countdown" part="countdown" role="timer">
    <span>${s.timeLeftLabel}</span> <strong>${s.timeLeft(minutes, seconds)}</strong>
  </p>`;
}
