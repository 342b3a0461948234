/**
 * The card form's fields as a lit template, rendered from the draft: the values live in the
 * element only while the shopper types, and when the element clears the draft (as the payment
 * request starts, and on any result) the fields show it empty.
 */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { Strings } from '../../i18n/strings.js';
import { cardDigits, cvcLength, detectBrand, formatCardNumber } from './card-number.js';
import { formatExpiryInput } from './expiry.js';
import type { CardDraft, CardField, CardFieldError } from './validate-card.js';

export interface CardFieldsProps {
  strings: Strings;
  draft: CardDraft;
  errors: Partial<Record<CardField, CardFieldError>>;
  onChange: (field: CardField, value: string) => void;
}

const IDS: Record<CardField, { id: string; autocomplete: string }> = {
  holder: { id: 'cc-name', autocomplete: 'cc-name' },
  number: { id: 'cc-number', autocomplete: 'cc-number' },
  expiry: { id: 'cc-exp', autocomplete: 'cc-exp' },
  cvc: { id: 'cc-csc', autocomplete: 'cc-csc' },
};

export function renderCardFields({ strings, draft, errors, onChange }: CardFieldsProps): TemplateResult {
  const brand = detectBrand(cardDigits(draft.number));
  const message = (field: CardField): string => {
    const error = errors[field];
    if (error === undefined) return '';
    return strings.cardErrors[field][error] ?? strings.cardErrors[field].invalid;
  };
  const field = (
    name: CardField,
    label: string,
    value: string,
    extra: { inputmode?: string; maxlength?: number; placeholder?: string; wide?: boolean; format?: (v: string) => string },
    after?: TemplateResult,
  ): TemplateResult => {
    const { id, autocomplete } = IDS[name];
    const invalid = errors[name] !== undefined;
    return html`<div class="field ${extra.wide === true ? 'wide' : ''}">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${autocomplete}
        part="card-input"
        autocomplete=${autocomplete}
        inputmode=${ifDefined(extra.inputmode)}
        maxlength=${ifDefined(extra.maxlength)}
        placeholder=${ifDefined(extra.placeholder)}
        spellcheck="false"
        autocapitalize=${name === 'holder' ? 'characters' : 'off'}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="${id}-error"
        .value=${live(value)}
        @input=${(event: InputEvent) => {
          const input = event.target as HTMLInputElement;
          const formatted = extra.format === undefined ? input.value : extra.format(input.value);
          if (formatted !== input.value) input.value = formatted;
          onChange(name, formatted);
        }}
      />
      ${after ?? ''}
      <p id="${id}-error" class="error">${message(name)}</p>
    </div>`;
  };
  return html`<fieldset class="card-grid" part="card-form">
    <legend class="visually-hidden">${strings.methodCard}</legend>
    ${field('holder', strings.cardHolderLabel, draft.holder, { wide: true, maxlength: 64 })}
    ${field(
      'number',
      strings.cardNumberLabel,
      formatCardNumber(draft.number),
      { inputmode: 'numeric', maxlength: 23, wide: true, format: formatCardNumber },
      html`<span class="brand" aria-live="polite">${brand === undefined ? '' : strings.cardBrand(brand)}</span>`,
    )}
    ${field('expiry', strings.cardExpiryLabel, draft.expiry, {
      inputmode: 'numeric',
      maxlength: 5,
      placeholder: strings.cardExpiryPlaceholder,
      format: formatExpiryInput,
    })}
    ${field('cvc', strings.cardCvcLabel, draft.cvc, {
      inputmode: 'numeric',
      maxlength: cvcLength(brand),
      format: (v) => v.replace(/[^0-9]/gu, '').slice(0, 4),
    })}
  </fieldset>`;
}
