/**
 * The element's properties as each framework sets them. React 19, Preact, Vue 3 and Svelte 5
 * assign a *property* whenever the element has one, with the markup's string
 * (`instalments="1,2,3"` arrives as "1,2,3"); Angular's `[prop]` binding assigns a typed value
 * (an array, a number); plain HTML and Angular's `[attr.x]` set the attribute. Whatever
 * arrives, the element renders, holds the value read the same way as the attribute, reflects
 * it, and warns once about what it could not use. Also the "Custom Elements Everywhere"
 * event criteria (kebab-case `paynet-*` names that bubble and cross shadow roots), the typed
 * listeners, and an element that finds server-rendered markup in its shadow root.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { loadLanguage } from '../../src/i18n/strings-for.js';
import { PAYNET_EVENT_NAMES } from '../../src/events/event-map.js';
import type { PaynetSessionEvent } from '../../src/events/paynet-session-event.js';
import { PaynetCheckout } from '../../src/paynet-checkout.component.js';
import { ATTRIBUTES, readProperty, type PaynetCheckoutPropertyName } from '../../src/paynet-checkout.attributes.js';
import { afterEach, beforeEach, describe, it } from '../flow/mocha.js';
import { $, forgetPersistedSessions, shadow, text, typeInto, useBackend, waitForStatus } from './helpers.js';

/** console.warn, caught for the test (and kept out of the test output). */
let warnings: string[] = [];
const originalWarn = console.warn;

function catchWarnings(): void {
  warnings = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
}

function releaseWarnings(): void {
  console.warn = originalWarn;
}

/** A connected element, after its first render (English, a chunk of its own, loaded before). */
async function placed(el: PaynetCheckout): Promise<PaynetCheckout> {
  await loadLanguage('en');
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.append(el);
  await el.updateComplete;
  return el;
}

/** React 19, Preact, Vue 3, Svelte 5: the element is created, its props assigned as properties, then it is inserted. */
function propertiesFirst(props: Record<string, unknown>): Promise<PaynetCheckout> {
  const el = document.createElement('paynet-checkout');
  Object.assign(el, props);
  return placed(el);
}

