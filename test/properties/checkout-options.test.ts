/** The runner's options as the element's properties decide them: plain function calls, no DOM. */
import { expect } from '@open-wc/testing';
import { DEFAULT_POLL_POLICY } from '../../src/flow/poll-policy.js';
import { defaultValues } from '../../src/paynet-checkout.attributes.js';
import { checkoutOptions, persistKey, pollPolicy, type OptionsSettings } from '../../src/properties/checkout-options.js';
import { describe, it } from '../flow/mocha.js';

function settings(overrides: Partial<OptionsSettings> = {}): OptionsSettings {
  return { ...defaultValues(), ...overrides };
}

const describeError = (code: string): string => `error ${code}`;

describe('persist key', () => {
  it('is one key per sale route, so two checkouts on a page never resume each other', () => {
    expect(persistKey(settings({ sessionUrl: '/api/sessions' }))).to.equal('paynet-checkout:sale:/api/sessions');
    expect(persistKey(settings({ sessionUrl: '/api/other' }))).to.equal('paynet-checkout:sale:/api/other');
  });

  it('names the reversal route and the sale for mode="reversal"', () => {
    expect(persistKey(settings({ mode: 'reversal', sessionUrl: '/api/sessions', reversalUrl: '/api/reversals', saleSession: 'ps_1' }))).to.equal(
      'paynet-checkout:reversal:/api/reversals#ps_1',
    );
  });

  it('is the persist-key given, and none at all for "none"', () => {
    expect(persistKey(settings({ sessionUrl: '/api/sessions', persistKey: 'shop-cart' }))).to.equal('shop-cart');
    expect(persistKey(settings({ sessionUrl: '/api/sessions', persistKey: 'none' }))).to.equal(undefined);
    expect(persistKey(settings({ sessionUrl: '/api/sessions', persistKey: '' }))).to.equal('paynet-checkout:sale:/api/sessions');
  });

  it('is none when there is no route to key on', () => {
    expect(persistKey(settings())).to.equal(undefined);
  });
});

describe('poll policy', () => {
  it('is the default policy when no interval is set', () => {
    expect(pollPolicy(settings())).to.deep.equal(DEFAULT_POLL_POLICY);
  });

  it('takes each interval the element sets, 0 included, and keeps the rest', () => {
    expect(pollPolicy(settings({ pollInterval: 15, pollSlowAfter: 0 }))).to.deep.equal({ ...DEFAULT_POLL_POLICY, intervalMs: 15, slowAfterMs: 0 });
    expect(pollPolicy(settings({ pollSlowInterval: 900 }))).to.deep.equal({ ...DEFAULT_POLL_POLICY, slowIntervalMs: 900 });
  });
});

describe('checkout options', () => {
  it('carries the routes, schemes, policy and key, and leaves out the routes that are not set', () => {
    const options = checkoutOptions(settings({ sessionUrl: '/api/sessions', pollInterval: 15 }), describeError);
    expect(Object.keys(options).sort()).to.deep.equal(['allowedSchemes', 'describeError', 'persistKey', 'pollPolicy', 'routes']);
    expect(options).to.deep.include({ routes: { sessionUrl: '/api/sessions' }, allowedSchemes: ['paypos', 'https'], persistKey: 'paynet-checkout:sale:/api/sessions' });
    expect(options.pollPolicy.intervalMs).to.equal(15);
    expect(options.describeError('network')).to.equal('error network');
  });

  it('carries the reversal and card routes when set', () => {
    const options = checkoutOptions(settings({ sessionUrl: '/s', reversalUrl: '/r', paymentUrl: '/p', persistKey: 'none' }), describeError);
    expect(options.routes).to.deep.include({ reversalUrl: '/r', paymentUrl: '/p' });
    expect('persistKey' in options).to.equal(false);
  });
});
