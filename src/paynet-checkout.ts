/** Registers `<paynet-checkout>` (once, even if two bundles on the page both load it). */
import { PaynetCheckout } from './paynet-checkout.component.js';

export * from './index.js';

export const TAG_NAME = 'paynet-checkout';

if (customElements.get(TAG_NAME) === undefined) customElements.define(TAG_NAME, PaynetCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'paynet-checkout': PaynetCheckout;
  }
}
