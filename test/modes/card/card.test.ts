import { expect } from '@open-wc/testing';
import { cardDigits, detectBrand, formatCardNumber, luhnValid } from '../../../src/modes/card/card-number.js';
import { formatExpiryInput, parseExpiry } from '../../../src/modes/card/expiry.js';
import { validateCard } from '../../../src/modes/card/validate-card.js';
import { describe, it } from '../../flow/mocha.js';

const TODAY = new Date(2026, 10, 24); // 24 November 2026

describe('card number', () => {
  it('accepts Luhn-valid numbers and refuses a changed digit', () => {
    for (const pan of ['4242424242424242', '5555555555554444', '378282246310005', '9792030000000000', '2223003122003222']) {
      expect(luhnValid(pan), pan).to.equal(true);
      const changed = pan.slice(0, -1) + String((Number(pan.at(-1)) + 1) % 10);
      expect(luhnValid(changed), changed).to.equal(false);
    }
    expect(luhnValid('')).to.equal(false);
    expect(luhnValid('4242 4242 4242 4242')).to.equal(false);
  });

  it('tells the brand from the leading digits', () => {
    expect(detectBrand('4242')).to.equal('visa');
    expect(detectBrand('5105')).to.equal('mastercard');
    expect(detectBrand('2221')).to.equal('mastercard');
    expect(detectBrand('2720')).to.equal('mastercard');
    expect(detectBrand('2721')).to.equal(undefined);
    expect(detectBrand('3782')).to.equal('amex');
    expect(detectBrand('9792')).to.equal('troy');
    expect(detectBrand('6011')).to.equal(undefined);
  });

  it('groups digits for display, Amex as 4-6-5', () => {
    expect(formatCardNumber('4242424242424242')).to.equal('4242 4242 4242 4242');
    expect(formatCardNumber('4242-4242 42')).to.equal('4242 4242 42');
    expect(formatCardNumber('378282246310005')).to.equal('3782 822463 10005');
    expect(cardDigits('4'.repeat(30))).to.have.length(19);
  });
});

describe('card expiry', () => {
  it('reads MM/YY and MM/YYYY, valid through the end of the month', () => {
    expect(parseExpiry('11/26', TODAY)).to.deep.equal({ ok: true, month: 11, year: 2026 });
    expect(parseExpiry('0427', TODAY)).to.deep.equal({ ok: true, month: 4, year: 2027 });
    expect(parseExpiry('4/2027', TODAY)).to.deep.equal({ ok: true, month: 4, year: 2027 });
  });

  it('refuses a past month and a month that does not exist', () => {
    expect(parseExpiry('10/26', TODAY)).to.deep.equal({ ok: false, error: 'past' });
    expect(parseExpiry('13/27', TODAY)).to.deep.equal({ ok: false, error: 'invalid' });
    expect(parseExpiry('00/27', TODAY)).to.deep.equal({ ok: false, error: 'invalid' });
    expect(parseExpiry('ab/cd', TODAY)).to.deep.equal({ ok: false, error: 'invalid' });
  });

  it('adds the slash as the shopper types', () => {
    expect(formatExpiryInput('1')).to.equal('1');
    expect(formatExpiryInput('5')).to.equal('05/');
    expect(formatExpiryInput('042')).to.equal('04/2');
    expect(formatExpiryInput('04/27')).to.equal('04/27');
  });
});

describe('validateCard', () => {
  it('gives the contract card object for a valid card', () => {
    expect(validateCard({ holder: '  Ayşe  Yılmaz ', number: '4242 4242 4242 4242', expiry: '12/28', cvc: '123' }, TODAY)).to.deep.equal({
      ok: true,
      card: { holder: 'Ayşe Yılmaz', number: '4242424242424242', month: 12, year: 2028, cvc: '123' },
    });
  });

  it('reports one error per wrong field', () => {
    expect(validateCard({ holder: '', number: '4242 4242 4242 4241', expiry: '01/20', cvc: '12' }, TODAY)).to.deep.equal({
      ok: false,
      errors: { holder: 'empty', number: 'invalid', expiry: 'past', cvc: 'invalid' },
    });
  });

  it('wants four CVC digits for Amex and three for others', () => {
    const amex = { holder: 'A B', number: '378282246310005', expiry: '12/28' };
    expect(validateCard({ ...amex, cvc: '123' }, TODAY).ok).to.equal(false);
    expect(validateCard({ ...amex, cvc: '1234' }, TODAY).ok).to.equal(true);
    expect(validateCard({ holder: 'A B', number: '4242424242424242', expiry: '12/28', cvc: '1234' }, TODAY).ok).to.equal(false);
  });
});