/** The same frameworks on a re-render, or Angular's `[prop]` binding: properties assigned to a rendered element. */
async function propertiesLater(props: Record<string, unknown>): Promise<PaynetCheckout> {
  const el = await placed(document.createElement('paynet-checkout'));
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

/** Plain HTML, or Angular's `[attr.x]`. */
function attributesOnly(attributes: Record<string, string>): Promise<PaynetCheckout> {
  const el = document.createElement('paynet-checkout');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return placed(el);
}

function renders(el: PaynetCheckout): void {
  expect(shadow(el).querySelector('[part="form"]'), 'the form').to.not.equal(null);
}

interface Case {
  property: PaynetCheckoutPropertyName;
  given: unknown;
  /** What the property holds afterwards. */
  value: unknown;
  /** The attribute written back (null: none; a default is never written, so null or garbage removes it). */
  attribute: string | null;
  /** The kind of value the one warning names; absent when no warning is due. */
  warns?: string;
}

const CASES: Case[] = [
  // Lists: the markup string, an array (numbers as strings inside too), a single number.
  { property: 'instalments', given: '1,2,3', value: [1, 2, 3], attribute: '1,2,3' },
  { property: 'instalments', given: '6 3 1 3', value: [1, 3, 6], attribute: '1,3,6' },
  { property: 'instalments', given: [6, '3', 1], value: [1, 3, 6], attribute: '1,3,6' },
  { property: 'instalments', given: 9, value: [9], attribute: '9' },
  { property: 'instalments', given: '', value: [1], attribute: null },
  { property: 'instalments', given: [], value: [1], attribute: null },
  { property: 'instalments', given: null, value: [1], attribute: null },
  { property: 'instalments', given: undefined, value: [1], attribute: null },
  { property: 'instalments', given: '1,2,x,24', value: [1, 2], attribute: '1,2', warns: 'a string' },
  { property: 'instalments', given: [3, { n: 6 }], value: [3], attribute: '3', warns: 'an array' },
  { property: 'instalments', given: { 0: 1, length: 1 }, value: [1], attribute: null, warns: 'an object' },
  { property: 'instalments', given: Number.NaN, value: [1], attribute: null, warns: 'NaN' },
  { property: 'instalments', given: true, value: [1], attribute: null, warns: 'a boolean' },
  { property: 'methods', given: 'paypos card', value: ['paypos', 'card'], attribute: 'paypos card' },
  { property: 'methods', given: ['card'], value: ['card'], attribute: 'card' },
  { property: 'methods', given: 'CARD,card', value: ['card'], attribute: 'card' },
  { property: 'methods', given: 'cash', value: ['paypos'], attribute: null, warns: 'a string' },
  { property: 'methods', given: {}, value: ['paypos'], attribute: null, warns: 'an object' },
  { property: 'allowedSchemes', given: 'paypos', value: ['paypos'], attribute: 'paypos' },
  { property: 'allowedSchemes', given: ['PayPOS:', 'https', 'intent'], value: ['paypos', 'https', 'intent'], attribute: 'paypos https intent' },
  { property: 'allowedSchemes', given: '', value: [], attribute: '' },
  { property: 'allowedSchemes', given: null, value: ['paypos', 'https'], attribute: null },
  { property: 'allowedSchemes', given: 42n, value: ['42'], attribute: '42' },
  { property: 'allowedSchemes', given: () => 'paypos', value: ['paypos', 'https'], attribute: null, warns: 'a function' },
  // Durations: numbers or numeric strings; anything else is "not set" (the policy's own value).
  { property: 'pollInterval', given: 2000, value: 2000, attribute: '2000' },
  { property: 'pollInterval', given: '2000', value: 2000, attribute: '2000' },
  { property: 'pollSlowInterval', given: ' 5000 ', value: 5000, attribute: '5000' },
  { property: 'pollSlowAfter', given: 0, value: 0, attribute: '0' },
  { property: 'pollInterval', given: '', value: undefined, attribute: null },
  { property: 'pollInterval', given: null, value: undefined, attribute: null },
  { property: 'pollInterval', given: Number.NaN, value: undefined, attribute: null, warns: 'NaN' },
  { property: 'pollInterval', given: -5, value: undefined, attribute: null, warns: 'a number' },
  { property: 'pollSlowAfter', given: 'soon', value: undefined, attribute: null, warns: 'a string' },
  { property: 'pollSlowInterval', given: [2000], value: undefined, attribute: null, warns: 'an array' },
  // Text: strings as given, numbers as their decimal string.
  { property: 'amount', given: '149.90', value: '149.90', attribute: '149.90' },
  { property: 'amount', given: 149.9, value: '149.9', attribute: '149.9' },
  { property: 'amount', given: null, value: '', attribute: null },
  { property: 'amount', given: Number.NaN, value: '', attribute: null, warns: 'NaN' },
  { property: 'amount', given: { value: '149.90' }, value: '', attribute: null, warns: 'an object' },
  { property: 'maxAmount', given: 500, value: '500', attribute: '500' },
  { property: 'reference', given: 12345, value: '12345', attribute: '12345' },
  { property: 'reference', given: undefined, value: undefined, attribute: null },
  { property: 'description', given: false, value: undefined, attribute: null, warns: 'a boolean' },
  { property: 'sessionUrl', given: '/api/paynet/sessions', value: '/api/paynet/sessions', attribute: '/api/paynet/sessions' },
  { property: 'sessionUrl', given: new URL('https://shop.example/api'), value: '', attribute: null, warns: 'an object' },
  { property: 'currency', given: 'TRY', value: 'TRY', attribute: null },
  { property: 'currency', given: 'usd', value: 'usd', attribute: 'usd' },
  { property: 'lang', given: 'en', value: 'en', attribute: 'en' },
  { property: 'deviceId', given: 7, value: '7', attribute: '7' },
  // Closed sets of words, in any case.
  { property: 'handoff', given: 'qr', value: 'qr', attribute: 'qr' },
  { property: 'handoff', given: ' QR ', value: 'qr', attribute: 'qr' },
  { property: 'handoff', given: 'telepathy', value: 'auto', attribute: null, warns: 'a string' },
  { property: 'handoff', given: 1, value: 'auto', attribute: null, warns: 'a number' },
  { property: 'mode', given: 'reversal', value: 'reversal', attribute: 'reversal' },
  { property: 'mode', given: 'refund', value: 'sale', attribute: null, warns: 'a string' },
];

function label(given: unknown): string {
  if (typeof given === 'string') return JSON.stringify(given);
  if (typeof given === 'bigint') return `${given}n`;
  if (typeof given === 'function') return 'a function';
  if (given instanceof URL) return 'a URL';
  return given === undefined ? 'undefined' : Number.isNaN(given) ? 'NaN' : JSON.stringify(given);
}

function expectWarnings(expected: Case): void {
  if (expected.warns === undefined) {
    expect(warnings, 'no warning').to.deep.equal([]);
    return;
  }
  expect(warnings, 'one warning').to.have.length(1);
  expect(warnings[0]).to.contain(`property ${expected.property}`);
  expect(warnings[0]).to.contain(expected.warns);
}

describe('<paynet-checkout> properties as frameworks set them', () => {
  beforeEach(catchWarnings);
  afterEach(releaseWarnings);
  afterEach(forgetPersistedSessions);

  for (const c of CASES) {
    it(`${c.property} = ${label(c.given)} before insertion (React 19, Preact, Vue 3, Svelte 5) → ${label(c.value)}`, async () => {
      const el = await propertiesFirst({ [c.property]: c.given });
      renders(el);
      expect(el[c.property]).to.deep.equal(c.value);
      expect(el.getAttribute(ATTRIBUTES[c.property])).to.equal(c.attribute);
      expectWarnings(c);
    });

    it(`${c.property} = ${label(c.given)} on a rendered element (a re-render, Angular [${c.property}]) → ${label(c.value)}`, async () => {
      const el = await propertiesLater({ [c.property]: c.given });
      renders(el);
      expect(el[c.property]).to.deep.equal(c.value);
      expect(el.getAttribute(ATTRIBUTES[c.property])).to.equal(c.attribute);
      expectWarnings(c);
    });
  }

  for (const c of CASES.filter((each) => typeof each.given === 'string')) {
    it(`${ATTRIBUTES[c.property]}=${label(c.given)} as an attribute holds what the property holds`, async () => {
      const el = await attributesOnly({ [ATTRIBUTES[c.property]]: c.given as string });
      renders(el);
      expect(el[c.property]).to.deep.equal(c.value);
      expect(el.getAttribute(ATTRIBUTES[c.property]), 'the attribute as written').to.equal(c.given);
      expect(warnings).to.have.length(c.warns === undefined ? 0 : 1);
      if (c.warns !== undefined) expect(warnings[0]).to.contain(`attribute ${ATTRIBUTES[c.property]}`);
    });
  }

  it('observes exactly the attributes of the ATTRIBUTES table', () => {
    const observed = (PaynetCheckout as unknown as { observedAttributes: string[] }).observedAttributes;
    expect([...observed].sort()).to.deep.equal(Object.values(ATTRIBUTES).sort());
  });

  it('reads a value it has read again as the same value, without a warning', () => {
    const samples: unknown[] = ['1,2,3', [3, '1'], 'paypos card', ' QR ', '2000', 149.9, 'x y', '', null, {}, Number.NaN, -1, true];
    for (const name of Object.keys(ATTRIBUTES) as PaynetCheckoutPropertyName[]) {
      for (const sample of samples) {
        const once = readProperty(name, sample);
        const before = warnings.length;
        expect(readProperty(name, once), `${name} ← ${label(sample)}`).to.deep.equal(once);
        expect(warnings.length, `${name} ← ${label(sample)} warned again`).to.equal(before);
      }
    }
  });

  it('builds the session request from React-style strings and numbers (amount={149.9}, instalments="1,2,3", reference={12345})', async () => {
    const backend = await useBackend();
    const el = await propertiesFirst({
      sessionUrl: backend.sessionUrl,
      lang: 'en',
      handoff: 'qr',
      amount: 149.9,
      instalments: '1,2,3',
      reference: 12345,
      pollInterval: '15',
    });
    expect(shadow(el).querySelectorAll('input[name="instalment"]')).to.have.length(3);
    expect(text(el)).to.contain('Pay TRY 149.90');
    $<HTMLInputElement>(el, 'input[name="instalment"][value="3"]').click();
    const session = oneEvent(el, 'paynet-session') as Promise<PaynetSessionEvent>;
    $(el, '[part="pay-button"]').click();
    await session;
    await waitForStatus(el, 'awaiting');
    expect(backend.requestsTo('create')[0]?.body).to.deep.include({ amount: '149.90', instalment: 3, currency: 'TRY', reference: '12345' });
    expect(warnings).to.deep.equal([]);
  });

  it('takes Angular-style typed values ([instalments]="[1, 3, 6]", [methods]="[\'paypos\', \'card\']")', async () => {
    const backend = await useBackend();
    const el = await propertiesLater({
      sessionUrl: backend.sessionUrl,
      paymentUrl: backend.paymentUrl,
      lang: 'en',
      instalments: [1, 3, 6],
      methods: ['paypos', 'card'],
      pollInterval: 15,
    });
    const counts = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="instalment"]')].map((input) => input.value);
    expect(counts).to.deep.equal(['1', '3', '6']);
    expect(shadow(el).querySelector('[part="methods"]'), 'the method choice').to.not.equal(null);
    expect(el.getAttribute('methods')).to.equal('paypos card');
  });

  it('still pays after garbage was set, with the defaults in its place', async () => {
    const backend = await useBackend();
    const el = await propertiesFirst({ sessionUrl: backend.sessionUrl, lang: 'en', handoff: {}, instalments: { a: 1 }, amount: Number.NaN, pollInterval: Number.NaN });
    expect(warnings).to.have.length(4);
    expect(el.instalments).to.deep.equal([1]);
    expect(shadow(el).querySelector('[part="instalments"]'), 'no choice of one').to.equal(null);
    await typeInto($<HTMLInputElement>(el, '#amount'), '20');
    const session = oneEvent(el, 'paynet-session') as Promise<PaynetSessionEvent>;
    $(el, '[part="pay-button"]').click();
    await session;
    expect(backend.requestsTo('create')[0]?.body).to.deep.include({ amount: '20.00', instalment: 1 });
  });

  it('restores the default when the attribute is removed or the property set to null, and drops the attribute', async () => {
    const el = await attributesOnly({ instalments: '2,3', 'poll-interval': '900', handoff: 'qr' });
    expect(el.instalments).to.deep.equal([2, 3]);
    el.removeAttribute('instalments');
    expect(el.instalments).to.deep.equal([1]);
    el.pollInterval = null;
    el.handoff = undefined;
    await el.updateComplete;
    expect(el.pollInterval).to.equal(undefined);
    expect(el.hasAttribute('poll-interval')).to.equal(false);
    expect(el.handoff).to.equal('auto');
    expect(el.hasAttribute('handoff'), 'the default is not written').to.equal(false);
    expect(shadow(el).querySelector('[part="instalments"]')).to.equal(null);
  });

  it('does not update again when a re-render assigns the same string (a new array each time would)', async () => {
    const el = await propertiesLater({ instalments: '1,2,3' });
    const held = el.instalments;
    el.instalments = '1,2,3';
    el.instalments = [1, 2, 3];
    expect(el.instalments).to.equal(held);
    expect(el.isUpdatePending).to.equal(false);
    el.instalments = '1,2';
    expect(el.isUpdatePending).to.equal(true);
  });

  it('reads a property assigned before the element was defined (a framework that renders before the definition loads)', async () => {
    // An element made by a document without a window is not upgraded until it is adopted and inserted.
    const inert = document.implementation.createHTMLDocument('');
    const early: HTMLElement = inert.createElement('paynet-checkout');
    Object.assign(early, { instalments: '1,2,3', amount: 149.9 });
    expect(early instanceof PaynetCheckout).to.equal(false);
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.append(document.adoptNode(early));
    expect(early instanceof PaynetCheckout, 'upgraded').to.equal(true);
    const el = early as unknown as PaynetCheckout;
    await el.updateComplete;
    expect(el.instalments).to.deep.equal([1, 2, 3]);
    expect(el.amount).to.equal('149.9');
    expect(el.getAttribute('instalments')).to.equal('1,2,3');
    renders(el);
  });
});

