import { en } from './en.js';
import type { Lang, Strings } from './strings.js';
import { tr } from './tr.js';

const STRINGS: Readonly<Record<Lang, Strings>> = { tr, en };

/** "tr", "tr-TR", "EN-gb" → a supported language; undefined for anything else. */
export function supportedLang(tag: string | null | undefined): Lang | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/u)[0];
  return primary === 'tr' || primary === 'en' ? primary : undefined;
}

/**
 * The element's language: its own `lang`, else the page's `<html lang>`, else Turkish
 * (the market PayPOS serves). An unsupported tag is skipped, not guessed.
 */
export function resolveLang(elementLang: string | null | undefined, documentLang: string | null | undefined): Lang {
  return supportedLang(elementLang) ?? supportedLang(documentLang) ?? 'tr';
}

export function stringsFor(lang: string | null | undefined): Strings {
  return STRINGS[supportedLang(lang) ?? 'tr'];
}
