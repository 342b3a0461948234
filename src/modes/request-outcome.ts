/** What building a request from the form gives: the request, or why there is none. Types only. */
import type { AmountError } from '../amount/parse-amount.js';
import type { StartRequest } from '../flow/types.js';
import type { CardField, CardFieldError } from './card/card-draft.js';

export type CardErrors = Partial<Record<CardField, CardFieldError>>;

/** What Pay found in the fields it checked, for the form to show beside them. */
export interface FieldErrors {
  amount: AmountError | undefined;
  /** Present when paying by card ({} when every card field is fine). */
  card?: CardErrors;
  /** A sale to a terminal with no terminal chosen. */
  deviceMissing: boolean;
}

export type RequestOutcome =
  /** `fields`: all clear, for the form to drop earlier errors; absent where no field was checked (a reversal). */
  | { outcome: 'ready'; request: StartRequest; fields?: FieldErrors }
  /** The shopper can put it right: the errors say where. */
  | { outcome: 'invalid'; fields: FieldErrors }
  /** The page's settings cannot make a request (a missing route, another currency, an unusable fixed amount). */
  | { outcome: 'misconfigured' };

export const MISCONFIGURED: RequestOutcome = { outcome: 'misconfigured' };
