/**
 * Every piece of text the element shows, as one typed interface: a translation that misses a
 * key does not compile. Values that depend on a number or a name are functions, so each
 * language builds its own grammar (Turkish suffixes, English plurals) instead of concatenating.
 */
import type { AmountError } from '../amount/parse-amount.js';
import type { CardField, CardFieldError } from '../modes/card/validate-card.js';

export type Lang = 'tr' | 'en';

export interface Strings {
  /** BCP 47 tag used for Intl formatting. */
  locale: string;

  formHeading: string;
  reversalHeading: string;
  reversalIntro: (saleSessionId: string) => string;
  amountLabel: string;
  amountHint: string;
  amountErrors: Record<AmountError, (maxAmount: string) => string>;
  instalmentsLabel: string;
  instalmentOption: (count: number) => string;
  methodLabel: string;
  methodPaypos: string;
  methodCard: string;
  pay: (formattedAmount: string) => string;
  payNoAmount: string;
  refund: string;
  preparing: string;
  misconfigured: string;

  deviceLabel: string;
  devicesLoading: string;
  devicesFailed: string;
  devicesRetry: string;
  devicesEmpty: string;
  deviceRequired: string;

  cardHolderLabel: string;
  cardNumberLabel: string;
  cardExpiryLabel: string;
  cardExpiryPlaceholder: string;
  cardCvcLabel: string;
  cardErrors: Record<CardField, Partial<Record<CardFieldError, string>> & { invalid: string }>;
  cardBrand: (brand: string) => string;

  qrHeading: string;
  qrInstructions: string;
  qrAlt: string;
  deeplinkHeading: string;
  deeplinkInstructions: string;
  openPaypos: string;
  deviceHeading: string;
  sentToTerminal: (label: string) => string;
  amountToPay: string;
  timeLeftLabel: string;
  timeLeft: (minutes: number, seconds: number) => string;
  copyLink: string;
  linkCopied: string;
  copyFallbackLabel: string;
  cancel: string;
  cancelling: string;
  reconnecting: string;

  succeededHeading: string;
  reversalSucceededHeading: string;
  failedHeading: string;
  expiredHeading: string;
  expiredText: string;
  cancelledHeading: string;
  cancelledText: string;
  /** Under a cancel while the phone could still take the card (Paynet cannot void a session). */
  lateWatchNote: string;
  /**
   * A cancelled earlier session was paid on the phone after all (found by its background
   * watch) while something else is shown. `card` is the masked number when the backend sent it.
   */
  earlierPaymentCompleted: (formattedAmount: string, card: string | undefined) => string;
  /** The same for a cancelled cancel/refund (mode="reversal") that the phone completed after all. */
  earlierReversalCompleted: (formattedAmount: string) => string;
  /**
   * The backend could not learn the payment's fate from Paynet (`needs_review`); the shop checks
   * it by hand. Not a failure: money may have been taken, so the text never asks to pay again.
   */
  reviewHeading: string;
  reviewText: string;
  /** The same for a cancel/refund (mode="reversal"). */
  reversalReviewHeading: string;
  reversalReviewText: string;
  /** An earlier, cancelled session whose fate the backend can no longer confirm (its background watch heard so). */
  earlierPaymentUnconfirmed: (formattedAmount: string) => string;
  earlierReversalUnconfirmed: (formattedAmount: string) => string;
  errorHeading: string;
  tryAgain: string;
  startAgain: string;
  newPayment: string;

  resultCard: string;
  resultAmount: string;
  resultInstalments: string;
  resultAuthorisation: string;
  resultReference: string;

  /** One sentence for the live region, per state. */
  announce: {
    creating: string;
    awaitingQr: string;
    awaitingDeeplink: string;
    awaitingDevice: string;
    succeeded: string;
    failed: string;
    expired: string;
    cancelled: string;
    needs_review: string;
    error: string;
  };

  /** Text for a client-side error code (see CheckoutOptions.describeError). */
  describeError: (code: string) => string;
}
