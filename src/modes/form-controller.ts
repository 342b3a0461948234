/**
 * The form the shopper fills in, as a lit controller on the element: what was typed and chosen,
 * the errors shown, the terminal list, and the form of the mode the settings and the choice of
 * method select. Pay builds its request from here (build-request.ts, pure); the element only
 * decides when.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AmountError } from '../amount/parse-amount.js';
import type { CheckoutResult, StartRequest } from '../flow/types.js';
import { currentUserAgent, detectPlatform } from '../handoff/platform.js';
import type { Strings } from '../i18n/strings.js';
import type { PaymentMethod, PaynetCheckoutValues } from '../paynet-checkout.attributes.js';
import { renderSaleForm } from '../views/sale-form-view.js';
import { buildRequest, invalidInputMessage, type CardErrors } from './build-request.js';
import { emptyCardDraft, type CardField } from './card/card-draft.js';
import type { CheckoutForm } from './checkout-form.js';
import { cardEnabled, chooseMode, type Mode } from './choose-mode.js';
import { formattedMax, orderAmount, PAYPOS_CURRENCY } from './order.js';
import { renderReversalForm } from './reversal/reversal-form-view.js';
import type { DevicesTask } from './terminal/devices-task.js';
import { devicesUrlToLoad } from './terminal/devices-url.js';
import { cardChunk, terminalChunk } from '../lazy/chunks.js';
import { adoptChunkStyles } from '../lazy/chunk-styles.js';
import type { LazyModule } from '../lazy/lazy-module.js';

/** The element the form is on: a lit host, on the page or not, with its shadow root. */
export type FormHost = ReactiveControllerHost & Pick<HTMLElement, 'isConnected'> & { readonly hasUpdated: boolean; readonly renderRoot: ParentNode };

/** What the form needs of the element besides: its settings (public properties, read), its strings, Pay. */
export interface FormLink {
  settings(): PaynetCheckoutValues;
  strings(): Strings;
  /** Pressed Pay (or submitted the form with Enter). */
  submit(): void;
}

/** What `pay()` resolves with when it never reached the backend (invalid input or setup). */
function localError(code: 'invalid_input' | 'misconfigured', message: string): CheckoutResult {
  return { status: 'error', error: { code, message, retryable: code === 'invalid_input' } };
}

export class FormController implements ReactiveController {
  /** What the shopper typed and chose; the card in it is wiped when a payment starts and on any result. */
  private form: CheckoutForm = { amountInput: '', instalment: 1, method: 'paypos', card: emptyCardDraft(), selectedDevice: '' };
  private amountError: AmountError | undefined;
  private cardErrors: CardErrors = {};
  private formError: string | undefined;
  /** The terminal list, for handoff="device" with a devices-url; made once the terminal chunk is in. */
  private devices: DevicesTask | undefined;

  constructor(
    private readonly host: FormHost,
    private readonly link: FormLink,
  ) {
    host.addController(this);
  }

  /** The terminal chosen in the picker ('' for none), shown while the sale waits on it. */
  get selectedDevice(): string {
    return this.form.selectedDevice;
  }

  hostConnected(): void {
    // Back on the page: the list may have changed while the element was away.
    if (this.host.hasUpdated && this.needsDevices()) void this.devices?.run();
  }

  hostDisconnected(): void {
    this.devices?.abort();
  }

  /** Settings changed: the choices made must still be among the ones offered. */
  settingsChanged(changed: { has(name: PropertyKey): boolean }): void {
    const { instalments, methods, deviceId } = this.link.settings();
    if (changed.has('instalments') && !instalments.includes(this.form.instalment)) this.edit({ instalment: instalments[0] ?? 1 });
    if (changed.has('methods') && !methods.includes(this.form.method)) this.edit({ method: methods[0] ?? 'paypos' });
    if (changed.has('deviceId') && deviceId !== undefined) this.edit({ selectedDevice: deviceId });
  }

  /**
   * The request Pay starts, or what `pay()` resolves with when there is none; shows the form's
   * errors either way and moves focus to the first invalid field.
   */
  request(): StartRequest | CheckoutResult {
    const s = this.link.strings();
    const built = buildRequest(this.form, this.link.settings(), {
      platform: detectPlatform(currentUserAgent()),
      today: new Date(),
      buildCard: cardChunk.get()?.buildCardRequest,
    });
    if (built.outcome === 'misconfigured') {
      this.set(() => (this.formError = s.misconfigured));
      return localError('misconfigured', s.misconfigured);
    }
    const fields = built.fields;
    if (fields !== undefined) {
      this.set(() => {
        this.amountError = fields.amount;
        if (fields.card !== undefined) this.cardErrors = fields.card;
        this.formError = fields.deviceMissing ? s.deviceRequired : undefined;
      });
    }
    if (built.outcome === 'ready') return built.request;
    void this.host.updateComplete.then(() => this.focusFirstInvalid());
    return localError('invalid_input', invalidInputMessage(s, built.fields, () => this.formattedMax()));
  }

