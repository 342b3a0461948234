/**
 * The element's public properties: their attribute names (the one table the framework
 * typings are derived from), the types they accept and hold, and how each value is read and
 * written back to its attribute. Kept lenient: a typo in markup or a value of the wrong type
 * from a framework falls back to the default (with one console warning) instead of breaking
 * the checkout.
 */
import type { ComplexAttributeConverter, PropertyDeclaration } from 'lit';
import type { HandoffPreference } from './flow/types.js';
import { DEFAULT_ALLOWED_SCHEMES } from './handoff/allowed-schemes.js';
import { readChoice, readList, readMilliseconds, readText, sameValue, type ListKind, type Reading } from './properties/coerce.js';

export type PaymentMethod = 'paypos' | 'card';
export type CheckoutMode = 'sale' | 'reversal';

const HANDOFF_PREFERENCES: readonly HandoffPreference[] = ['auto', 'qr', 'deeplink', 'device'];
const PAYMENT_METHODS: readonly PaymentMethod[] = ['paypos', 'card'];
const CHECKOUT_MODES: readonly CheckoutMode[] = ['sale', 'reversal'];

/** Every public property and its attribute: the one list of the element's settable API. */
export const ATTRIBUTES = {
  sessionUrl: 'session-url',
  amount: 'amount',
  currency: 'currency',
  instalments: 'instalments',
  lang: 'lang',
  handoff: 'handoff',
  allowedSchemes: 'allowed-schemes',
  reference: 'reference',
  description: 'description',
  maxAmount: 'max-amount',
  pollInterval: 'poll-interval',
  pollSlowInterval: 'poll-slow-interval',
  pollSlowAfter: 'poll-slow-after',
  mode: 'mode',
  reversalUrl: 'reversal-url',
  saleSession: 'sale-session',
  devicesUrl: 'devices-url',
  deviceId: 'device-id',
  methods: 'methods',
  paymentUrl: 'payment-url',
  persistKey: 'persist-key',
} as const;

export type PaynetCheckoutPropertyName = keyof typeof ATTRIBUTES;
export type PaynetCheckoutAttributeName = (typeof ATTRIBUTES)[PaynetCheckoutPropertyName];

/** A text property takes a string, or a number (`amount={149.9}` reads as "149.9"). */
type TextInput = string | number | null | undefined;
/** A duration in ms: a number, or its string form as in the attribute. */
type MillisecondsInput = number | string | null | undefined;

/**
 * What each public property accepts when set (null or undefined restores the default). List
 * properties take an array or the attribute's string form. For JSX or template typings use
 * `Partial<PaynetCheckoutProperties>`.
 */
export interface PaynetCheckoutProperties {
  sessionUrl: TextInput;
  amount: TextInput;
  /** Only "TRY" is taken; another code is reported as a misconfiguration on Pay. */
  currency: TextInput;
  /** `[1, 2, 3]`, `["1", "2"]`, `"1,2,3"` or `3`. */
  instalments: string | number | readonly (number | string)[] | null | undefined;
  lang: TextInput;
  handoff: HandoffPreference | null | undefined;
  /** `["paypos", "https"]` or `"paypos https"`. */
  allowedSchemes: string | readonly string[] | null | undefined;
  reference: TextInput;
  description: TextInput;
  maxAmount: TextInput;
  pollInterval: MillisecondsInput;
  pollSlowInterval: MillisecondsInput;
  pollSlowAfter: MillisecondsInput;
  mode: CheckoutMode | null | undefined;
  reversalUrl: TextInput;
  saleSession: TextInput;
  devicesUrl: TextInput;
  deviceId: TextInput;
  /** `["paypos", "card"]` or `"paypos card"`. */
  methods: string | readonly PaymentMethod[] | null | undefined;
  paymentUrl: TextInput;
  persistKey: TextInput;
}

/** What each public property holds once read (what its getter returns). */
export interface PaynetCheckoutValues {
  sessionUrl: string;
  amount: string;
  currency: string;
  instalments: number[];
  lang: string;
  handoff: HandoffPreference;
  allowedSchemes: readonly string[];
  reference: string | undefined;
  description: string | undefined;
  maxAmount: string;
  pollInterval: number | undefined;
  pollSlowInterval: number | undefined;
  pollSlowAfter: number | undefined;
  mode: CheckoutMode;
  reversalUrl: string | undefined;
  saleSession: string | undefined;
  devicesUrl: string | undefined;
  deviceId: string | undefined;
  methods: PaymentMethod[];
  paymentUrl: string | undefined;
  persistKey: string | undefined;
}

/** Instalment counts Paynet accepts (1 = single payment). */
const MAX_INSTALMENTS = 12;

const INSTALMENTS: ListKind<number> = {
  entry: (token) => {
    const count = /^\d{1,2}$/u.test(token) ? Number(token) : 0;
    return count >= 1 && count <= MAX_INSTALMENTS ? count : undefined;
  },
  describes: `instalment counts (1 to ${MAX_INSTALMENTS})`,
  fallback: [1],
  order: (a, b) => a - b,
};

