/** The reversal's form: only the sale to cancel or refund, and a "Cancel/refund" button. */
import { html, type TemplateResult } from 'lit';
import type { Strings } from '../../i18n/strings.js';
import { renderForm } from '../../views/form-view.js';

export interface ReversalFormProps {
  strings: Strings;
  busy: boolean;
  saleSession: string;
  formError: string | undefined;
  onSubmit: (event: SubmitEvent) => void;
}

export function renderReversalForm({ strings: s, busy, saleSession, formError, onSubmit }: ReversalFormProps): TemplateResult {
  return renderForm({
    strings: s,
    busy,
    heading: s.reversalHeading,
    fields: html`<p>${s.reversalIntro(saleSession)}</p>`,
    payLabel: s.refund,
    formError,
    onSubmit,
  });
}
