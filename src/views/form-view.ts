/**
 * The form every mode shows before it starts (idle, and disabled while the request is on its
 * way): the heading, the mode's fields, the form's error line and the Pay button.
 */
import { html, type TemplateResult } from 'lit';
import type { Strings } from '../i18n/strings.js';

export interface FormViewProps {
  strings: Strings;
  /** The request is on its way: fields disabled, spinner on the button. */
  busy: boolean;
  heading: string;
  fields: TemplateResult;
  /** The button's text when not busy. */
  payLabel: string;
  formError: string | undefined;
  onSubmit: (event: SubmitEvent) => void;
}

export function renderForm({ strings: s, busy, heading, fields, payLabel, formError, onSubmit }: FormViewProps): TemplateResult {
  return html`<form part="form" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${onSubmit}>
    <h2 class="heading" part="heading" tabindex="-1" data-heading>${heading}</h2>
    <fieldset ?disabled=${busy} class="fields">${fields}</fieldset>
    <p class="error" role="alert">${formError ?? ''}</p>
    <button part="pay-button" class="primary" type="submit" aria-disabled=${busy ? 'true' : 'false'}>
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>${s.preparing}` : payLabel}
    </button>
  </form>`;
}
