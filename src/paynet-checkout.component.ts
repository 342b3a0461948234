import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { FormController } from './modes/form-controller.js';
import { CopyLink } from './modes/paypos/copy-link.js';
import { CheckoutController } from './controllers/checkout-controller.js';
import { AfterPayViews, isFormState } from './controllers/after-pay-views.js';
import type {
  CheckoutNotice,
  CheckoutResult,
  CheckoutState,
  CheckoutStatus,
  HandoffPreference,
} from './flow/types.js';
import { pageLang, resolveLang, stringsFor, stringsToRender } from './i18n/strings-for.js';
import { tr } from './i18n/tr.js';
import type { Lang, Strings } from './i18n/strings.js';
import {
  defaultValues,
  publicProperties,
  readProperty,
  type CheckoutMode,
  type PaymentMethod,
  type PaynetCheckoutProperties,
  type PaynetCheckoutPropertyName,
  type PaynetCheckoutValues,
} from './paynet-checkout.attributes.js';
import { checkoutOptions } from './properties/checkout-options.js';
import { sameValue } from './properties/coerce.js';
import { styles } from './paynet-checkout.styles.js';
import { qrChunk, runtimeChunk } from './lazy/chunks.js';
import { whenIdle } from './lazy/lazy-module.js';
import { announcement } from './views/announcement.js';
import type { EarlierOutcome } from './views/late-notice-view.js';

export type { CheckoutMode, PaymentMethod } from './paynet-checkout.attributes.js';

