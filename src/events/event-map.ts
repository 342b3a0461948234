/**
 * Every event `<paynet-checkout>` fires, by name: the one list the element's typed
 * `addEventListener`, the React and Vue declarations and the React wrapper are derived from,
 * so a new event cannot be typed in one place and missing in another.
 */
import type { PaynetCancelEvent } from './paynet-cancel-event.js';
import type { PaynetErrorEvent } from './paynet-error-event.js';
import type { PaynetExpiredEvent } from './paynet-expired-event.js';
import type { PaynetFailureEvent } from './paynet-failure-event.js';
import type { PaynetReviewEvent } from './paynet-review-event.js';
import type { PaynetSessionEvent } from './paynet-session-event.js';
import type { PaynetStatusEvent } from './paynet-status-event.js';
import type { PaynetSuccessEvent } from './paynet-success-event.js';

export interface PaynetCheckoutEventMap {
  'paynet-session': PaynetSessionEvent;
  'paynet-status': PaynetStatusEvent;
  'paynet-success': PaynetSuccessEvent;
  'paynet-failure': PaynetFailureEvent;
  'paynet-expired': PaynetExpiredEvent;
  'paynet-cancel': PaynetCancelEvent;
  'paynet-review': PaynetReviewEvent;
  'paynet-error': PaynetErrorEvent;
}

export type PaynetEventName = keyof PaynetCheckoutEventMap;

/** The names at run time (for wrappers that subscribe to each); checked to be exactly the map's keys. */
export const PAYNET_EVENT_NAMES = [
  'paynet-session',
  'paynet-status',
  'paynet-success',
  'paynet-failure',
  'paynet-expired',
  'paynet-cancel',
  'paynet-review',
  'paynet-error',
] as const satisfies readonly PaynetEventName[];

// Fails to compile if a name is added to the map but not to the list.
type Missing = Exclude<PaynetEventName, (typeof PAYNET_EVENT_NAMES)[number]>;
const everyNameListed: [Missing] extends [never] ? true : Missing = true;
void everyNameListed;
