/** Pay's first step as plain function calls: the form and the settings in, the request or the problem out. No DOM. */
import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { buildRequest, invalidInputMessage } from '../../src/modes/build-request.js';
import { buildCardRequest } from '../../src/modes/card/build-card-request.js';
import { emptyCardDraft } from '../../src/modes/card/validate-card.js';
import type { CheckoutForm, RequestContext, RequestSettings } from '../../src/modes/checkout-form.js';
import { defaultValues } from '../../src/paynet-checkout.attributes.js';
import { describe, it } from '../flow/mocha.js';

// The card chunk's builder is given, as the form gives it once the card fields are loaded.
const DESKTOP: RequestContext = { platform: 'other', today: new Date(2026, 10, 24), buildCard: buildCardRequest };
const ANDROID: RequestContext = { ...DESKTOP, platform: 'android' };
const CARD = { holder: 'Ayşe Yılmaz', number: '4242 4242 4242 4242', expiry: '12/30', cvc: '737' };

function settings(overrides: Partial<RequestSettings> = {}): RequestSettings {
  return { ...defaultValues(), sessionUrl: '/api/sessions', ...overrides };
}

function form(overrides: Partial<CheckoutForm> = {}): CheckoutForm {
  return { amountInput: '149,90', instalment: 1, method: 'paypos', card: emptyCardDraft(), selectedDevice: '', ...overrides };
}

describe('buildRequest: a sale handed to PayPOS', () => {
  it('asks for a QR code on a desktop and the deeplink on Android (handoff="auto")', () => {
    expect(buildRequest(form(), settings(), DESKTOP)).to.deep.equal({
      outcome: 'ready',
      fields: { amount: undefined, deviceMissing: false },
      request: { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'qr' },
    });
    const android = buildRequest(form(), settings(), ANDROID);
    expect(android.outcome === 'ready' && android.request).to.deep.include({ handoff: 'deeplink' });
    const forced = buildRequest(form(), settings({ handoff: 'qr' }), ANDROID);
    expect(forced.outcome === 'ready' && forced.request).to.deep.include({ handoff: 'qr' });
  });

  it('charges a fixed amount over what was typed, and sends the reference and description', () => {
    const built = buildRequest(form({ amountInput: 'junk', instalment: 3 }), settings({ amount: '20', instalments: [1, 3], reference: 'order-7', description: 'Two books' }), DESKTOP);
    expect(built.outcome === 'ready' && built.request).to.deep.equal({
      kind: 'sale', amount: '20.00', instalment: 3, handoff: 'qr', reference: 'order-7', description: 'Two books',
    });
  });

  it('falls back to a single payment when the chosen instalment is no longer offered', () => {
    const built = buildRequest(form({ instalment: 6 }), settings({ instalments: [1, 3] }), DESKTOP);
    expect(built.outcome === 'ready' && built.request).to.deep.include({ instalment: 1 });
  });

  it('names the amount field when the typed amount is wrong or too large', () => {
    expect(buildRequest(form({ amountInput: '' }), settings(), DESKTOP)).to.deep.equal({ outcome: 'invalid', fields: { amount: 'empty', deviceMissing: false } });
    expect(buildRequest(form({ amountInput: '600' }), settings({ maxAmount: '500.00' }), DESKTOP)).to.deep.equal({
      outcome: 'invalid',
      fields: { amount: 'too_large', deviceMissing: false },
    });
  });
});

describe('buildRequest: a sale sent to a terminal (handoff="device")', () => {
  it('wants a terminal chosen, then sends the sale to it', () => {
    const terminal = settings({ handoff: 'device' });
    expect(buildRequest(form(), terminal, DESKTOP)).to.deep.equal({ outcome: 'invalid', fields: { amount: undefined, deviceMissing: true } });
    expect(buildRequest(form({ amountInput: '', selectedDevice: '' }), terminal, DESKTOP)).to.deep.equal({
      outcome: 'invalid',
      fields: { amount: 'empty', deviceMissing: true },
    });
    expect(buildRequest(form({ selectedDevice: 'P00134' }), terminal, DESKTOP)).to.deep.equal({
      outcome: 'ready',
      fields: { amount: undefined, deviceMissing: false },
      request: { kind: 'sale', amount: '149.90', instalment: 1, handoff: 'device', deviceId: 'P00134' },
    });
  });
});

