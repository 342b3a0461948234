/**
 * `paynet-checkout/vue` (types only, opt in with `import type {} from 'paynet-checkout/vue'`):
 * `<paynet-checkout>` in Vue templates checked by vue-tsc, after Vue's guide ("Vue and Web
 * Components" → "Web Components and TypeScript"): the tag is a global component whose `$props`
 * are the element's attributes and settable properties and whose `$emit` is its events, so
 *
 * ```vue
 * <paynet-checkout session-url="/api/paynet/sessions" :instalments="[1, 2, 3]" @paynet-success="(e) => e.detail.transaction" />
 * ```
 *
 * is typed: `e` is the PaynetSuccessEvent, a wrong value is an error, and so is an unknown
 * attribute or event when the project checks templates strictly (`vueCompilerOptions:
 * { strictTemplates: true }`; otherwise Vue lets unknown attributes fall through). At run time
 * Vue needs the tag to be a custom element (`compilerOptions.isCustomElement`), and
 * `import 'paynet-checkout'` to define it.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { PaynetCheckoutEventMap } from '../events/event-map.js';
import type { PaynetCheckout } from '../paynet-checkout.js';
import type { PaynetCheckoutPropertyInputs } from './element-types.js';

/**
 * What a template may pass to `<paynet-checkout>`: Vue's template checker reads `session-url`
 * as `sessionUrl`, so the properties (each accepting what its attribute may say) cover the
 * attributes too.
 */
export type PaynetCheckoutVueProps = Omit<HTMLAttributes, keyof PaynetCheckoutPropertyInputs> & PaynetCheckoutPropertyInputs & PublicProps;

/** The element's events in the form Vue reads `$emit`. */
export type PaynetCheckoutVueEmit = EmitFn<{ [Name in keyof PaynetCheckoutEventMap]: (event: PaynetCheckoutEventMap[Name]) => void }>;

/** `<paynet-checkout>` as Vue's template checker sees it: the element, plus `$props` and `$emit` for the template. */
export type PaynetCheckoutVueComponent = new () => PaynetCheckout & {
  /** @deprecated For template type checking only: not on the element. */
  $props: PaynetCheckoutVueProps;
  /** @deprecated For template type checking only: not on the element. */
  $emit: PaynetCheckoutVueEmit;
};

declare module 'vue' {
  interface GlobalComponents {
    'paynet-checkout': PaynetCheckoutVueComponent;
  }
}