/**
 * `<paynet-checkout>`: takes a payment through Paynet's PayPOS SoftPOS app. On a desktop it
 * shows a QR code of the PayPOS deeplink, on Android it opens PayPOS directly, or it sends
 * the sale to a cloud POS terminal; then it follows the merchant backend until the payment
 * is final. It talks only to the shop's backend (see `src/contract.ts`), never to Paynet.
 *
 * @tagname paynet-checkout
 *
 * @fires {PaynetSessionEvent} paynet-session - The backend created a session (`{sessionId, referenceNo, handoff, amount, instalment, expiresAt}`).
 * @fires {PaynetStatusEvent} paynet-status - The checkout changed state (`{status, previous, sessionId?}`).
 * @fires {PaynetSuccessEvent} paynet-success - Paid (`{transaction, sessionId?, late}`); card data is masked. `late: true` when the payment was confirmed after a cancel, expiry or error was already reported (the phone can still take the card after Cancel until the session expires): reconcile the order by `sessionId`. A cancelled session is watched until it expires even after "Start again" or a new payment (and across a reload), so a late success may name an earlier session than the one shown.
 * @fires {PaynetFailureEvent} paynet-failure - Declined or failed (`{reason: {code, message}, sessionId?}`).
 * @fires {PaynetExpiredEvent} paynet-expired - Time ran out unpaid (`{sessionId}`).
 * @fires {PaynetCancelEvent} paynet-cancel - Cancelled before payment (`{sessionId}`).
 * @fires {PaynetReviewEvent} paynet-review - The backend could not learn the payment's fate from Paynet and the shop will check it by hand (`{reason: {code, message}, sessionId, late}`; status `needs_review`). Not a failure: money may have been taken, so do not invite the shopper to pay again; reconcile by `sessionId`. The element shows a calm "could not confirm yet" view with no button. `late: true` when it comes from the watch after a cancel was already reported (possibly of an earlier session than the one shown).
 * @fires {PaynetErrorEvent} paynet-error - Could not go on (`{code, message, retryable, sessionId?}`).
 *
 * @attr session-url - Merchant backend route that creates sale sessions (POST).
 * @attr amount - Fixed amount ("149.90"); when absent the shopper types it.
 * @attr currency - ISO 4217 code; only TRY today.
 * @attr instalments - Offered instalment counts, e.g. "1,2,3,6,9,12" (default "1").
 * @attr lang - "tr" or "en"; else the page's `<html lang>`, else "tr".
 * @attr handoff - auto | qr | deeplink | device (auto: Android opens PayPOS, others get a QR code).
 * @attr allowed-schemes - Deeplink schemes the element may open (default "paypos https").
 * @attr reference - The shop's order reference, sent with the session request.
 * @attr description - Order description, sent with the session request.
 * @attr max-amount - Largest amount a shopper may type (default "1000000.00").
 * @attr poll-interval - Status polling interval in ms.
 * @attr poll-slow-interval - Polling interval in ms once the session is older than poll-slow-after.
 * @attr poll-slow-after - Session age in ms after which polling slows down.
 * @attr mode - sale | reversal (reversal shows a "Cancel/refund" button for `sale-session`).
 * @attr reversal-url - Merchant backend route that creates reversals (POST).
 * @attr sale-session - The sale's session id to cancel or refund (mode="reversal").
 * @attr devices-url - Merchant backend route listing POS terminals (GET), for handoff="device".
 * @attr device-id - The terminal to use (preselected in the picker, or the only one without devices-url).
 * @attr methods - "paypos", or "paypos card" to also offer a card form (needs payment-url).
 * @attr payment-url - Merchant backend route for card payments (POST).
 * @attr persist-key - sessionStorage key under which a pending session survives a reload ("none" turns it off).
 *
 * @csspart base - The outer box.
 * @csspart heading - The heading of the current state.
 * @csspart form - The payment form.
 * @csspart amount-input - The amount field.
 * @csspart instalments - The instalment choice.
 * @csspart methods - The payment method choice.
 * @csspart device-select - The terminal picker.
 * @csspart card-form - The card fields.
 * @csspart card-input - Each card field.
 * @csspart pay-button - The Pay (or Cancel/refund) button.
 * @csspart awaiting - The waiting view.
 * @csspart qr - The QR code figure.
 * @csspart open-button - The "Open PayPOS" link on Android.
 * @csspart copy-button - The "Copy link" button.
 * @csspart countdown - The time left.
 * @csspart cancel-button - The Cancel button while waiting.
 * @csspart note - The "reconnecting…" note, the one under a cancel while a late payment may still come, and the backend's reason under a payment the shop will check.
 * @csspart result - The final view (success, for the shop to check, failure, expiry, cancel, error).
 * @csspart message - A reason, error or instruction message in the final view.
 * @csspart retry-button - "Try again" / "Start again".
 * @csspart late-notice - The line saying an earlier, cancelled payment was completed on the phone after all, or can no longer be confirmed (shown beside the current view).
 *
 * @cssproperty --paynet-accent - Buttons, selection and focus colour.
 * @cssproperty --paynet-accent-text - Text on the accent colour.
 * @cssproperty --paynet-surface - Background.
 * @cssproperty --paynet-surface-muted - Background of summaries and notes.
 * @cssproperty --paynet-text - Text colour.
 * @cssproperty --paynet-text-muted - Secondary text colour.
 * @cssproperty --paynet-border - Borders of the box and the fields.
 * @cssproperty --paynet-danger - Errors.
 * @cssproperty --paynet-success - The success badge.
 * @cssproperty --paynet-radius - Corner radius of the box (fields and buttons use two thirds).
 * @cssproperty --paynet-font - Font family.
 * @cssproperty --paynet-focus-ring - Focus indicator (a box-shadow).
 */
export class PaynetCheckout extends LitElement {
  static override properties = {
    // Every public property (ATTRIBUTES), its attribute reflected and read through readProperty.
    ...publicProperties(),
    earlierOutcomes: { state: true },
  };

  static override styles = styles;

  // ---- public properties ----
  // Each declared once, here, for the published types and the manifest: the JSDoc is its
  // description, the getter's type what it holds, the setter's what it takes, which is wider (a
  // framework passes the attribute's string form: `el.instalments = "1,2,3"` holds [1, 2, 3]).
  // TypeScript gives a getter and a setter different types only as an accessor pair, so each
  // property is that pair, one line each over `values`: the setter reads its input through
  // readProperty, as the attribute converter does. The lit declarations (attribute, converter,
  // reflect) come from the ATTRIBUTES table, publicProperties(); lit wraps each pair it finds on
  // the prototype to request an update and reflect the attribute.

