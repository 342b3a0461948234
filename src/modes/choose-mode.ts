/**
 * Which mode the checkout is in, from its settings and the method the shopper chose: a
 * reversal, a card payment, a sale sent to a terminal, or a sale handed to PayPOS (a QR code
 * or the deeplink). The element renders the form of that mode and builds its request. Pure.
 */
import type { Platform } from '../handoff/platform.js';
import { resolveHandoff } from '../handoff/platform.js';
import type { PaymentMethod } from '../paynet-checkout.attributes.js';
import type { RequestSettings } from './checkout-form.js';

export type Mode =
  | { name: 'paypos'; handoff: 'qr' | 'deeplink' }
  | { name: 'terminal' }
  | { name: 'card' }
  | { name: 'reversal' };

/** The card form is offered only with a route to send the card to. */
export function cardEnabled(settings: Pick<RequestSettings, 'methods' | 'paymentUrl'>): boolean {
  return settings.methods.includes('card') && settings.paymentUrl !== undefined && settings.paymentUrl !== '';
}

export function chooseMode(settings: Pick<RequestSettings, 'mode' | 'methods' | 'paymentUrl' | 'handoff'>, method: PaymentMethod, platform: Platform): Mode {
  if (settings.mode === 'reversal') return { name: 'reversal' };
  if (method === 'card' && cardEnabled(settings)) return { name: 'card' };
  const handoff = resolveHandoff(settings.handoff, platform);
  return handoff === 'device' ? { name: 'terminal' } : { name: 'paypos', handoff };
}
