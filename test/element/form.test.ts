import { expect, html } from '@open-wc/testing';
import { afterEach, describe, it } from '../flow/mocha.js';
import { $, checkout, forgetPersistedSessions, recordEvents, shadow, text, typeInto, useBackend } from './helpers.js';

describe('<paynet-checkout> form', () => {
  afterEach(forgetPersistedSessions);

  it('is an accessible, labelled form with the amount on the Pay button', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="tr" instalments="1,2,3,6,9,12"></paynet-checkout>`);
    await expect(el).to.be.accessible();
    const input = $<HTMLInputElement>(el, '#amount');
    expect(shadow(el).querySelector('label[for="amount"]')?.textContent).to.equal('Tutar (TL)');
    expect(input.getAttribute('inputmode')).to.equal('decimal');
    expect(shadow(el).querySelectorAll('input[name="instalment"]')).to.have.length(6);
    await typeInto(input, '149,9');
    await el.updateComplete;
    expect(text(el)).to.contain('₺149,90 öde');
  });

  it('explains a wrong amount beside the field in Turkish, and sends nothing', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="tr"></paynet-checkout>`);
    const events = recordEvents(el);
    await typeInto($<HTMLInputElement>(el, '#amount'), '12,345');
    const result = await el.pay();
    await el.updateComplete;
    const input = $<HTMLInputElement>(el, '#amount');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('amount-error');
    expect($(el, '#amount-error').textContent).to.contain('en fazla iki hane');
    expect(result).to.deep.include({ status: 'error' });
    expect(result.status === 'error' && result.error.code).to.equal('invalid_input');
    expect(backend.requests).to.have.length(0);
    expect(events).to.have.length(0);
    expect(shadow(el).activeElement).to.equal(input);
    await expect(el).to.be.accessible();
  });

  it('explains each kind of wrong amount in English', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} lang="en" max-amount="500.00"></paynet-checkout>`);
    const cases: Array<[string, string]> = [
      ['', 'Enter the amount to pay.'],
      ['abc', 'Enter the amount as digits, for example 149,90.'],
      ['-5', 'The amount cannot be negative.'],
      ['0', 'The amount must be more than zero.'],
      ['1.999', 'Use at most two decimals'],
      ['500,01', 'The amount cannot be more than TRY 500.00.'],
    ];
    for (const [typed, message] of cases) {
      await typeInto($<HTMLInputElement>(el, '#amount'), typed);
      await el.pay();
      await el.updateComplete;
      expect($(el, '#amount-error').textContent?.replace(/\s/gu, ' '), typed).to.contain(message);
    }
    expect(backend.requests).to.have.length(0);
  });

  it('follows the page language when it has none of its own', async () => {
    const backend = await useBackend();
    const before = document.documentElement.lang;
    document.documentElement.lang = 'en-GB';
    try {
      const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl}></paynet-checkout>`);
      expect(text(el)).to.contain('Pay with PayPOS');
      el.lang = 'tr';
      await el.updateComplete;
      expect(text(el)).to.contain('PayPOS ile öde');
      expect(el.getAttribute('lang')).to.equal('tr');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('charges a fixed amount set by the shop without an amount field', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout session-url=${backend.sessionUrl} amount="149.90" lang="en" reference="ORDER-7" description="Coffee beans"></paynet-checkout>`);
    expect(shadow(el).querySelector('#amount')).to.equal(null);
    expect(text(el)).to.contain('Pay TRY 149.90');
    const started = el.pay();
    await new Promise((resolve) => el.addEventListener('paynet-session', resolve, { once: true }));
    expect(backend.requestsTo('create')[0]?.body).to.deep.equal({
      amount: '149.90', instalment: 1, currency: 'TRY', handoff: 'paypos', reference: 'ORDER-7', description: 'Coffee beans',
    });
    el.cancel();
    expect((await started).status).to.equal('cancelled');
  });

  it('reads its attributes into typed properties', async () => {
    const el = await checkout(html`<paynet-checkout
      session-url="/s" instalments="12, 3,x,3,1,99" allowed-schemes="PayPOS: https" methods="card paypos bogus"
      poll-interval="500" mode="reversal" sale-session="ses_1"
    ></paynet-checkout>`);
    expect(el.instalments).to.deep.equal([1, 3, 12]);
    expect(el.allowedSchemes).to.deep.equal(['paypos', 'https']);
    expect(el.methods).to.deep.equal(['card', 'paypos']);
    expect(el.pollInterval).to.equal(500);
    expect(el.mode).to.equal('reversal');
    expect(el.saleSession).to.equal('ses_1');
    el.handoff = 'qr';
    await el.updateComplete;
    expect(el.getAttribute('handoff')).to.equal('qr');
  });

  it('says it is not set up, instead of posting to the page, when session-url is missing', async () => {
    const backend = await useBackend();
    const el = await checkout(html`<paynet-checkout lang="en"></paynet-checkout>`);
    await typeInto($<HTMLInputElement>(el, '#amount'), '10');
    const result = await el.pay();
    await el.updateComplete;
    expect(result.status === 'error' && result.error.code).to.equal('misconfigured');
    expect(text(el)).to.contain('not set up correctly');
    expect(backend.requests).to.have.length(0);
  });
});