  private readonly values: PaynetCheckoutValues = defaultValues();

  /** Merchant backend route that creates sale sessions (POST). */
  get sessionUrl(): string { return this.values.sessionUrl; }
  set sessionUrl(value: PaynetCheckoutProperties['sessionUrl']) { this.write('sessionUrl', value); }
  /** Fixed amount ("149.90"; a number reads as its decimal string); when empty the shopper types it. */
  get amount(): string { return this.values.amount; }
  set amount(value: PaynetCheckoutProperties['amount']) { this.write('amount', value); }
  /** ISO 4217 code; only TRY today (another is reported as a misconfiguration on Pay). */
  get currency(): string { return this.values.currency; }
  set currency(value: PaynetCheckoutProperties['currency']) { this.write('currency', value); }
  /** Offered instalment counts (default [1]); takes an array or "1,2,3,6,9,12". */
  get instalments(): number[] { return this.values.instalments; }
  set instalments(value: PaynetCheckoutProperties['instalments']) { this.write('instalments', value); }
  /** "tr" or "en"; else the page's `<html lang>`, else "tr". */
  override get lang(): string { return this.values.lang; }
  override set lang(value: PaynetCheckoutProperties['lang']) { this.write('lang', value); }
  /** auto | qr | deeplink | device (auto: Android opens PayPOS, others get a QR code). */
  get handoff(): HandoffPreference { return this.values.handoff; }
  set handoff(value: PaynetCheckoutProperties['handoff']) { this.write('handoff', value); }
  /** Deeplink schemes the element may open (default ["paypos", "https"]); takes an array or "paypos https". */
  get allowedSchemes(): readonly string[] { return this.values.allowedSchemes; }
  set allowedSchemes(value: PaynetCheckoutProperties['allowedSchemes']) { this.write('allowedSchemes', value); }
  /** The shop's order reference, sent with the session request. */
  get reference(): string | undefined { return this.values.reference; }
  set reference(value: PaynetCheckoutProperties['reference']) { this.write('reference', value); }
  /** Order description, sent with the session request. */
  get description(): string | undefined { return this.values.description; }
  set description(value: PaynetCheckoutProperties['description']) { this.write('description', value); }
  /** Largest amount a shopper may type (default "1000000.00"). */
  get maxAmount(): string { return this.values.maxAmount; }
  set maxAmount(value: PaynetCheckoutProperties['maxAmount']) { this.write('maxAmount', value); }
  /** Status polling interval in ms (a number or a numeric string). */
  get pollInterval(): number | undefined { return this.values.pollInterval; }
  set pollInterval(value: PaynetCheckoutProperties['pollInterval']) { this.write('pollInterval', value); }
  /** Polling interval in ms once the session is older than pollSlowAfter. */
  get pollSlowInterval(): number | undefined { return this.values.pollSlowInterval; }
  set pollSlowInterval(value: PaynetCheckoutProperties['pollSlowInterval']) { this.write('pollSlowInterval', value); }
  /** Session age in ms after which polling slows down. */
  get pollSlowAfter(): number | undefined { return this.values.pollSlowAfter; }
  set pollSlowAfter(value: PaynetCheckoutProperties['pollSlowAfter']) { this.write('pollSlowAfter', value); }
  /** sale | reversal (reversal shows a "Cancel/refund" button for `saleSession`). */
  get mode(): CheckoutMode { return this.values.mode; }
  set mode(value: PaynetCheckoutProperties['mode']) { this.write('mode', value); }
  /** Merchant backend route that creates reversals (POST). */
  get reversalUrl(): string | undefined { return this.values.reversalUrl; }
  set reversalUrl(value: PaynetCheckoutProperties['reversalUrl']) { this.write('reversalUrl', value); }
  /** The sale's session id to cancel or refund (mode "reversal"). */
  get saleSession(): string | undefined { return this.values.saleSession; }
  set saleSession(value: PaynetCheckoutProperties['saleSession']) { this.write('saleSession', value); }
  /** Merchant backend route listing POS terminals (GET), for handoff "device". */
  get devicesUrl(): string | undefined { return this.values.devicesUrl; }
  set devicesUrl(value: PaynetCheckoutProperties['devicesUrl']) { this.write('devicesUrl', value); }
  /** The terminal to use (preselected in the picker, or the only one without devicesUrl). */
  get deviceId(): string | undefined { return this.values.deviceId; }
  set deviceId(value: PaynetCheckoutProperties['deviceId']) { this.write('deviceId', value); }
  /** ["paypos"], or ["paypos", "card"] to also offer a card form (needs paymentUrl); takes "paypos card" too. */
  get methods(): PaymentMethod[] { return this.values.methods; }
  set methods(value: PaynetCheckoutProperties['methods']) { this.write('methods', value); }
  /** Merchant backend route for card payments (POST). */
  get paymentUrl(): string | undefined { return this.values.paymentUrl; }
  set paymentUrl(value: PaynetCheckoutProperties['paymentUrl']) { this.write('paymentUrl', value); }
  /** sessionStorage key under which a pending session survives a reload ("none" turns it off). */
  get persistKey(): string | undefined { return this.values.persistKey; }
  set persistKey(value: PaynetCheckoutProperties['persistKey']) { this.write('persistKey', value); }

