/**
 * Server rendering with @lit-labs/ssr, its global DOM shim installed first (as its README
 * asks: a `document` with no `documentElement`, a `window`, a `customElements`): the element
 * renders its form into a declarative shadow root, in the language it is given (Turkish
 * without one: a server has no page language to fall back on), from attributes and from
 * property bindings, and reads garbage there as in a browser.
 */
import '@lit-labs/ssr/lib/install-global-dom-shim.js';
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { TemplateResult } from 'lit';

// The shim's module awaits (it registers a CSS hook), so modules imported beside it may run
// before it has installed its globals, and the element would be defined in a registry the
// shim then replaces. Lit and the element are imported once it has run.
const { render } = await import('@lit-labs/ssr');
const { collectResult, collectResultSync } = await import('@lit-labs/ssr/lib/render-result.js');
const { html } = await import('lit');
const { loadLanguage } = await import('../../src/paynet-checkout.js');
// English is a chunk of its own (Turkish is built in): a server renderer loads it before it
// renders in English, as docs/frameworks.md says.
await loadLanguage('en');

/** The rendered markup, lit's comment markers dropped and Intl's no-break spaces made plain. */
async function serverRender(template: TemplateResult): Promise<string> {
  const markup = await collectResult(render(template));
  return markup.replace(/<!--[\s\S]*?-->|<\?>/gu, '').replace(/\u00a0/gu, ' ');
}

/** What the declarative shadow root holds, its styles left out. */
function shadowOf(markup: string): string {
  const match = /<template shadowroot="open" shadowrootmode="open">([\s\S]*)<\/template>/u.exec(markup);
  assert.ok(match, `no declarative shadow root in ${markup.slice(0, 200)}`);
  return (match[1] ?? '').replace(/<style>[\s\S]*?<\/style>/u, '');
}

function instalmentValues(shadow: string): string[] {
  return [...shadow.matchAll(/name="instalment"\s+value="(\d+)"/gu)].map((match) => match[1] ?? '');
}

describe('server rendering with @lit-labs/ssr', () => {
  it('renders the form, the formatted amount and the instalment options (lang="en")', async () => {
    const markup = await serverRender(
      html`<paynet-checkout session-url="/x" lang="en" amount="149.90" instalments="1,2,3"></paynet-checkout>`,
    );
    assert.match(markup, /<paynet-checkout\s+session-url="\/x" lang="en" amount="149.90" instalments="1,2,3">/u);
    const shadow = shadowOf(markup);
    assert.match(shadow, /<form part="form"/u);
    assert.match(shadow, /Pay with PayPOS/u);
    assert.match(shadow, /TRY 149\.90/u);
    assert.match(shadow, /Pay TRY 149\.90/u);
    assert.deepEqual(instalmentValues(shadow), ['1', '2', '3']);
    for (const label of ['Single payment', '2 instalments', '3 instalments']) assert.ok(shadow.includes(label), label);
    // Before any script runs the page shows the server's choice: the first option, alone checked
    // (a `checked="false"` attribute would read as checked).
    const instalmentInputs = [...shadow.matchAll(/<input[^>]*name="instalment"[^>]*>/gu)].map((match) => match[0]);
    assert.deepEqual(
      instalmentInputs.map((input) => /\schecked(?:[\s=>])/u.test(input)),
      [true, false, false],
      instalmentInputs.join('\n'),
    );
  });

  it('renders in Turkish with lang="tr"', async () => {
    const shadow = shadowOf(await serverRender(html`<paynet-checkout session-url="/x" lang="tr" amount="1234.5" instalments="1,6"></paynet-checkout>`));
    assert.match(shadow, /PayPOS ile öde/u);
    assert.match(shadow, /₺1\.234,50 öde/u);
    assert.deepEqual(instalmentValues(shadow), ['1', '6']);
    assert.ok(shadow.includes('Tek çekim') && shadow.includes('6 taksit'));
  });

  it('renders in Turkish with no lang (there is no page language on a server)', async () => {
    const shadow = shadowOf(await serverRender(html`<paynet-checkout session-url="/x"></paynet-checkout>`));
    assert.match(shadow, /PayPOS ile öde/u);
    assert.match(shadow, /id="amount"/u, 'the amount field, as no amount is fixed');
    assert.deepEqual(instalmentValues(shadow), [], 'no choice of a single instalment count');
  });

  it('renders synchronously (nothing in the element awaits on the server)', () => {
    const markup = collectResultSync(render(html`<paynet-checkout lang="en" amount="10"></paynet-checkout>`));
    assert.match(markup, /Pay TRY\s10\.00/u);
  });

  it('takes property bindings as a framework sets them, and writes them back as attributes', async () => {
    const markup = await serverRender(
      html`<paynet-checkout .sessionUrl=${'/x'} .lang=${'en'} .amount=${149.9} .instalments=${'1,3'} .pollInterval=${'2000'}></paynet-checkout>`,
    );
    const shadow = shadowOf(markup);
    assert.match(shadow, /Pay TRY 149\.90/u);
    assert.deepEqual(instalmentValues(shadow), ['1', '3']);
    const host = /<paynet-checkout[^>]*>/u.exec(markup)?.[0] ?? '';
    for (const attribute of ['session-url="/x"', 'amount="149.9"', 'instalments="1,3"', 'poll-interval="2000"']) {
      assert.ok(host.includes(attribute), `${attribute} in ${host}`);
    }
  });

  it('renders the defaults, with one warning, when given garbage on the server', async (t: TestContext) => {
    const warn = t.mock.method(console, 'warn', () => undefined);
    const shadow = shadowOf(await serverRender(html`<paynet-checkout lang="en" .instalments=${{ one: 1 }} handoff="telepathy"></paynet-checkout>`));
    assert.match(shadow, /<form part="form"/u);
    assert.deepEqual(instalmentValues(shadow), []);
    const messages = warn.mock.calls.map((call) => String(call.arguments[0]));
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.ok(messages.some((message) => message.includes('property instalments') && message.includes('an object')));
    assert.ok(messages.some((message) => message.includes('attribute handoff') && message.includes('"telepathy"')));
  });

  it('renders the reversal form', async () => {
    const shadow = shadowOf(await serverRender(html`<paynet-checkout lang="en" mode="reversal" reversal-url="/r" sale-session="ses_1"></paynet-checkout>`));
    assert.match(shadow, /Cancel or refund a payment/u);
    assert.match(shadow, /Cancel\/refund/u);
  });
});
