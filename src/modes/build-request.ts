/**
 * Pay's first step, pure: from the form and the element's settings to the request that starts
 * the payment, or the reason there is none. Each mode builds its own request
 * (src/modes/<mode>/build-*-request.ts); the element applies the outcome (shows the errors,
 * moves focus) and starts the request.
 */
import type { Strings } from '../i18n/strings.js';
import type { CheckoutForm, RequestContext, RequestSettings } from './checkout-form.js';
import { chooseMode } from './choose-mode.js';
import { PAYPOS_CURRENCY } from './order.js';
import { buildPayposRequest } from './paypos/build-sale-request.js';
import { MISCONFIGURED, type FieldErrors, type RequestOutcome } from './request-outcome.js';
import { buildReversalRequest } from './reversal/build-reversal-request.js';
import { buildTerminalRequest } from './terminal/build-terminal-request.js';

export type { CardErrors, FieldErrors, RequestOutcome } from './request-outcome.js';

const CARD_FIELDS_NOT_LOADED: RequestOutcome = {
  outcome: 'invalid',
  fields: { amount: undefined, card: { holder: 'empty', number: 'empty', expiry: 'empty', cvc: 'empty' }, deviceMissing: false },
};

export function buildRequest(form: CheckoutForm, settings: RequestSettings, context: RequestContext): RequestOutcome {
  if (settings.currency !== PAYPOS_CURRENCY) return MISCONFIGURED;
  const mode = chooseMode(settings, form.method, context.platform);
  switch (mode.name) {
    case 'reversal':
      return buildReversalRequest(settings, context.platform);
    case 'card':
      // The card's checks come with its fields: without them no card was typed.
      return context.buildCard === undefined ? CARD_FIELDS_NOT_LOADED : context.buildCard(form, settings, context.today);
    case 'terminal':
      return buildTerminalRequest(form, settings);
    case 'paypos':
      return buildPayposRequest(form, settings, mode.handoff);
  }
}

/** What `pay()` resolves with for invalid input: the first problem, as the form shows it. */
export function invalidInputMessage(s: Strings, fields: FieldErrors, formattedMax: () => string): string {
  if (fields.amount !== undefined) return s.amountErrors[fields.amount](formattedMax());
  return fields.deviceMissing ? s.deviceRequired : s.cardErrors.number.invalid;
}
