/**
 * The waiting view, while the shopper pays on the phone or the terminal: the QR code of the
 * PayPOS deeplink (with a copy-link fallback), the "Open PayPOS" link, or the terminal's name;
 * then the amount, the time left and Cancel.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatAmount } from '../amount/format-amount.js';
import { countdownParts } from '../controllers/countdown-controller.js';
import type { CheckoutState } from '../flow/types.js';
import { isAllowedDeeplink } from '../handoff/deeplink.js';
import { qrPath, QR_QUIET_ZONE_MODULES } from '../handoff/qr.js';
import type { Strings } from '../i18n/strings.js';

export type CopyState = 'idle' | 'copied' | 'fallback';

export interface AwaitingViewProps {
  strings: Strings;
  state: Extract<CheckoutState, { status: 'awaiting' }>;
  allowedSchemes: readonly string[];
  /** Named as the terminal when the session does not say which one it went to. */
  selectedDevice: string;
  copyState: CopyState;
  /** undefined: no deadline known, no countdown shown. */
  remainingMs: number | undefined;
  onCopy: (link: string) => void;
  onCancel: () => void;
}

export function renderAwaiting(props: AwaitingViewProps): TemplateResult {
  const { strings: s, state } = props;
  const { session, handoff } = state;
  // The controller refused unsafe links before this state; checking again costs nothing.
  const link = session.deeplinkUrl !== null && isAllowedDeeplink(session.deeplinkUrl, props.allowedSchemes) ? session.deeplinkUrl : undefined;
  const heading = handoff === 'device' ? s.deviceHeading : handoff === 'deeplink' ? s.deeplinkHeading : s.qrHeading;
  let body: TemplateResult | typeof nothing = nothing;
  if (handoff === 'device') {
    const label = session.device?.label ?? session.device?.deviceId ?? props.selectedDevice;
    const id = session.device?.deviceId;
    body = html`<p>${s.sentToTerminal(id !== undefined && id !== label ? `${id} (${label})` : label)}</p>`;
  } else if (handoff === 'deeplink' && link !== undefined) {
    body = html`<p>${s.deeplinkInstructions}</p>
      <a class="button primary" part="open-button" href=${link} rel="noopener noreferrer">${s.openPaypos}</a>`;
  } else if (link !== undefined) {
    body = html`${renderQr(link, s)}${renderCopy(link, props)}`;
  }
  return html`<section part="awaiting" aria-busy="false">
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${heading}</h2>
    ${body}
    <dl class="summary">
      <dt>${s.amountToPay}</dt>
      <dd>${formatAmount(session.amount, s.locale, session.currency)}</dd>
      ${session.instalment > 1
        ? html`<dt>${s.resultInstalments}</dt>
            <dd>${s.instalmentOption(session.instalment)}</dd>`
        : nothing}
    </dl>
    ${renderCountdown(props.remainingMs, s)}
    ${state.reconnecting ? html`<p class="note" part="note">${s.reconnecting}</p>` : nothing}
    <button type="button" part="cancel-button" ?disabled=${state.cancelling} @click=${() => props.onCancel()}>
      ${state.cancelling ? s.cancelling : s.cancel}
    </button>
  </section>`;
}

function renderQr(link: string, s: Strings): TemplateResult {
  const { size, d } = qrPath(link);
  const quiet = QR_QUIET_ZONE_MODULES;
  const side = size + 2 * quiet;
  return html`<figure class="qr" part="qr">
    <svg
      role="img"
      aria-label=${s.qrAlt}
      viewBox="${-quiet} ${-quiet} ${side} ${side}"
      width=${side * 4}
      height=${side * 4}
      shape-rendering="crispEdges"
    >
      ${svg`<rect x=${-quiet} y=${-quiet} width=${side} height=${side} fill="#fff"></rect><path d=${d} fill="#000"></path>`}
    </svg>
    <span class="visually-hidden">${link}</span>
    <figcaption>${s.qrInstructions}</figcaption>
  </figure>`;
}

function renderCopy(link: string, props: AwaitingViewProps): TemplateResult {
  const { strings: s, copyState } = props;
  return html`<div class="actions">
    <button type="button" part="copy-button" @click=${() => props.onCopy(link)}>
      ${copyState === 'copied' ? s.linkCopied : s.copyLink}
    </button>
    ${copyState === 'fallback'
      ? html`<div class="copy-fallback field">
          <label for="copy-fallback">${s.copyFallbackLabel}</label>
          <input id="copy-fallback" readonly .value=${link} />
        </div>`
      : nothing}
  </div>`;
}

function renderCountdown(remainingMs: number | undefined, s: Strings): TemplateResult | typeof nothing {
  if (remainingMs === undefined) return nothing;
  const { minutes, seconds } = countdownParts(remainingMs);
  return html`<p class="countdown" part="countdown" role="timer">
    <span>${s.timeLeftLabel}</span> <strong>${s.timeLeft(minutes, seconds)}</strong>
  </p>`;
}
