/**
 * The payment form (idle, and disabled while the session is being created): method choice,
 * amount, instalments, then the card form or the terminal picker, and the Pay button. In
 * reversal mode, only the sale to cancel and a "Cancel/refund" button.
 */
import { html, isServer, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { formatAmount } from '../amount/format-amount.js';
import type { AmountError, ParsedAmount } from '../amount/parse-amount.js';
import type { Currency } from '../contract.js';
import type { Strings } from '../i18n/strings.js';
import type { PaymentMethod } from '../paynet-checkout.attributes.js';
import { renderCardFields, type CardFieldsProps } from '../modes/card/card-form-view.js';
import { renderDevicePicker, type DevicePickerProps } from './device-picker-view.js';

export interface FormViewProps {
  strings: Strings;
  /** The session is being created: fields disabled, spinner on the button. */
  busy: boolean;
  reversal: boolean;
  saleSession: string;
  currency: Currency;
  /** The `amount` attribute; '' when the shopper types the amount. */
  fixedAmount: string;
  /** The amount as it would be charged now (fixed or typed). */
  parsedAmount: ParsedAmount;
  amountInput: string;
  amountError: AmountError | undefined;
  /** The largest amount a shopper may type, formatted; asked for only by an error message. */
  formattedMax: () => string;
  /** Methods to choose between; fewer than two shows no choice. */
  methodChoices: readonly PaymentMethod[];
  method: PaymentMethod;
  instalments: readonly number[];
  instalment: number;
  /** Set when paying by card. */
  card: Omit<CardFieldsProps, 'strings'> | undefined;
  /** Set when the sale goes to a POS terminal. */
  devicePicker: Omit<DevicePickerProps, 'strings'> | undefined;
  formError: string | undefined;
  onSubmit: (event: SubmitEvent) => void;
  onAmountInput: (value: string) => void;
  onMethodChange: (method: PaymentMethod) => void;
  onInstalmentChange: (count: number) => void;
}

export function renderForm(props: FormViewProps): TemplateResult {
  const { strings: s, busy, reversal, parsedAmount: amount, card, devicePicker } = props;
  const label = reversal ? s.refund : amount.ok ? s.pay(formatAmount(amount.value, s.locale, props.currency)) : s.payNoAmount;
  return html`<form part="form" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${props.onSubmit}>
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${reversal ? s.reversalHeading : s.formHeading}</h2>
    <fieldset ?disabled=${busy} class="fields">
      ${reversal
        ? html`<p>${s.reversalIntro(props.saleSession)}</p>`
        : html`${renderMethods(props)}${renderAmount(props)}${renderInstalments(props)}
          ${card !== undefined
            ? busy
              ? nothing
              : renderCardFields({ strings: s, ...card })
            : devicePicker !== undefined
              ? renderDevicePicker({ strings: s, ...devicePicker })
              : nothing}`}
    </fieldset>
    <p class="error" role="alert">${props.formError ?? ''}</p>
    <button part="pay-button" class="primary" type="submit" aria-disabled=${busy ? 'true' : 'false'}>
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>${s.preparing}` : label}
    </button>
  </form>`;
}

function renderMethods(props: FormViewProps): TemplateResult | typeof nothing {
  const { strings: s, methodChoices } = props;
  if (methodChoices.length < 2) return nothing;
  const option = (method: PaymentMethod, text: string): TemplateResult => html`<label class="segment">
    <input
      type="radio"
      name="method"
      .value=${method}
      ?checked=${isServer && props.method === method}
      .checked=${checkedProperty(props.method === method)}
      @change=${() => {
        props.onMethodChange(method);
      }}
    /><span>${text}</span>
  </label>`;
  return html`<fieldset class="segmented" part="methods">
    <legend>${s.methodLabel}</legend>
    <div class="segments">${methodChoices.map((m) => option(m, m === 'card' ? s.methodCard : s.methodPaypos))}</div>
  </fieldset>`;
}

function renderAmount(props: FormViewProps): TemplateResult {
  const { strings: s } = props;
  if (props.fixedAmount !== '') {
    const fixed = props.parsedAmount;
    return html`<dl class="summary">
      <dt>${s.amountToPay}</dt>
      <dd>${fixed.ok ? formatAmount(fixed.value, s.locale, props.currency) : props.fixedAmount}</dd>
    </dl>`;
  }
  const error = props.amountError;
  return html`<div class="field">
    <label for="amount">${s.amountLabel}</label>
    <input
      id="amount"
      class="amount-input"
      part="amount-input"
      name="amount"
      inputmode="decimal"
      autocomplete="off"
      enterkeyhint="go"
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby="amount-hint amount-error"
      .value=${live(props.amountInput)}
      @input=${(event: InputEvent) => {
        props.onAmountInput((event.target as HTMLInputElement).value);
      }}
    />
    <p id="amount-hint" class="hint">${s.amountHint}</p>
    <p id="amount-error" class="error">${error === undefined ? '' : s.amountErrors[error](props.formattedMax())}</p>
  </div>`;
}

function renderInstalments(props: FormViewProps): TemplateResult | typeof nothing {
  const { strings: s, instalments } = props;
  if (instalments.length < 2) return nothing;
  return html`<fieldset class="segmented" part="instalments">
    <legend>${s.instalmentsLabel}</legend>
    <div class="segments">
      ${instalments.map(
        (count) => html`<label class="segment">
          <input
            type="radio"
            name="instalment"
            .value=${String(count)}
            ?checked=${isServer && props.instalment === count}
            .checked=${checkedProperty(props.instalment === count)}
            @change=${() => {
              props.onInstalmentChange(count);
            }}
          /><span>${s.instalmentOption(count)}</span>
        </label>`,
      )}
    </div>
  </fieldset>`;
}

/**
 * A radio's checkedness: the live property in the browser (it follows the state even after the
 * shopper clicked), and on the server the `checked` attribute alone (the `?checked` binding
 * beside it), because lit's server renderer writes a property as an attribute and
 * `checked="false"` reads as checked.
 */
function checkedProperty(selected: boolean): ReturnType<typeof live> | typeof nothing {
  return isServer ? nothing : live(selected);
}
