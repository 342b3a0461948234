/**
 * How a session is handed to PayPOS while the element waits: a QR code of the deeplink for a
 * phone to scan (with "Copy link", and the link to copy by hand when the clipboard refuses),
 * or on Android the "Open PayPOS" link. Used by sales and reversals alike.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { SessionResponse } from '../../contract.js';
import { isAllowedDeeplink } from '../../handoff/deeplink.js';
import { qrPath, QR_QUIET_ZONE_MODULES } from '../../handoff/qr.js';
import type { Strings } from '../../i18n/strings.js';
import type { HandoffView } from '../../views/awaiting-view.js';
import type { CopyState } from './copy-link.js';

// The QR chunk is this module: its styles come with it.
export { styles as handoffStyles } from './paypos-handoff.styles.js';

export interface PayposHandoffProps {
  strings: Strings;
  session: SessionResponse;
  handoff: 'qr' | 'deeplink';
  allowedSchemes: readonly string[];
  copyState: CopyState;
  onCopy: (link: string) => void;
}

export function payposHandoff(props: PayposHandoffProps): HandoffView {
  const { strings: s, session, handoff } = props;
  // The controller refused unsafe links before this state; checking again costs nothing.
  const link = session.deeplinkUrl !== null && isAllowedDeeplink(session.deeplinkUrl, props.allowedSchemes) ? session.deeplinkUrl : undefined;
  if (handoff === 'deeplink') {
    return {
      heading: s.deeplinkHeading,
      body:
        link === undefined
          ? nothing
          : html`<p>${s.deeplinkInstructions}</p>
              <a class="button primary" part="open-button" href=${link} rel="noopener noreferrer">${s.openPaypos}</a>`,
    };
  }
  return { heading: s.qrHeading, body: link === undefined ? nothing : html`${renderQr(link, s)}${renderCopy(link, props)}` };
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

function renderCopy(link: string, props: PayposHandoffProps): TemplateResult {
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
