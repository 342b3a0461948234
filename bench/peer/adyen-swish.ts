/**
 * The peer's page script, bundled by bench/peer/builds.ts the way a shop would ship it: Adyen
 * Web's core plus one QR method (Swish) and its stylesheet, mounted with a payment-methods
 * answer given inline so it renders offline. Its bytes and its time to interactive stand
 * beside the element's in the bundle and tti sections.
 */
import { AdyenCheckout, Swish } from '@adyen/adyen-web';
import '@adyen/adyen-web/styles/adyen.css';

const checkout = await AdyenCheckout({
  environment: 'test',
  // Not a key: the page renders offline and sends no payment.
  clientKey: 'test_BENCHFAKECLIENTKEY0000000000000000',
  countryCode: 'SE',
  locale: 'en-US',
  amount: { value: 14990, currency: 'SEK' },
  paymentMethodsResponse: { paymentMethods: [{ type: 'swish', name: 'Swish' }] },
  analytics: { enabled: false },
});
new Swish(checkout).mount('#checkout');
