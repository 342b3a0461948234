/**
 * formatAmount writes lira amounts in tr and en itself (to spare the first render ICU's locale
 * load); these tests hold it to what this browser's Intl writes, over random amounts, so a
 * difference in either browser's CLDR data shows here.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { formatAmount } from '../../src/amount/format-amount.js';
import { describe, it } from '../flow/mocha.js';

function intl(value: string, lang: string): string {
  return (new Intl.NumberFormat(lang, { style: 'currency', currency: 'TRY' }).format as unknown as (exact: string) => string)(value);
}

/** "0", "149.9", "-1234567.05", up to 18 integer digits: what the backend and the form hand it. */
const amounts = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 9 }).map(String), fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'))))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`);

describe('formatAmount', () => {
  for (const lang of ['tr', 'en']) {
    it(`writes lira in ${lang} exactly as Intl does`, () => {
      fc.assert(
        fc.property(amounts, (value) => formatAmount(value, lang) === intl(value, lang)),
        { numRuns: 2_000 },
      );
    });
  }

  it('leaves what it does not write itself to Intl (more decimals, another locale, leading zeros)', () => {
    for (const [value, lang] of [['1.005', 'tr'], ['12.345', 'en'], ['1234.5', 'de'], ['007', 'tr'], ['1e3', 'en']] as const) {
      expect(formatAmount(value, lang), `${value} in ${lang}`).to.equal(intl(value, lang));
    }
  });
});
