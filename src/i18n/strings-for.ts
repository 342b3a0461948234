import { en } from './en.js';
import type { Lang, Strings } from './strings.js';
import { tr } from './tr.js';

const STRINGS: Readonly<Record<Lang, Strings>> = { tr, en };

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

export function stringsFor(lang: string | null | undefined): Strings {
  return STRINGS[supportedLang(lang) ?? 'tr'];
}
