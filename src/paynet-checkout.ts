/**
 * Registers `<paynet-checkout>` (once, even if two bundles on the page both load it). Where
 * there is no custom element registry (a server without lit's DOM shim) it defines nothing,
 * so importing it there does not throw; lit's shim, and every browser, has one.
 */
import { PaynetCheckout } from './paynet-checkout.component.js';
import type { PaynetCheckoutEventMap } from './events/event-map.js';

export * from './index.js';

export const TAG_NAME = 'paynet-checkout';

if (typeof customElements !== 'undefined' && customElements.get(TAG_NAME) === undefined) customElements.define(TAG_NAME, PaynetCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'paynet-checkout': PaynetCheckout;
  }
}

/**
 * Typed listeners on the element itself: `el.addEventListener('paynet-success', (e) =>
 * e.detail.transaction)` knows the event's class. Declarations only (merged into the class's
 * type, here beside the tag's declaration so every import of the
 * types sees them); the methods are HTMLElement's own.
 */
declare module './paynet-checkout.component.js' {
  interface PaynetCheckout {
    addEventListener<K extends keyof PaynetCheckoutEventMap>(
      type: K,
      listener: (this: PaynetCheckout, event: PaynetCheckoutEventMap[K]) => unknown,
      options?: boolean | AddEventListenerOptions,
    ): void;
    addEventListener<K extends keyof HTMLElementEventMap>(
      type: K,
      listener: (this: PaynetCheckout, event: HTMLElementEventMap[K]) => unknown,
      options?: boolean | AddEventListenerOptions,
    ): void;
    addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
    removeEventListener<K extends keyof PaynetCheckoutEventMap>(
      type: K,
      listener: (this: PaynetCheckout, event: PaynetCheckoutEventMap[K]) => unknown,
      options?: boolean | EventListenerOptions,
    ): void;
    removeEventListener<K extends keyof HTMLElementEventMap>(
      type: K,
      listener: (this: PaynetCheckout, event: HTMLElementEventMap[K]) => unknown,
      options?: boolean | EventListenerOptions,
    ): void;
    removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
  }
}