  /** A payment started: the form's message goes. */
  started(): void {
    this.set(() => (this.formError = undefined));
  }

  /** The card typed is gone from the element, and from the fields with it (they render the draft). */
  forgetCard(): void {
    this.edit({ card: emptyCardDraft() });
    this.set(() => (this.cardErrors = {}));
  }

  /** The form of the mode the settings and the shopper's choice of method select. */
  render(s: Strings, busy: boolean): TemplateResult {
    const settings = this.link.settings();
    const mode = chooseMode(settings, this.form.method, detectPlatform(currentUserAgent()));
    if (mode.name === 'reversal') {
      return renderReversalForm({ strings: s, busy, saleSession: settings.saleSession ?? '', formError: this.formError, onSubmit: this.handleSubmit });
    }
    return renderSaleForm({
      strings: s,
      busy,
      currency: PAYPOS_CURRENCY,
      fixedAmount: settings.amount,
      parsedAmount: orderAmount(settings, this.form.amountInput),
      amountInput: this.form.amountInput,
      amountError: this.amountError,
      formattedMax: () => this.formattedMax(),
      methodChoices: cardEnabled(settings) ? settings.methods : [],
      method: this.form.method,
      instalments: settings.instalments,
      instalment: this.form.instalment,
      modeFields: this.modeFields(mode, s, busy),
      formError: this.formError,
      onSubmit: this.handleSubmit,
      onAmountInput: this.handleAmountInput,
      onMethodChange: this.handleMethodChange,
      onInstalmentChange: this.handleInstalmentChange,
    });
  }

  private modeFields(mode: Exclude<Mode, { name: 'reversal' }>, s: Strings, busy: boolean): TemplateResult | typeof nothing {
    switch (mode.name) {
      case 'card': {
        const card = this.chunk(cardChunk);
        if (card !== undefined) adoptChunkStyles(this.host, card.cardStyles);
        // Wiped as the request starts: no empty card form while it is on its way.
        return busy || card === undefined ? nothing : card.renderCardFields({ strings: s, draft: this.form.card, errors: this.cardErrors, onChange: this.handleCardChange });
      }
      case 'terminal': {
        const terminal = this.chunk(terminalChunk);
        if (terminal === undefined) return nothing;
        if (this.devices === undefined) {
          const settings = this.link.settings;
          this.devices = terminal.devicesTask(
            this.host,
            () => (this.host.isConnected ? devicesUrlToLoad(settings()) : undefined),
            (devices) => this.edit({ selectedDevice: terminal.preselectedDevice(devices, this.form.selectedDevice) }),
          );
          // Made while the list is already wanted, so it is run by hand, once this render is done.
          void this.host.updateComplete.then(() => this.devices?.run());
        }
        return terminal.renderDevicePicker({
          strings: s,
          devices: terminal.devicesState(this.devices),
          listExpected: this.needsDevices(),
          deviceId: this.link.settings().deviceId,
          selectedDevice: this.form.selectedDevice,
          onSelect: this.handleDeviceSelect,
          onRetry: this.handleDevicesRetry,
        });
      }
      case 'paypos':
        return nothing;
    }
  }

  /** A mode's chunk, or undefined while it loads (the form renders again when it is in). */
  private chunk<T>(lazy: LazyModule<T>): T | undefined {
    const loaded = lazy.get();
    if (loaded === undefined) {
      void lazy.load().then(
        () => this.host.requestUpdate(),
        // Offline: the next render asks again.
        () => undefined,
      );
    }
    return loaded;
  }

  private needsDevices(): boolean {
    return devicesUrlToLoad(this.link.settings()) !== undefined;
  }

  private formattedMax(): string {
    return formattedMax(this.link.settings(), this.link.strings().locale);
  }

  private focusFirstInvalid(): void {
    this.host.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], #device')?.focus();
  }

  /** A change to what the form shows: the element renders again. */
  private set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  private edit(change: Partial<CheckoutForm>): void {
    this.set(() => (this.form = { ...this.form, ...change }));
  }

  private readonly handleSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.link.submit();
  };

  private readonly handleAmountInput = (value: string): void => {
    this.edit({ amountInput: value });
    // Errors are cleared while typing and shown again on the next Pay, not on every key.
    this.set(() => (this.amountError = undefined));
  };

  private readonly handleCardChange = (field: CardField, value: string): void => {
    this.edit({ card: { ...this.form.card, [field]: value } });
    if (this.cardErrors[field] !== undefined) {
      const { [field]: _cleared, ...rest } = this.cardErrors;
      this.set(() => (this.cardErrors = rest));
    }
  };

  private readonly handleMethodChange = (method: PaymentMethod): void => {
    this.edit({ method });
    this.set(() => (this.formError = undefined));
  };

  private readonly handleInstalmentChange = (count: number): void => {
    this.edit({ instalment: count });
  };

  private readonly handleDeviceSelect = (deviceId: string): void => {
    this.edit({ selectedDevice: deviceId });
    this.set(() => (this.formError = undefined));
  };

  private readonly handleDevicesRetry = (): void => {
    void this.devices?.run();
  };
}
