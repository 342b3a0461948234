/**
 * The form of a sale (handed to PayPOS, sent to a terminal, or paid by card): the method
 * choice, the amount, the instalments, then the fields of the mode (the card form, the
 * terminal picker), in the form every mode shows.
 */
import { html, isServer, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { formatAmount } from '../amount/format-amount.js';
import type { AmountError, ParsedAmount } from '../amount/parse-amount.js';
import type { Currency } from '../contract.js';
import type { Strings } from '../i18n/strings.js';
import type { PaymentMethod } from '../paynet-checkout.attributes.js';
import { renderForm } from './form-view.js';

export interface SaleFormProps {
  strings: Strings;
  /** The request is on its way: fields disabled, spinner on the button. */
  busy: boolean;
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
  /** The mode's own fields, after the order's. */
  modeFields: TemplateResult | typeof nothing;
  formError: string | undefined;
  onSubmit: (event: SubmitEvent) => void;
  onAmountInput: (value: string) => void;
  onMethodChange: (method: PaymentMethod) => void;
  onInstalmentChange: (count: number) => void;
}

export function renderSaleForm(props: SaleFormProps): TemplateResult {
  const { strings: s, parsedAmount: amount } = props;
  return renderForm({
    strings: s,
    busy: props.busy,
    heading: s.formHeading,
    fields: html`${renderMethods(props)}${renderAmount(props)}${renderInstalments(props)} ${props.modeFields}`,
    payLabel: amount.ok ? s.pay(formatAmount(amount.value, s.locale, props.currency)) : s.payNoAmount,
    formError: props.formError,
    onSubmit: props.onSubmit,
  });
}

function renderMethods(props: SaleFormProps): TemplateResult | typeof nothing {
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

function renderAmount(props: SaleFormProps): TemplateResult {
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

function renderInstalments(props: SaleFormProps): TemplateResult | typeof nothing {
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
