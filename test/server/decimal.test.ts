import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { amountFromPaynet, amountToCommaString, amountToNumber, formatAmountMinor, parseAmountMinor } from '../../server/decimal.js';

describe('decimal amounts', () => {
  it('sends "0.29" to Paynet as exactly 0.29, not a float neighbour', () => {
    assert.equal(JSON.stringify({ amount: amountToNumber('0.29') }), '{"amount":0.29}');
    assert.equal(JSON.stringify({ amount: amountToNumber('149.90') }), '{"amount":149.9}');
  });

  it('writes the comma form that v2/transaction/payment wants', () => {
    assert.equal(amountToCommaString('149.90'), '149,90');
    assert.equal(amountToCommaString('0.05'), '0,05');
  });

  it('refuses amounts that are not a dot with two decimals', () => {
    for (const bad of ['1', '1.5', '1,50', '01.00', '1.000', '-1.00', ' 1.00', '1e3', '12345678.00', '']) {
      assert.equal(parseAmountMinor(bad), undefined, bad);
    }
    assert.throws(() => amountToNumber('1.5'));
  });

  it('round-trips every amount through the JSON number Paynet sees and back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (minor) => {
        const text = formatAmountMinor(minor);
        assert.equal(parseAmountMinor(text), minor);
        const onTheWire = JSON.parse(JSON.stringify(amountToNumber(text))) as number;
        assert.equal(amountFromPaynet(onTheWire), text);
        assert.equal(amountFromPaynet(amountToCommaString(text)), text);
      }),
    );
  });

  it('reads Paynet amounts given as numbers or comma strings', () => {
    assert.equal(amountFromPaynet(12.5), '12.50');
    assert.equal(amountFromPaynet(118), '118.00');
    assert.equal(amountFromPaynet('149,90'), '149.90');
    assert.equal(amountFromPaynet(0.1 + 0.2), undefined);
    assert.equal(amountFromPaynet('abc'), undefined);
  });
});
