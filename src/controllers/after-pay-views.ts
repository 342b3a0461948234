/**
 * The element's views after the form, which live in the runtime and QR chunks: rendered
 * through whichever of them is loaded, with their styles adopted and the countdown made once the
 * runtime is in. A view whose chunk is not loaded yet is nothing, or a spinner in the QR's place
 * (asking for its chunk). Only the runtime's runner leaves the form, so past the form the
 * runtime is always there.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CheckoutState } from '../flow/types.js';
import type { Strings } from '../i18n/strings.js';
import { adoptChunkStyles } from '../lazy/chunk-styles.js';
import { qrChunk, runtimeChunk } from '../lazy/chunks.js';
import type { CopyLink } from '../modes/paypos/copy-link.js';
import type { AfterPayState } from '../views/after-pay-view.js';
import type { AwaitingState, HandoffView } from '../views/awaiting-view.js';
import type { EarlierOutcome } from '../views/late-notice-view.js';
import type { CheckoutController } from './checkout-controller.js';
import type { CountdownController } from './countdown-controller.js';

/** What the views need of the element besides its strings. */
export interface AfterPayLink {
  checkout: CheckoutController;
  copyLink: CopyLink;
  /** The terminal chosen in the form, named while the sale waits on it. */
  selectedDevice(): string;
  allowedSchemes(): readonly string[];
  onCancel(): void;
  onReset(): void;
}

type Runtime = NonNullable<ReturnType<typeof runtimeChunk.get>>;

export class AfterPayViews {
  /** The waiting view's clock, from the runtime chunk. */
  private countdown: CountdownController | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly link: AfterPayLink,
  ) {}

  /** The state after the form, as the runtime's views show it. */
  render(state: AfterPayState, s: Strings): TemplateResult | typeof nothing {
    const runtime = this.runtime();
    if (runtime === undefined) return nothing;
    return runtime.renderAfterPay({
      strings: s,
      state,
      handoff: (awaiting) => this.handoff(runtime, awaiting, s),
      remainingMs: this.countdown?.remainingMs,
      watchingLatePayment: this.link.checkout.watchingLatePayment,
      onCancel: this.link.onCancel,
      onReset: this.link.onReset,
    });
  }

  /** Earlier payments found paid or to check, over whatever view is shown (they come from the runtime). */
  lateNotice(s: Strings, outcomes: readonly EarlierOutcome[], reversal: boolean): TemplateResult | typeof nothing {
    return this.runtime()?.renderLateNotice(s, outcomes, reversal) ?? nothing;
  }

  private runtime(): Runtime | undefined {
    const runtime = runtimeChunk.get();
    if (runtime !== undefined) {
      adoptChunkStyles(this.host, runtime.afterPayStyles);
      this.countdown ??= new runtime.CountdownController(this.host, () => this.link.checkout.remainingMs());
    }
    return runtime;
  }

  /** Where the payment is taken: the terminal the sale went to, or the PayPOS QR code or link. */
  private handoff(runtime: Runtime, state: AwaitingState, s: Strings): HandoffView {
    if (state.handoff === 'device') return runtime.terminalHandoff({ strings: s, session: state.session, selectedDevice: this.link.selectedDevice() });
    const qr = qrChunk.get();
    if (qr === undefined) {
      // Asked for at Pay; after a reload it is asked for now. A spinner holds its place meanwhile.
      void qrChunk.load().then(
        () => this.host.requestUpdate(),
        () => undefined,
      );
      return { heading: state.handoff === 'deeplink' ? s.deeplinkHeading : s.qrHeading, body: html`<div class="spinner" aria-hidden="true"></div>` };
    }
    adoptChunkStyles(this.host, qr.handoffStyles);
    return qr.payposHandoff({
      strings: s,
      session: state.session,
      handoff: state.handoff,
      allowedSchemes: this.link.allowedSchemes(),
      copyState: this.link.copyLink.state,
      onCopy: this.link.copyLink.copy,
    });
  }
}

/** The states the form renders; every other one is AfterPayViews'. */
export function isFormState(state: CheckoutState): state is Extract<CheckoutState, { status: 'idle' | 'creating' }> {
  return state.status === 'idle' || state.status === 'creating';
}
