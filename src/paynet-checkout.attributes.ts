/**
 * The element's list-valued attributes and how their strings are read. Kept lenient: a typo in
 * markup falls back to the default instead of breaking the checkout.
 */
import type { ComplexAttributeConverter } from 'lit';

export type PaymentMethod = 'paypos' | 'card';
export type CheckoutMode = 'sale' | 'reversal';

/** Instalment counts Paynet accepts (1 = single payment). */
const MAX_INSTALMENTS = 12;

function splitList(value: string | null): string[] {
  return (value ?? '').split(/[\s,]+/u).filter((item) => item !== '');
}

export const instalmentsConverter: ComplexAttributeConverter<number[]> = {
  fromAttribute(value) {
    const counts = splitList(value)
      .filter((item) => /^\d{1,2}$/u.test(item))
      .map(Number)
      .filter((count) => count >= 1 && count <= MAX_INSTALMENTS);
    const unique = [...new Set(counts)].sort((a, b) => a - b);
    return unique.length > 0 ? unique : [1];
  },
  toAttribute: (value) => value.join(','),
};

export const schemesConverter: ComplexAttributeConverter<readonly string[]> = {
  fromAttribute: (value) => splitList(value).map((scheme) => scheme.toLowerCase().replace(/:$/u, '')),
  toAttribute: (value) => value.join(' '),
};

export const methodsConverter: ComplexAttributeConverter<PaymentMethod[]> = {
  fromAttribute(value) {
    const methods = splitList(value).filter((item): item is PaymentMethod => item === 'paypos' || item === 'card');
    return methods.length > 0 ? [...new Set(methods)] : ['paypos'];
  },
  toAttribute: (value) => value.join(' '),
};
