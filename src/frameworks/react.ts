/**
 * `paynet-checkout/react`: `<paynet-checkout>` as a React component (through `@lit/react`), for
 * React 18 and 19 alike:
 *
 * ```tsx
 * import { PaynetCheckout } from 'paynet-checkout/react';
 * <PaynetCheckout sessionUrl="/api/paynet/sessions" instalments={[1, 2, 3]} onPaynetSuccess={(e) => e.detail.transaction} />
 * ```
 *
 * Properties are set on the element; each event `paynet-x-y` is the prop `onPaynetXY`. Importing
 * this module defines the tag (it imports the element's registering entry), whatever else the
 * app imported first.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
// Only the element entry's own exports: the build then shares dist/paynet-checkout.js as it is.
import {
  PAYNET_EVENT_NAMES,
  PaynetCheckout as PaynetCheckoutElement,
  TAG_NAME,
  type PaynetCheckoutEventMap,
  type PaynetEventName,
} from '../paynet-checkout.js';
import type { KebabToPascal, PaynetCheckoutPropertyInputs } from './element-types.js';

export type { PaynetCheckoutElement };

/** The React prop of an event: `paynet-success` → `onPaynetSuccess`. */
export type ReactEventProp<Name extends string> = `on${KebabToPascal<Name>}`;

export function reactEventProp<Name extends string>(name: Name): ReactEventProp<Name> {
  return `on${name.replace(/(?:^|-)([a-z])/gu, (_match, letter: string) => letter.toUpperCase())}` as ReactEventProp<Name>;
}

type EventProps = { [Name in PaynetEventName as ReactEventProp<Name>]: EventName<PaynetCheckoutEventMap[Name]> };

/** The wrapper's event props and the event each one listens to. */
export const PAYNET_REACT_EVENTS = Object.fromEntries(PAYNET_EVENT_NAMES.map((name) => [reactEventProp(name), name])) as EventProps;

/** Listener props, one per event: `onPaynetSuccess={(e) => e.detail.transaction}`. */
export type PaynetCheckoutEventListeners = { [Prop in keyof EventProps]?: (event: EventProps[Prop]['__eventType']) => void };

export type PaynetCheckoutProps = Omit<React.HTMLAttributes<PaynetCheckoutElement>, keyof PaynetCheckoutPropertyInputs | keyof EventProps> &
  PaynetCheckoutPropertyInputs &
  PaynetCheckoutEventListeners &
  React.RefAttributes<PaynetCheckoutElement>;

/**
 * `@lit/react` would offer every member of the class as a prop (`pay`, the read-only `state`)
 * with the type the element stores; the props are narrowed to what a page may set, with what
 * the element accepts when set (a list as an array or a string).
 */
export const PaynetCheckout = createComponent({
  react: React,
  tagName: TAG_NAME,
  elementClass: PaynetCheckoutElement,
  events: PAYNET_REACT_EVENTS,
  displayName: 'PaynetCheckout',
}) as unknown as React.ForwardRefExoticComponent<PaynetCheckoutProps>;
