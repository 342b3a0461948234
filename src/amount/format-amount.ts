import type { Currency } from '../contract.js';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * "1234.5" → "₺1.234,50" (tr) / "TRY 1,234.50" (en). The decimal string goes to Intl as a
 * string (Intl.NumberFormat v3 reads it as an exact decimal), never through a float.
 */
export function formatAmount(value: string, lang: string, currency: Currency = 'TRY'): string {
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
