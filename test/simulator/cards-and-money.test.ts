import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESENTED_CARDS, isLuhnValid, maskPan, outcomeForPan } from '../../simulator/cards.js';
import { chargeFor, minorFromCommaString, minorFromNumber } from '../../simulator/money.js';

describe('simulator: test cards', () => {
  it('accepts Luhn-valid numbers and refuses one wrong digit', () => {
    assert.equal(isLuhnValid('4355084355084358'), true);
    assert.equal(isLuhnValid('4355084355084359'), false);
    assert.equal(isLuhnValid('79927398713'), false, 'too short for a card');
    assert.equal(isLuhnValid('4355 0843 5508 4358'), false, 'digits only');
  });

  it('presents only Luhn-valid cards, and documents two declining ones', () => {
    for (const card of Object.values(PRESENTED_CARDS)) assert.equal(isLuhnValid(card.pan), true, card.brand);
    assert.equal(outcomeForPan('4000000000000002').approved, false);
    assert.equal(outcomeForPan('4000000000000069').approved, false);
    assert.equal(outcomeForPan('4355084355084358').approved, true);
  });

  it('masks all but the first six and last four digits', () => {
    assert.equal(maskPan('4355084355084358'), '435508******4358');
    assert.equal(maskPan('9792030394440796123'), '979203*********6123');
  });
});

describe('simulator: amounts', () => {
  it('reads a JSON number with at most two decimals into kuruş', () => {
    assert.equal(minorFromNumber(149.9), 14_990);
    assert.equal(minorFromNumber(0.29), 29);
    assert.equal(minorFromNumber(12.345), undefined);
    assert.equal(minorFromNumber(0), undefined);
    assert.equal(minorFromNumber(1e21), undefined);
    assert.equal(minorFromNumber(10_000_000), undefined);
  });

  it('reads a comma-decimal string into kuruş', () => {
    assert.equal(minorFromCommaString('149,90'), 14_990);
    assert.equal(minorFromCommaString('149,9'), 14_990);
    assert.equal(minorFromCommaString('7'), 700);
    assert.equal(minorFromCommaString('149.90'), undefined);
    assert.equal(minorFromCommaString('0,00'), undefined);
  });

  it('adds the commission on top only when asked to', () => {
    assert.deepEqual(chargeFor(10_000, false), { amountMinor: 10_000, comissionMinor: 249, netAmountMinor: 9_751 });
    assert.deepEqual(chargeFor(10_000, true), { amountMinor: 10_249, comissionMinor: 249, netAmountMinor: 10_000 });
  });
});
