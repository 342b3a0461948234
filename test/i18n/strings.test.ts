import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { resolveLang, stringsFor, supportedLang } from '../../src/i18n/strings-for.js';
import { tr } from '../../src/i18n/tr.js';
import { describe, it } from '../flow/mocha.js';

function shape(value: unknown): unknown {
  if (typeof value === 'function') return 'function';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

describe('i18n', () => {
  it('has the same keys, all filled, in Turkish and English', () => {
    expect(shape(tr)).to.deep.equal(shape(en));
    const empty = (strings: object): string[] =>
      Object.entries(strings).flatMap(([key, value]) =>
        typeof value === 'string' ? (value.trim() === '' ? [key] : []) : typeof value === 'object' ? empty(value as object).map((k) => `${key}.${k}`) : [],
      );
    expect(empty(tr)).to.deep.equal([]);
    expect(empty(en)).to.deep.equal([]);
  });

  it('picks the element language, then the page language, then Turkish', () => {
    expect(resolveLang('en', 'tr')).to.equal('en');
    expect(resolveLang('', 'en-GB')).to.equal('en');
    expect(resolveLang('de', 'EN')).to.equal('en');
    expect(resolveLang(undefined, 'fr')).to.equal('tr');
    expect(resolveLang('tr-TR', 'en')).to.equal('tr');
    expect(supportedLang('en_US')).to.equal('en');
    expect(stringsFor('xx')).to.equal(tr);
  });

  it('describes every client-side error code in both languages, differently from the generic text', () => {
    for (const strings of [tr, en]) {
      const generic = strings.describeError('unknown');
      for (const code of ['network', 'timeout', 'malformed_response', 'unsafe_deeplink', 'http_500', 'http_404', 'http_429']) {
        expect(strings.describeError(code), code).to.be.a('string').and.not.equal(generic);
      }
    }
    expect(tr.describeError('network')).to.not.equal(en.describeError('network'));
  });

  it('words a payment the shop will check calmly: never a failure, never an invitation to pay again', () => {
    expect(en.reviewHeading).to.equal('We could not confirm this payment yet');
    expect(en.reviewText).to.equal('Please do not pay again. The shop will check this payment and get back to you.');
    expect(tr.reviewText).to.contain('tekrar ödeme yapmayın');
    for (const strings of [tr, en]) {
      const review = [strings.reviewHeading, strings.reviewText, strings.reversalReviewHeading, strings.reversalReviewText, strings.announce.needs_review];
      for (const text of review) {
        expect(text).to.not.equal(strings.failedHeading);
        expect(text).to.not.contain(strings.tryAgain);
      }
      expect(strings.describeError('needs_review')).to.not.equal(strings.describeError('unknown'));
    }
    expect(en.earlierPaymentUnconfirmed('₺149.90')).to.contain('₺149.90');
    expect(tr.earlierReversalUnconfirmed('₺149,90')).to.contain('₺149,90');
  });

  it('words instalments and plural-like values per language', () => {
    expect(tr.instalmentOption(1)).to.equal('Tek çekim');
    expect(tr.instalmentOption(6)).to.equal('6 taksit');
    expect(en.instalmentOption(1)).to.equal('Single payment');
    expect(en.instalmentOption(6)).to.equal('6 instalments');
    expect(en.timeLeft(4, 5)).to.equal('4:05');
  });
});
