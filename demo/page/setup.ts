/**
 * The demo's setup, held in the page's query string so a setup can be shared as a link:
 * `?handoff=device&lang=en` opens the demo on the POS terminal, in English. Only values that
 * differ from the default are written, so the plain demo keeps a clean address. Pure: no DOM,
 * so it is tested under Node.
 */
import type { DemoLang } from './strings.js';

export type DemoHandoff = 'auto' | 'qr' | 'deeplink' | 'device';
export type DemoAmount = 'cart' | 'typed';
/** `auto` follows the device (`prefers-color-scheme`); the others force a theme. */
export type DemoTheme = 'auto' | 'light' | 'dark';

export interface DemoSetup {
  readonly handoff: DemoHandoff;
  /** `cart`: the element gets the cart's fixed amount; `typed`: the cashier types one. */
  readonly amount: DemoAmount;
  /** The card method beside PayPOS (`methods="paypos card"`). */
  readonly card: boolean;
  readonly lang: DemoLang;
  readonly theme: DemoTheme;
}

export const DEFAULT_SETUP: DemoSetup = { handoff: 'auto', amount: 'cart', card: false, lang: 'tr', theme: 'auto' };

const HANDOFFS: readonly DemoHandoff[] = ['auto', 'qr', 'deeplink', 'device'];
const AMOUNTS: readonly DemoAmount[] = ['cart', 'typed'];
const LANGS: readonly DemoLang[] = ['tr', 'en'];
const THEMES: readonly DemoTheme[] = ['auto', 'light', 'dark'];
const CARD_ON = '1';
const CARD_OFF = '0';

/** The query parameters this module owns, in the order they are written. */
const KEYS = ['handoff', 'amount', 'card', 'lang', 'theme'] as const satisfies ReadonlyArray<keyof DemoSetup>;

function oneOf<T extends string>(allowed: readonly T[], raw: string | null | undefined, fallback: T): T {
  const value = raw?.trim().toLowerCase();
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

function cardOf(raw: string | null | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === CARD_ON || value === 'true') return true;
  if (value === CARD_OFF || value === 'false') return false;
  return DEFAULT_SETUP.card;
}

/**
 * The setup that raw values (a query string's, a form's) ask for, each read by its key.
 * Anything missing, unknown or malformed is the default: a mangled link still opens the demo.
 */
export function setupFrom(raw: (key: keyof DemoSetup) => string | null | undefined): DemoSetup {
  return {
    handoff: oneOf(HANDOFFS, raw('handoff'), DEFAULT_SETUP.handoff),
    amount: oneOf(AMOUNTS, raw('amount'), DEFAULT_SETUP.amount),
    card: cardOf(raw('card')),
    lang: oneOf(LANGS, raw('lang'), DEFAULT_SETUP.lang),
    theme: oneOf(THEMES, raw('theme'), DEFAULT_SETUP.theme),
  };
}

/** The setup a query string asks for (`location.search`, with or without its `?`); never throws. */
export function readSetup(search: string): DemoSetup {
  // URLSearchParams never throws on a string: bad escapes and stray `&`/`=` are read leniently.
  const params = new URLSearchParams(search);
  return setupFrom((key) => params.get(key));
}

/**
 * The query string (`?…`, or `''` for the default setup) holding this setup's non-default
 * values. Parameters of `keep` (the current `location.search`) that are not the setup's own
 * stay, after the setup's, so a link's other parameters survive a settings change.
 */
export function setupToSearch(setup: DemoSetup, keep = ''): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (setup[key] === DEFAULT_SETUP[key]) continue;
    params.set(key, key === 'card' ? (setup.card ? CARD_ON : CARD_OFF) : String(setup[key]));
  }
  for (const [key, value] of new URLSearchParams(keep)) if (!(KEYS as readonly string[]).includes(key)) params.append(key, value);
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
