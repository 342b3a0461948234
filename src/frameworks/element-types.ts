/**
 * The element's public surface as framework declarations need it, derived (never listed) from
 * its attribute table (`ATTRIBUTES`), what its properties accept (`PaynetCheckoutProperties`)
 * and `PaynetCheckoutEventMap`. The React wrapper and the React, Vue, Preact and Svelte
 * declarations all read these, so an attribute, property or event added to the element
 * reaches every framework's types at once. Types only.
 */
import type { PaynetCheckoutEventMap, PaynetEventName } from '../events/event-map.js';
import type { ATTRIBUTES, PaynetCheckoutProperties, PaynetCheckoutPropertyName } from '../paynet-checkout.attributes.js';

/** `paynet-success` → `PaynetSuccess`. */
export type KebabToPascal<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${KebabToPascal<Tail>}`
  : Capitalize<Name>;

/** The element's properties a page may set, with what each accepts (a list also as a string, a number also as a numeric string). */
export type PaynetCheckoutPropertyInputs = Partial<PaynetCheckoutProperties>;

/**
 * The attributes named otherwise than their property (`session-url`), as markup writes them: a
 * string. An attribute named like its property (`instalments`) is typed by the property, since
 * React 19 and Vue set a prop as the element's property whenever the element has one.
 */
export type PaynetCheckoutAttributeInputs = {
  [Property in PaynetCheckoutPropertyName as (typeof ATTRIBUTES)[Property] extends Property ? never : (typeof ATTRIBUTES)[Property]]?: string;
};

/** Event name → listener, for each event the element fires. */
export type PaynetCheckoutListeners<Prefix extends string = '', Suffix extends string = ''> = {
  [Name in PaynetEventName as `${Prefix}${Name}${Suffix}`]?: (event: PaynetCheckoutEventMap[Name]) => void;
};