describe('buildRequest: a card payment', () => {
  const byCard = settings({ methods: ['paypos', 'card'], paymentUrl: '/api/payments', handoff: 'device' });

  it('gives the payment with the card checked, and clears the card errors', () => {
    expect(buildRequest(form({ method: 'card', card: CARD, instalment: 3 }), { ...byCard, instalments: [1, 3], reference: 'r-1' }, DESKTOP)).to.deep.equal({
      outcome: 'ready',
      fields: { amount: undefined, card: {}, deviceMissing: false },
      request: {
        kind: 'card',
        payment: { amount: '149.90', instalment: 3, currency: 'TRY', reference: 'r-1', card: { holder: 'Ayşe Yılmaz', number: '4242424242424242', month: 12, year: 2030, cvc: '737' } },
      },
    });
  });

  it('names each wrong card field, and the amount beside them', () => {
    expect(buildRequest(form({ method: 'card', amountInput: '0', card: { ...CARD, number: '4242 4242 4242 4241', expiry: '01/20' } }), byCard, DESKTOP)).to.deep.equal({
      outcome: 'invalid',
      fields: { amount: 'zero', card: { number: 'invalid', expiry: 'past' }, deviceMissing: false },
    });
  });

  it('finds every card field empty while the card chunk (its fields and checks) is not loaded', () => {
    const built = buildRequest(form({ method: 'card', card: CARD }), byCard, { ...DESKTOP, buildCard: undefined });
    expect(built).to.deep.equal({ outcome: 'invalid', fields: { amount: undefined, card: { holder: 'empty', number: 'empty', expiry: 'empty', cvc: 'empty' }, deviceMissing: false } });
  });

  it('is a PayPOS sale when the card is not offered (no payment-url)', () => {
    const built = buildRequest(form({ method: 'card', card: CARD }), settings({ methods: ['paypos', 'card'] }), DESKTOP);
    expect(built.outcome === 'ready' && built.request.kind).to.equal('sale');
  });
});

describe('buildRequest: a cancel or refund (mode="reversal")', () => {
  const reversal = settings({ mode: 'reversal', sessionUrl: '', reversalUrl: '/api/reversals', saleSession: 'ps_1', reference: 'r-9' });

  it('names the sale to reverse, on the phone (a QR code or the deeplink, never a terminal), and checks no field', () => {
    expect(buildRequest(form({ amountInput: '' }), { ...reversal, handoff: 'device' }, DESKTOP)).to.deep.equal({
      outcome: 'ready',
      request: { kind: 'reversal', saleSessionId: 'ps_1', handoff: 'qr', reference: 'r-9' },
    });
    const android = buildRequest(form(), { ...reversal, handoff: 'device' }, ANDROID);
    expect(android.outcome === 'ready' && android.request).to.deep.include({ handoff: 'deeplink' });
  });
});

describe('buildRequest: settings that cannot make a request', () => {
  const misconfigured = { outcome: 'misconfigured' };

  it('is misconfigured without the route the mode sends to', () => {
    expect(buildRequest(form(), settings({ sessionUrl: '' }), DESKTOP)).to.deep.equal(misconfigured);
    expect(buildRequest(form(), settings({ mode: 'reversal', reversalUrl: '/r' }), DESKTOP)).to.deep.equal(misconfigured);
    expect(buildRequest(form(), settings({ mode: 'reversal', saleSession: 'ps_1' }), DESKTOP)).to.deep.equal(misconfigured);
  });

  it('is misconfigured in another currency, or with a fixed amount that cannot be charged', () => {
    expect(buildRequest(form(), settings({ currency: 'USD' }), DESKTOP)).to.deep.equal(misconfigured);
    expect(buildRequest(form(), settings({ currency: 'USD', mode: 'reversal', reversalUrl: '/r', saleSession: 'ps_1' }), DESKTOP)).to.deep.equal(misconfigured);
    expect(buildRequest(form(), settings({ amount: 'abc' }), DESKTOP)).to.deep.equal(misconfigured);
  });
});

describe('invalidInputMessage', () => {
  it('says the amount first, then the terminal, then the card', () => {
    const max = (): string => 'TRY 500.00';
    expect(invalidInputMessage(en, { amount: 'too_large', deviceMissing: true }, max)).to.equal(en.amountErrors.too_large(max()));
    expect(invalidInputMessage(en, { amount: undefined, deviceMissing: true }, max)).to.equal(en.deviceRequired);
    expect(invalidInputMessage(en, { amount: undefined, card: { cvc: 'empty' }, deviceMissing: false }, max)).to.equal(en.cardErrors.number.invalid);
  });
});
