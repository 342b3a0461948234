import type { Currency } from '../contract.js';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * "1234.5" → "₺1.234,50" (tr) / "TRY 1,234.50" (en). Lira amounts in the element's two
 * languages are written here, the way Intl writes them (test/amount/format-amount.test.ts holds
 * the two equal over random amounts, in Chromium and Firefox): the first Intl.NumberFormat of a
 * page loads ICU's locale data, measured at 75–88 ms of a 145–185 ms first render with the CPU
 * throttled 4× (bench tti), for a Pay button that shows the amount. Anything else goes to Intl,
 * as a string (Intl.NumberFormat v3 reads it as an exact decimal), never through a float.
 */
export function formatAmount(value: string, lang: string, currency: Currency = 'TRY'): string {
  return (currency === 'TRY' ? formatLira(value, lang) : undefined) ?? formatWithIntl(value, lang, currency);
}

/** The CLDR patterns of TRY in tr ("₺#.##0,00") and en ("TRY #,##0.00", a no-break space), minus first. */
const LIRA: Readonly<Record<string, { prefix: string; group: string; decimal: string }>> = {
  tr: { prefix: '₺', group: '.', decimal: ',' },
  en: { prefix: 'TRY\u00a0', group: ',', decimal: '.' },
};

function formatLira(value: string, lang: string): string | undefined {
  const style = LIRA[lang];
  // At most two decimals: nothing to round. Leading zeros ("007") are Intl's to read.
  const match = /^(-?)(0|[1-9]\d*)(?:\.(\d{1,2}))?$/u.exec(value);
  if (style === undefined || match === null) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+$)/gu, style.group);
  // Intl writes -0 as "-₺0,00" too, so the sign stays whatever the digits.
  return `${sign}${style.prefix}${grouped}${style.decimal}${fraction.padEnd(2, '0')}`;
}

function formatWithIntl(value: string, lang: string, currency: string): string {
  const key = `${lang}|${currency}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat(lang, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  // TypeScript's ES2022 lib predates string arguments (ES2023 Intl); browsers and Node 20 take them.
  // `format` is a bound getter, so calling it detached is fine.
  return (formatter.format as unknown as (exact: string) => string)(value);
}