describe('<paynet-checkout> events as frameworks listen to them', () => {
  afterEach(forgetPersistedSessions);

  it('names every event in lowercase kebab case under paynet-', () => {
    expect(PAYNET_EVENT_NAMES.length).to.equal(8);
    for (const name of PAYNET_EVENT_NAMES) expect(name).to.match(/^paynet-[a-z]+(?:-[a-z]+)*$/u);
  });

  it('fires events that bubble out of a shadow root it is placed in (composed) up to the document', async () => {
    const backend = await useBackend();
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const el = document.createElement('paynet-checkout');
    Object.assign(el, { sessionUrl: backend.sessionUrl, amount: '10.00', handoff: 'qr', lang: 'en', pollInterval: 15 });
    root.append(el);
    await el.updateComplete;
    const heard = new Promise<{ event: PaynetSessionEvent; path: EventTarget[]; target: EventTarget | null }>((resolve) => {
      document.addEventListener('paynet-session', (event) => resolve({ event, path: event.composedPath(), target: event.target }), { once: true });
    });
    $(el, '[part="pay-button"]').click();
    const { event, path, target } = await heard;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(target === host, 'retargeted to the outer host').to.equal(true);
    expect(path[0] === el, 'fired by the element').to.equal(true);
    expect(event.detail.amount).to.equal('10.00');
  });

  it('types listeners added on the element by event name', async () => {
    const el = await placed(document.createElement('paynet-checkout'));
    const seen: string[] = [];
    const listener = (event: PaynetSessionEvent): void => void seen.push(event.detail.sessionId);
    el.addEventListener('paynet-session', listener);
    // The compiler knows each event's detail from the name alone:
    el.addEventListener('paynet-success', (event) => void seen.push(String(event.detail.transaction.authorizationCode)));
    // @ts-expect-error a status event has no transaction
    el.addEventListener('paynet-status', (event) => void seen.push(event.detail.transaction));
    // The element's own overloads: the listener's `this` is the element (HTMLElement's would not know `state`).
    el.addEventListener('paynet-cancel', function () {
      seen.push(this.state.status);
    });
    el.removeEventListener('paynet-session', listener);
    el.addEventListener('click', (event) => void seen.push(String(event.button)));
    el.click();
    expect(seen).to.deep.equal(['0']);
  });
});

describe('<paynet-checkout> with server-rendered markup', () => {
  afterEach(forgetPersistedSessions);

  it('renders one form of its own over a declarative shadow root when lit hydration is not loaded', async () => {
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('paynet-checkout');
    // What a parser leaves from <template shadowrootmode="open">: an open root with the server's markup.
    const root = el.attachShadow({ mode: 'open' });
    root.innerHTML = '<div part="base"><form part="form"><p class="stale">server</p></form></div>';
    el.setAttribute('instalments', '1,2');
    el.setAttribute('lang', 'en');
    container.append(el);
    await el.updateComplete;
    expect(el.shadowRoot === root, 'the server-rendered root').to.equal(true);
    expect(root.querySelectorAll('[part="form"]')).to.have.length(1);
    expect(root.querySelector('.stale')).to.equal(null);
    expect(root.querySelectorAll('input[name="instalment"]')).to.have.length(2);
  });
});