  // ---- internal state ----
  // Declared, not initialised as class fields, so lit's accessors are never shadowed whatever
  // the compiler's class-field semantics; the defaults are set in the constructor.

  /**
   * Outcomes of earlier, cancelled sessions found in the background (paid after all, or for
   * the shop to check), until the next payment starts.
   */
  declare private earlierOutcomes: readonly EarlierOutcome[];

  private readonly checkout: CheckoutController;
  private readonly afterPay: AfterPayViews;
  private renderedStatus: CheckoutStatus | undefined;
  /** What the shopper fills in, and the form of the mode that takes it. */
  private readonly form: FormController;
  /** "Copy link" under the QR code. */
  private readonly copyLink = new CopyLink(this);

  constructor() {
    super();
    this.earlierOutcomes = [];
    this.checkout = new CheckoutController(
      this,
      () => checkoutOptions(this, (code) => this.strings.describeError(code)),
      (notice) => this.handleNotice(notice),
    );
    this.form = new FormController(this, {
      settings: () => this.values,
      strings: () => this.strings,
      submit: () => void this.pay(),
    });
    this.afterPay = new AfterPayViews(this, {
      checkout: this.checkout,
      copyLink: this.copyLink,
      selectedDevice: () => this.form.selectedDevice,
      allowedSchemes: () => this.allowedSchemes,
      onCancel: () => this.cancel(),
      onReset: () => this.reset(),
    });
  }

  /** The checkout's current state (read-only; changes arrive as `paynet-*` events). */
  get state(): CheckoutState {
    return this.checkout.state;
  }

  /**
   * Validates the form, then starts the payment (or the reversal). Resolves with the final
   * result; never rejects. `{status: 'needs_review', reason, session?}` means the shop will
   * check the payment by hand: not a failure, money may have been taken. Invalid input or a missing setting resolve at once with
   * `{status: 'error', error: {code: 'invalid_input' | 'misconfigured'}}` and fire no event.
   * Called while a payment runs, it joins that payment.
   */
  pay(): Promise<CheckoutResult> {
    const status = this.checkout.state.status;
    if (status === 'creating' || status === 'awaiting') return this.checkout.join();
    const built = this.form.request();
    if ('status' in built) return Promise.resolve(built);
    this.form.started();
    this.earlierOutcomes = [];
    // The QR code's chunk comes in parallel with the session request, not after it.
    if (built.kind !== 'card' && built.handoff !== 'device') void qrChunk.load().catch(() => undefined);
    const result = this.checkout.start(built);
    if (built.kind === 'card') this.form.forgetCard();
    return result;
  }

  /** Asks the backend to cancel the pending session; its answer decides (it may still be a success). */
  cancel(): void {
    this.checkout.cancel();
  }

  /** From a final state back to the form. */
  reset(): void {
    this.copyLink.reset();
    this.checkout.reset();
  }

