import { expect } from '@open-wc/testing';
import { formatAmount } from '../../src/amount/format-amount.js';
import { formatMinor, parseAmount, toMinor, type ParsedAmount } from '../../src/amount/parse-amount.js';
import { describe, it } from '../flow/mocha.js';

const accepted: Array<[string, string]> = [
  ['149,90', '149.90'],
  ['149.90', '149.90'],
  ['149', '149.00'],
  ['149,9', '149.90'],
  ['1.234,56', '1234.56'],
  ['1,234.56', '1234.56'],
  ['1234.56', '1234.56'],
  ['1 234,56', '1234.56'],
  ['1\u00a0234,56', '1234.56'],
  ['1\u202f234,56', '1234.56'],
  ['1.000.000,00', '1000000.00'],
  ['1,000,000', '1000000.00'],
  ['999 999,99', '999999.99'],
  ['  42  ', '42.00'],
  ['0,50', '0.50'],
  [',5', '0.50'],
  ['007', '7.00'],
  ['₺149,90', '149.90'],
  ['149,90 TL', '149.90'],
  ['1000000', '1000000.00'],
];

const refused: Array<[string, Extract<ParsedAmount, { ok: false }>['error']]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['abc', 'invalid'],
  ['NaN', 'invalid'],
  ['Infinity', 'invalid'],
  ['1e21', 'invalid'],
  ['0x10', 'invalid'],
  ['١٢٣', 'invalid'],
  ['１２３', 'invalid'],
  ['149,', 'invalid'],
  ['1.2.3', 'invalid'],
  ['12.34.567', 'invalid'],
  ['1,23,456', 'invalid'],
  ['1.234,56,7', 'invalid'],
  ['-5', 'negative'],
  ['\u22125', 'negative'],
  ['0', 'zero'],
  ['0,00', 'zero'],
  ['12,345', 'too_many_decimals'],
  ['1.234', 'too_many_decimals'],
  ['1,999', 'too_many_decimals'],
  ['0.001', 'too_many_decimals'],
  ['1000000,01', 'too_large'],
  ['12345678901234567890', 'too_large'],
  ['9'.repeat(80), 'too_large'],
];

describe('parseAmount', () => {
  for (const [input, value] of accepted) {
    it(`reads ${JSON.stringify(input)} as ${value}`, () => {
      expect(parseAmount(input)).to.deep.equal({ ok: true, value });
    });
  }
  for (const [input, error] of refused) {
    it(`refuses ${JSON.stringify(input)} as ${error}`, () => {
      expect(parseAmount(input)).to.deep.equal({ ok: false, error });
    });
  }

  it('honours a lower maximum', () => {
    expect(parseAmount('500,01', { maxMinor: 50_000n })).to.deep.equal({ ok: false, error: 'too_large' });
    expect(parseAmount('500,00', { maxMinor: 50_000n })).to.deep.equal({ ok: true, value: '500.00' });
  });

  it('round-trips every kuruş value through its own output', () => {
    for (const minor of [1n, 9n, 10n, 99n, 100n, 12_345n, 99_999_999n, 100_000_000n]) {
      const text = formatMinor(minor);
      expect(toMinor(text)).to.equal(minor);
      expect(parseAmount(text)).to.deep.equal({ ok: true, value: text });
    }
  });
});

describe('formatAmount', () => {
  it('formats Turkish lira the Turkish way', () => {
    expect(formatAmount('1234.5', 'tr').replace(/\s/gu, ' ')).to.equal('₺1.234,50');
  });

  it('formats Turkish lira the English way', () => {
    expect(formatAmount('1234.5', 'en').replace(/\s/gu, ' ')).to.equal('TRY 1,234.50');
  });

  it('keeps every digit of a large amount (no float rounding)', () => {
    expect(formatAmount('999999999999999.99', 'en').replace(/\s/gu, ' ')).to.equal('TRY 999,999,999,999,999.99');
  });
});
