/**
 * What a payment request is built from: the form as the shopper filled it in, the element's
 * settings (its public properties, read), and the two facts of the moment that are not
 * settings (the device, for `handoff="auto"`, and today, for a card's expiry). Types only.
 */
import type { Platform } from '../handoff/platform.js';
import type { PaymentMethod, PaynetCheckoutValues } from '../paynet-checkout.attributes.js';
import type { CardDraft } from './card/card-draft.js';
import type { RequestOutcome } from './request-outcome.js';

/** The form's values: what the shopper typed and chose. */
export interface CheckoutForm {
  amountInput: string;
  instalment: number;
  method: PaymentMethod;
  card: CardDraft;
  /** The terminal chosen in the picker ('' for none). */
  selectedDevice: string;
}

/** The element's settings a request depends on. */
export type RequestSettings = Pick<
  PaynetCheckoutValues,
  | 'mode'
  | 'currency'
  | 'sessionUrl'
  | 'amount'
  | 'maxAmount'
  | 'instalments'
  | 'handoff'
  | 'reference'
  | 'description'
  | 'reversalUrl'
  | 'saleSession'
  | 'methods'
  | 'paymentUrl'
>;

export interface RequestContext {
  platform: Platform;
  today: Date;
  /** The card's builder, from the card chunk (with its checks); undefined until that is loaded. */
  buildCard?: CardRequestBuilder | undefined;
}

export type CardRequestBuilder = (form: CheckoutForm, settings: RequestSettings, today: Date) => RequestOutcome;
