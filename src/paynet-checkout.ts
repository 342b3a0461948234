/**
 * Registers `<paynet-checkout>` (once, even if two bundles on the page both load it). Where
 * there is no custom element registry (a server without lit's DOM shim) it defines nothing,
 * so importing it there does not throw; lit's shim, and every browser, has one.
 */
import { PaynetCheckout } from './paynet-checkout.component.js';

export * from './index.js';

export const TAG_NAME = 'paynet-checkout';

if (typeof customElements !== 'undefined' && customElements.get(TAG_NAME) === undefined) customElements.define(TAG_NAME, PaynetCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'paynet-checkout': PaynetCheckout;
  }
}
