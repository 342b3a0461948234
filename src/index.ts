/** Public API, without side effects: importing this does not define the tag (import `paynet-checkout.js` for that). */
export { PaynetCheckout } from './paynet-checkout.component.js';
export {
  ATTRIBUTES,
  type CheckoutMode,
  type PaymentMethod,
  type PaynetCheckoutAttributeName,
  type PaynetCheckoutProperties,
  type PaynetCheckoutPropertyName,
  type PaynetCheckoutValues,
} from './paynet-checkout.attributes.js';
export { PAYNET_EVENT_NAMES, type PaynetCheckoutEventMap, type PaynetEventName } from './events/event-map.js';
export { PaynetSessionEvent, type PaynetSessionDetail } from './events/paynet-session-event.js';
export { PaynetStatusEvent, type PaynetStatusDetail } from './events/paynet-status-event.js';
export { PaynetSuccessEvent, type PaynetSuccessDetail } from './events/paynet-success-event.js';
export { PaynetFailureEvent, type PaynetFailureDetail } from './events/paynet-failure-event.js';
export { PaynetExpiredEvent, type PaynetExpiredDetail } from './events/paynet-expired-event.js';
export { PaynetCancelEvent, type PaynetCancelDetail } from './events/paynet-cancel-event.js';
export { PaynetReviewEvent, type PaynetReviewDetail } from './events/paynet-review-event.js';
export { PaynetErrorEvent, type PaynetErrorDetail } from './events/paynet-error-event.js';
export type { PaynetEvent } from './events/event-for-notice.js';
export { parseAmount, MAX_AMOUNT_MINOR, type AmountError, type ParsedAmount, type ParseAmountOptions } from './amount/parse-amount.js';
export { formatAmount } from './amount/format-amount.js';
export { loadLanguage } from './i18n/strings-for.js';
export type { Lang, Strings } from './i18n/strings.js';
export type {
  CheckoutError,
  CheckoutResult,
  CheckoutState,
  CheckoutStatus,
  HandoffPreference,
  ResolvedHandoff,
} from './flow/types.js';
export type * from './contract.js';