const METHODS: ListKind<PaymentMethod> = {
  entry: (token) => PAYMENT_METHODS.find((method) => method === token.toLowerCase()),
  describes: `payment methods (${PAYMENT_METHODS.join(', ')})`,
  fallback: ['paypos'],
};

const SCHEMES: ListKind<string> = {
  entry: (token) => token.toLowerCase().replace(/:$/u, '') || undefined,
  describes: 'URL schemes',
  fallback: DEFAULT_ALLOWED_SCHEMES,
  // allowed-schemes="" allows no deeplink at all.
  emptyStands: true,
};

interface PropertyKind<T> {
  read(input: unknown): Reading<T>;
  /** The attribute's string form; null removes the attribute. */
  toAttribute(value: T): string | null;
}

const text = <D extends string | undefined>(fallback: D): PropertyKind<string | D> => ({
  read: (input) => readText(input, fallback),
  toAttribute: (value) => value ?? null,
});

const choice = <C extends string>(choices: readonly C[], fallback: C): PropertyKind<C> => ({
  read: (input) => readChoice(input, choices, fallback),
  toAttribute: (value) => value,
});

const milliseconds: PropertyKind<number | undefined> = {
  read: readMilliseconds,
  toAttribute: (value) => (value === undefined ? null : String(value)),
};

const list = <T>(kind: ListKind<T>, separator: string): PropertyKind<T[]> => ({
  read: (input) => readList(input, kind),
  toAttribute: (value) => value.join(separator),
});

const KINDS: { readonly [K in PaynetCheckoutPropertyName]: PropertyKind<PaynetCheckoutValues[K]> } = {
  sessionUrl: text(''),
  amount: text(''),
  currency: text('TRY'),
  instalments: list(INSTALMENTS, ','),
  lang: text(''),
  handoff: choice(HANDOFF_PREFERENCES, 'auto'),
  allowedSchemes: list(SCHEMES, ' '),
  reference: text(undefined),
  description: text(undefined),
  maxAmount: text('1000000.00'),
  pollInterval: milliseconds,
  pollSlowInterval: milliseconds,
  pollSlowAfter: milliseconds,
  mode: choice(CHECKOUT_MODES, 'sale'),
  reversalUrl: text(undefined),
  saleSession: text(undefined),
  devicesUrl: text(undefined),
  deviceId: text(undefined),
  methods: list(METHODS, ' '),
  paymentUrl: text(undefined),
  persistKey: text(undefined),
};

type Source = 'property' | 'attribute';

/**
 * The value `name` holds when given `input`: what both the property setter and the attribute
 * converter call. An input it cannot use, or only in part, gives one console warning naming
 * the property (or attribute) and what it was given; reading a value already read warns nothing.
 */
export function readProperty<K extends PaynetCheckoutPropertyName>(name: K, input: unknown, source: Source = 'property'): PaynetCheckoutValues[K] {
  const reading = KINDS[name].read(input);
  if (reading.problem !== undefined) {
    const what = source === 'attribute' ? `attribute ${ATTRIBUTES[name]}` : `property ${name}`;
    console.warn(`<paynet-checkout> ${what}: ${reading.problem}`);
  }
  return reading.value;
}

/** The value `name` holds when nothing (or null) is given. */
export function defaultValue<K extends PaynetCheckoutPropertyName>(name: K): PaynetCheckoutValues[K] {
  return KINDS[name].read(undefined).value;
}

/** Every public property's default, as a fresh object (lists are fresh arrays). */
export function defaultValues(): PaynetCheckoutValues {
  const names = Object.keys(ATTRIBUTES) as PaynetCheckoutPropertyName[];
  return Object.fromEntries(names.map((name) => [name, defaultValue(name)])) as unknown as PaynetCheckoutValues;
}

/**
 * Reads the attribute as the property setter reads any value; writes a value back in the
 * attribute's string form, except the default, which is never written (so setting null, or a
 * value it cannot use, removes the attribute, whether the element has rendered yet or not).
 */
function converterFor<K extends PaynetCheckoutPropertyName>(name: K): ComplexAttributeConverter<PaynetCheckoutValues[K]> {
  const fallback = defaultValue(name);
  return {
    fromAttribute: (value) => readProperty(name, value, 'attribute'),
    toAttribute: (value) => (sameValue(value, fallback) ? null : KINDS[name].toAttribute(value)),
  };
}

/**
 * The lit declaration of every public property: its attribute from ATTRIBUTES, reflected, read
 * through `readProperty`. `useDefault` (the default is not written to the attribute, and
 * removing the attribute restores it) only where there is a default: with an accessor pair
 * lit would otherwise record the first value set as the default.
 */
export function publicProperties(): { [K in PaynetCheckoutPropertyName]: PropertyDeclaration<PaynetCheckoutValues[K]> } {
  const declaration = <K extends PaynetCheckoutPropertyName>(name: K): PropertyDeclaration<PaynetCheckoutValues[K]> => ({
    attribute: ATTRIBUTES[name],
    converter: converterFor(name),
    reflect: true,
    useDefault: defaultValue(name) !== undefined,
  });
  const names = Object.keys(ATTRIBUTES) as PaynetCheckoutPropertyName[];
  return Object.fromEntries(names.map((name) => [name, declaration(name)])) as unknown as ReturnType<typeof publicProperties>;
}
