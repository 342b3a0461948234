import { lazyModule, type LazyModule } from '../lazy/lazy-module.js';
import type { Lang, Strings } from './strings.js';
import { tr } from './tr.js';

/**
 * Turkish, the default, is in the first script; every other language is a chunk of its own,
 * loaded when an element first needs it (a Turkish shop never downloads the English strings).
 */
const OTHER_LANGUAGES: Readonly<Record<Exclude<Lang, 'tr'>, LazyModule<Strings>>> = {
  en: lazyModule(() => import('./en.js').then((module) => module.en)),
};

/** "tr", "tr-TR", "EN-gb" → a supported language; undefined for anything else. */
export function supportedLang(tag: string | null | undefined): Lang | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/u)[0];
  return primary === 'tr' || primary === 'en' ? primary : undefined;
}

type LangSource = string | null | undefined;

/**
 * The element's language: its own `lang`, else the page's `<html lang>`, else Turkish
 * (the market PayPOS serves). An unsupported tag is skipped, not guessed. The page's
 * language may be given as a function, asked only when the element's own does not decide.
 */
export function resolveLang(elementLang: LangSource, documentLang: LangSource | (() => LangSource)): Lang {
  const own = supportedLang(elementLang);
  if (own !== undefined) return own;
  return supportedLang(typeof documentLang === 'function' ? documentLang() : documentLang) ?? 'tr';
}

/**
 * The page's `<html lang>`; undefined where there is no page (server rendering, where a DOM
 * shim's document has no documentElement, or none at all).
 */
export function pageLang(): string | undefined {
  return globalThis.document?.documentElement?.lang;
}

/** The strings of `lang` (Turkish for an unsupported one), or undefined while its chunk is not loaded yet. */
export function stringsFor(lang: string | null | undefined): Strings | undefined {
  const supported = supportedLang(lang) ?? 'tr';
  return supported === 'tr' ? tr : OTHER_LANGUAGES[supported].get();
}

/** Languages whose chunk could not be fetched (offline): rendered in Turkish rather than not at all. */
const unavailable = new Set<string>();

/**
 * The strings to render `lang` in now, or undefined while its chunk loads; `settled` is called
 * once it is in, or once it failed (then Turkish stands in). Never another language first.
 */
export function stringsToRender(lang: string, settled: () => void): Strings | undefined {
  const strings = stringsFor(lang) ?? (unavailable.has(lang) ? tr : undefined);
  if (strings === undefined) {
    void loadLanguage(lang).then(settled, () => {
      unavailable.add(lang);
      settled();
    });
  }
  return strings;
}

/**
 * Loads the strings of `lang` (at once for Turkish). The element does this by itself and
 * renders when they are in; a server renderer awaits it before rendering in that language,
 * as does a page that hydrates server-rendered markup.
 */
export async function loadLanguage(lang: string): Promise<Strings> {
  const supported = supportedLang(lang) ?? 'tr';
  return supported === 'tr' ? tr : OTHER_LANGUAGES[supported].load();
}
