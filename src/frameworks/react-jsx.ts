/**
 * `paynet-checkout/jsx` (types only, opt in with `import type {} from 'paynet-checkout/jsx'`):
 * the raw `<paynet-checkout>` tag in React 19's JSX.
 *
 * ```tsx
 * import 'paynet-checkout';
 * import type {} from 'paynet-checkout/jsx';
 * <paynet-checkout session-url="/api/paynet/sessions" instalments={[1, 2, 3]} onpaynet-success={(e) => e.detail.transaction} />
 * ```
 *
 * React 19 sets a prop on a custom element as a property when the element has one
 * (`instalments={[1, 2, 3]}`), else as an attribute (`session-url="…"`), and attaches a
 * function prop whose name is `on` + the exact event name as a listener: `onpaynet-success`
 * (`onpaynet-successCapture` listens in the capture phase). `onPaynetSuccess` would listen to
 * an event named `PaynetSuccess`, which the element never fires: use the wrapper in
 * `paynet-checkout/react` for camelCase event props, or for React 18. When React 19 hydrates
 * server-rendered markup (Next.js) it neither attaches these listeners nor sets properties on
 * a custom element, it only compares them: there, listen through a ref or use the wrapper.
 */
import type { ClassAttributes, HTMLAttributes } from 'react';
import type { PaynetCheckout } from '../paynet-checkout.js';
import type { PaynetCheckoutAttributeInputs, PaynetCheckoutListeners, PaynetCheckoutPropertyInputs } from './element-types.js';

/** The props `<paynet-checkout>` takes in React 19 JSX. */
export type PaynetCheckoutJsxProps = Omit<HTMLAttributes<PaynetCheckout>, keyof PaynetCheckoutPropertyInputs> &
  ClassAttributes<PaynetCheckout> &
  PaynetCheckoutAttributeInputs &
  PaynetCheckoutPropertyInputs &
  PaynetCheckoutListeners<'on'> &
  PaynetCheckoutListeners<'on', 'Capture'> & {
    /** React 19 passes `class` to a custom element as the attribute (so does `className`). */
    class?: string;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'paynet-checkout': PaynetCheckoutJsxProps;
    }
  }
}