  /**
   * A server-rendered element arrives with its declarative shadow root already attached. With
   * lit's hydration support loaded (`@lit-labs/ssr-client/lit-element-hydrate-support.js`) lit
   * takes that markup over. Without it lit would render after the server's markup and show
   * the form twice, so the markup is dropped and the element renders afresh.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const serverRendered = this.shadowRoot === null ? [] : [...this.shadowRoot.childNodes];
    const root = super.createRenderRoot();
    const hydrating = (this as unknown as { _$needsHydration?: boolean })._$needsHydration === true;
    if (!hydrating && serverRendered.length > 0) {
      for (const node of serverRendered) node.remove();
      // lit renders before the root's first child (it was the server's markup).
      this.renderOptions.renderBefore = root.firstChild;
    }
    return root;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.form.settingsChanged(changed);
  }

  protected override firstUpdated(): void {
    // The QR code is a sale's likeliest next view: its chunk comes while the page is idle.
    whenIdle(() => {
      if (this.handoff !== 'device' && this.methods.includes('paypos')) void qrChunk.load().catch(() => undefined);
    });
  }

  protected override updated(): void {
    const status = this.checkout.state.status;
    if (this.renderedStatus !== undefined && status !== this.renderedStatus && status !== 'creating') {
      this.focusHeading();
    }
    this.renderedStatus = status;
  }

  /** Turkish stands in only outside render (a pay() before English arrived); render waits for the language. */
  private get strings(): Strings {
    return stringsFor(this.language) ?? tr;
  }

  /** The page's language is looked up only when the element's own does not decide (and not at all on a server). */
  private get language(): Lang {
    return resolveLang(this.lang, pageLang);
  }

  /** A public property's setter: the value read from `input`; an equal list keeps its identity (no update). */
  private write<K extends PaynetCheckoutPropertyName>(name: K, input: unknown): void {
    const next = readProperty(name, input);
    if (!sameValue(this.values[name], next)) this.values[name] = next;
  }

  private handleNotice(notice: CheckoutNotice): void {
    // Notices come from the runner, so the runtime that holds the events is there.
    const runtime = runtimeChunk.get();
    if (runtime === undefined) return;
    if (notice.type === 'launch') {
      runtime.launchDeeplink(notice.url, this.renderRoot, this.allowedSchemes);
      return;
    }
    if ((notice.type === 'success' || notice.type === 'review') && notice.background === true) {
      // Another session's news: the card being typed for this one stays.
      const outcome: EarlierOutcome | undefined =
        notice.type === 'success' ? { kind: 'paid', transaction: notice.transaction } : notice.session === undefined ? undefined : { kind: 'review', session: notice.session };
      if (outcome !== undefined) this.earlierOutcomes = [...this.earlierOutcomes, outcome];
    } else if (notice.type !== 'session' && notice.type !== 'status') {
      this.form.forgetCard();
    }
    const event = runtime.eventForNotice(notice);
    if (event !== undefined) this.dispatchEvent(event);
  }

  // ---- focus ----

  /** Only when focus is ours to move: inside the element, or nowhere (the pressed button vanished). */
  private focusHeading(): void {
    const active = document.activeElement;
    const ours = this.matches(':focus-within') || active === null || active === document.body;
    if (!ours) return;
    this.renderRoot.querySelector<HTMLElement>('[data-heading]')?.focus();
  }

  // ---- render ----

  override render(): TemplateResult | typeof nothing {
    const state = this.checkout.state;
    const s = stringsToRender(this.language, () => this.requestUpdate());
    if (s === undefined) return nothing;
    // Pay pressed, or a session kept across a reload on its way back, before the runtime is in: a busy form.
    const view = isFormState(state) ? this.form.render(s, state.status === 'creating' || this.checkout.busy) : this.afterPay.render(state, s);
    return html`<div part="base" class="base" lang=${s.locale}>
      ${view} ${this.afterPay.lateNotice(s, this.earlierOutcomes, this.mode === 'reversal')}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${announcement(state, s, this.copyLink.state)}</div>
    </div>`;
  }
}
