/**
 * What the element's properties mean to the checkout runner: the routes, the poll policy with
 * the element's overrides, and the key a pending session is kept under across a reload. Pure
 * (read from the properties as given), so it is tested without a DOM.
 */
import type { CheckoutOptions } from '../controllers/checkout-controller.js';
import { DEFAULT_POLL_POLICY, type PollPolicy } from '../flow/poll-policy.js';
import type { RouteName, Routes } from '../modes/request-kinds.js';
import { ATTRIBUTES, type PaynetCheckoutValues } from '../paynet-checkout.attributes.js';

/** The properties the options are read from. */
export type OptionsSettings = Pick<
  PaynetCheckoutValues,
  RouteName | 'mode' | 'saleSession' | 'allowedSchemes' | 'persistKey' | 'pollInterval' | 'pollSlowInterval' | 'pollSlowAfter'
>;

/** The runner's options; `describeError` is the element's i18n for client-side error codes. */
export function checkoutOptions(settings: OptionsSettings, describeError: (code: string) => string): CheckoutOptions {
  const options: CheckoutOptions = {
    routes: routes(settings),
    allowedSchemes: settings.allowedSchemes,
    pollPolicy: pollPolicy(settings),
    describeError,
  };
  const key = persistKey(settings);
  if (key !== undefined) options.persistKey = key;
  return options;
}

/** Every route the element was given: its `*Url` properties (ATTRIBUTES names them all) that are set. */
export function routes(settings: Pick<OptionsSettings, RouteName>): Routes {
  const given: Partial<Record<RouteName, string>> = {};
  for (const name of ROUTE_NAMES) {
    const url = settings[name];
    if (url !== undefined) given[name] = url;
  }
  return given;
}

const ROUTE_NAMES = Object.keys(ATTRIBUTES).filter((name): name is RouteName => name.endsWith('Url'));

/** The default policy, with each interval the element sets in its place. */
export function pollPolicy(settings: Pick<OptionsSettings, 'pollInterval' | 'pollSlowInterval' | 'pollSlowAfter'>): PollPolicy {
  return {
    ...DEFAULT_POLL_POLICY,
    ...(settings.pollInterval === undefined ? {} : { intervalMs: settings.pollInterval }),
    ...(settings.pollSlowInterval === undefined ? {} : { slowIntervalMs: settings.pollSlowInterval }),
    ...(settings.pollSlowAfter === undefined ? {} : { slowAfterMs: settings.pollSlowAfter }),
  };
}

/**
 * The sessionStorage key for a pending session: `persist-key` as given ("none": not kept),
 * else one key per checkout purpose on the page (the mode and its route; a reversal's sale
 * too), so two elements never resume each other's session. Nothing to key on: not kept.
 */
export function persistKey(settings: Pick<OptionsSettings, 'mode' | 'sessionUrl' | 'reversalUrl' | 'saleSession' | 'persistKey'>): string | undefined {
  if (settings.persistKey === 'none') return undefined;
  if (settings.persistKey !== undefined && settings.persistKey !== '') return settings.persistKey;
  const target = settings.mode === 'reversal' ? `${settings.reversalUrl ?? ''}#${settings.saleSession ?? ''}` : settings.sessionUrl;
  return target === '' ? undefined : `paynet-checkout:${settings.mode}:${target}`;
}
