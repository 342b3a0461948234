import type { Strings } from './strings.js';

export const en: Strings = {
  locale: 'en',

  formHeading: 'Pay with PayPOS',
  reversalHeading: 'Cancel or refund a payment',
  reversalIntro: (saleSessionId) => `The payment ${saleSessionId} will be cancelled or refunded in full, confirmed on the phone.`,
  amountLabel: 'Amount (TRY)',
  amountHint: 'For example 149,90',
  amountErrors: {
    empty: () => 'Enter the amount to pay.',
    invalid: () => 'Enter the amount as digits, for example 149,90.',
    negative: () => 'The amount cannot be negative.',
    zero: () => 'The amount must be more than zero.',
    too_many_decimals: () => 'Use at most two decimals (kuruş), for example 12,34 or 12.345,00.',
    too_large: (max) => `The amount cannot be more than ${max}.`,
  },
  instalmentsLabel: 'Instalments',
  instalmentOption: (count) => (count <= 1 ? 'Single payment' : `${count} instalments`),
  methodLabel: 'Payment method',
  methodPaypos: 'PayPOS',
  methodCard: 'Card',
  pay: (amount) => `Pay ${amount}`,
  payNoAmount: 'Pay',
  refund: 'Cancel/refund',
  preparing: 'Preparing…',
  misconfigured: 'This checkout is not set up correctly. Please let the shop know.',

  deviceLabel: 'Terminal',
  devicesLoading: 'Loading terminals…',
  devicesFailed: 'The list of terminals could not be loaded.',
  devicesRetry: 'Load again',
  devicesEmpty: 'No terminal is available.',
  deviceRequired: 'Choose a terminal.',

  cardHolderLabel: 'Name on card',
  cardNumberLabel: 'Card number',
  cardExpiryLabel: 'Expiry (MM/YY)',
  cardExpiryPlaceholder: 'MM/YY',
  cardCvcLabel: 'Security code',
  cardErrors: {
    holder: { empty: 'Enter the name on the card.', invalid: 'Enter the name as printed on the card.' },
    number: { empty: 'Enter the card number.', invalid: 'This card number is not valid.' },
    expiry: { empty: 'Enter the expiry date.', invalid: 'Enter the expiry as MM/YY.', past: 'This card has expired.' },
    cvc: { empty: 'Enter the security code.', invalid: 'Enter the 3-digit code (4 digits on American Express).' },
  },
  cardBrand: (brand) =>
    ({ visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', troy: 'Troy' })[brand] ?? brand,

  qrHeading: 'Scan with your phone',
  qrInstructions: 'Open the camera or PayPOS on the phone, scan the code, then tap the card on the phone.',
  qrAlt: 'QR code of the PayPOS payment link',
  deeplinkHeading: 'Complete the payment in PayPOS',
  deeplinkInstructions: 'PayPOS opens on this phone. Tap the card on the phone, then come back here.',
  openPaypos: 'Open PayPOS',
  deviceHeading: 'Complete the payment on the terminal',
  sentToTerminal: (label) => `Sent to terminal ${label} — complete the payment there.`,
  amountToPay: 'Amount',
  timeLeftLabel: 'Time left',
  timeLeft: (minutes, seconds) => `${minutes}:${String(seconds).padStart(2, '0')}`,
  copyLink: 'Copy link',
  linkCopied: 'Link copied.',
  copyFallbackLabel: 'Payment link (select and copy)',
  cancel: 'Cancel',
  cancelling: 'Cancelling…',
  reconnecting: 'Connection lost, reconnecting…',

  succeededHeading: 'Payment successful',
  reversalSucceededHeading: 'Payment cancelled/refunded',
  failedHeading: 'Payment not completed',
  expiredHeading: 'Time is up',
  expiredText: 'The payment was not completed in time. Nothing was charged.',
  cancelledHeading: 'Payment cancelled',
  cancelledText: 'The payment was not completed.',
  lateWatchNote: "If the phone still takes the card, we'll show it here.",
  earlierPaymentCompleted: (amount, card) =>
    `An earlier payment of ${amount} was completed on the phone${card === undefined ? '' : ` (card ${card})`}.`,
  earlierReversalCompleted: (amount) => `An earlier cancellation or refund of ${amount} was completed on the phone.`,
  reviewHeading: 'We could not confirm this payment yet',
  reviewText: 'Please do not pay again. The shop will check this payment and get back to you.',
  reversalReviewHeading: 'We could not confirm this cancellation or refund yet',
  reversalReviewText: 'Please do not start it again. The shop will check it and get back to you.',
  earlierPaymentUnconfirmed: (amount) =>
    `An earlier payment of ${amount} could not be confirmed yet. The shop will check it and get back to you.`,
  earlierReversalUnconfirmed: (amount) =>
    `An earlier cancellation or refund of ${amount} could not be confirmed yet. The shop will check it and get back to you.`,
  errorHeading: 'Something went wrong',
  tryAgain: 'Try again',
  startAgain: 'Start again',
  newPayment: 'New payment',

  resultCard: 'Card',
  resultAmount: 'Amount',
  resultInstalments: 'Instalments',
  resultAuthorisation: 'Authorisation code',
  resultReference: 'Reference',

  announce: {
    creating: 'Preparing the payment.',
    awaitingQr: 'Waiting for the payment. Scan the QR code with your phone.',
    awaitingDeeplink: 'Waiting for the payment in PayPOS.',
    awaitingDevice: 'Waiting for the payment on the terminal.',
    succeeded: 'Payment successful.',
    failed: 'Payment not completed.',
    expired: 'Time is up. The payment was not completed.',
    cancelled: 'Payment cancelled.',
    needs_review: 'The payment could not be confirmed yet. Please do not pay again.',
    error: 'Something went wrong.',
  },

  describeError: (code) => {
    if (code === 'network') return 'We could not reach the shop. Check the connection and try again.';
    if (code === 'timeout') return 'The shop did not answer in time. Please try again.';
    if (code === 'malformed_response') return 'The shop sent an answer we could not read. Please try again.';
    if (code === 'unsafe_deeplink') return 'The payment link was not safe to open, so it was not opened.';
    if (code === 'needs_review') return 'The result of this payment could not be learned from Paynet in time.';
    if (code === 'http_429') return 'Too many attempts. Wait a moment and try again.';
    if (/^http_5\d\d$/u.test(code)) return 'The shop is having a problem. Please try again.';
    if (/^http_\d{3}$/u.test(code)) return 'The shop refused the request.';
    return 'An unexpected error occurred.';
  },
};
