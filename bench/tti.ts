/**
 * Time to interactive in headless Chromium, ours beside Adyen Web (core + Swish, bench/peer/),
 * each page loaded `--loads` times (default 20), interleaved, in a fresh browser context (a
 * cold cache) with the CPU throttled 4× through CDP. Pages come from a loopback static server;
 * every other request is refused, so the peer renders offline.
 *
 * Interactive, taken in the page by a probe script loaded before the bundle: ours when the
 * element's Pay button is in its shadow root and its `updateComplete` has resolved; Adyen's
 * when its pay button is in the DOM. `performance.now()` at that moment is the time since the
 * navigation started. For ours the probe also marks the `customElements.define` call.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';
import { adyenBuild, ourBuild } from './peer/builds.js';
import type { Section } from './sections.js';
import { serveStatic } from './static-server.js';
import type { Table } from './table.js';

export const CPU_THROTTLE = 4;
const DEFAULT_LOADS = 20;
const LOAD_TIMEOUT_MS = 30_000;

/** The policy docs/csp.md asks shops for: our page is served under it. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

// Plain JS, served as files (the CSP allows no inline script). Each sets `window.benchReady`,
// a promise of the page's timings in ms since navigation start.
const OUR_PROBE = `
const marks = {};
const define = customElements.define;
customElements.define = function (name, ...rest) {
  if (name === 'paynet-checkout') marks.define = performance.now();
  return define.call(this, name, ...rest);
};
window.benchReady = customElements.whenDefined('paynet-checkout').then(async () => {
  const el = document.querySelector('paynet-checkout');
  const button = () => el.shadowRoot && el.shadowRoot.querySelector('[part~="pay-button"]');
  for (;;) {
    await el.updateComplete;
    if (button()) break;
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => { if (button()) { observer.disconnect(); resolve(); } });
      observer.observe(el.shadowRoot, { childList: true, subtree: true });
    });
  }
  return { interactive: performance.now(), define: marks.define };
});
`;
const ADYEN_PROBE = `
const button = () => document.querySelector('#checkout .adyen-checkout__button--pay');
window.benchReady = new Promise((resolve) => {
  const done = () => resolve({ interactive: performance.now() });
  const observer = new MutationObserver(() => { if (button()) { observer.disconnect(); done(); } });
  observer.observe(document.documentElement, { childList: true, subtree: true });
});
`;

interface PageTimes {
  interactive: number;
  define?: number;
}

export interface Stats {
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface TtiFigures {
  loads: number;
  /** Loads that gave no timing (left out of the figures). */
  failedLoads: number;
  cpuThrottle: number;
  ours: { interactiveMs: Stats; defineMs: Stats; defineToReadyMs: Stats; samplesMs: number[] };
  adyen: { interactiveMs: Stats; samplesMs: number[] };
  /** ours / Adyen, medians. */
  ratio: number;
}

export const ttiSection: Section = {
  name: 'tti',
  title: `time to interactive in headless Chromium, CPU ${CPU_THROTTLE}× throttled, cold cache; ours beside Adyen Web offline (--loads=N, default ${DEFAULT_LOADS})`,
  async run({ flags, log }) {
    const loads = flags.loads === undefined ? DEFAULT_LOADS : Number(flags.loads);
    if (!Number.isInteger(loads) || loads < 1) throw new Error('--loads must be a positive integer');
    const { figures, chromium } = await measureTti(loads, log);
    return { tables: [ttiTable(figures)], figures, environment: { chromium } };
  },
};

export async function measureTti(loads: number, log: (line: string) => void): Promise<{ figures: TtiFigures; chromium: string }> {
  const ours = await ourBuild('standalone');
  const adyen = await adyenBuild();
  const oursEntry = ours.firstScript[0];
  const adyenScripts = adyen.firstScript.filter((f) => f.endsWith('.js'));
  const adyenStyles = adyen.firstScript.filter((f) => f.endsWith('.css'));
  if (oursEntry === undefined || adyenScripts.length !== 1) throw new Error('tti: a build has no single entry script');

  const html = (head: string, body: string): string =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${head}</head><body>${body}</body></html>`;
  const server = await serveStatic(
    {
      '/ours.html': {
        type: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': CSP },
        body: html(
          `<script src="/ours-probe.js"></script><script type="module" src="/ours/${oursEntry}"></script>`,
          '<paynet-checkout session-url="/api/sessions" amount="149.90"></paynet-checkout>',
        ),
      },
      '/ours-probe.js': { type: 'text/javascript', body: OUR_PROBE },
      '/adyen.html': {
        type: 'text/html; charset=utf-8',
        body: html(
          `<script src="/adyen-probe.js"></script>${adyenStyles.map((f) => `<link rel="stylesheet" href="/adyen/${f}">`).join('')}` +
            `<script type="module" src="/adyen/${adyenScripts[0]}"></script>`,
          '<div id="checkout"></div>',
        ),
      },
      '/adyen-probe.js': { type: 'text/javascript', body: ADYEN_PROBE },
    },
    { '/ours/': ours.dir, '/adyen/': adyen.dir },
  );
  const browser = await launchChromium();
  try {
    const failures: string[] = [];
    const oursTimes: PageTimes[] = [];
    const adyenTimes: PageTimes[] = [];
    // A load that fails is reported and left out, rather than losing the run; many fail the section.
    const load = async (page: 'ours' | 'adyen', into?: PageTimes[]): Promise<void> => {
      try {
        const times = await loadOnce(browser, `${server.url}/${page}.html`);
        into?.push(times);
      } catch (error) {
        failures.push(`${page}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        log(`tti: a load of ${page} failed: ${failures.at(-1)}`);
        if (failures.length > Math.max(2, loads / 4)) throw new Error(`tti: ${failures.length} loads failed, first: ${failures[0]}`);
      }
    };
    // One untimed load each: the first pages of a fresh browser pay for its own start-up.
    await load('ours');
    await load('adyen');
    for (let i = 0; i < loads; i++) {
      // Alternate which goes first, so neither always follows the other.
      if (i % 2 === 0) {
        await load('ours', oursTimes);
        await load('adyen', adyenTimes);
      } else {
        await load('adyen', adyenTimes);
        await load('ours', oursTimes);
      }
      if ((i + 1) % 5 === 0) log(`tti: ${i + 1}/${loads} load pairs`);
    }
    const ourInteractive = oursTimes.map((t) => t.interactive);
    const adyenInteractive = adyenTimes.map((t) => t.interactive);
    const defines = oursTimes.map((t) => t.define ?? Number.NaN);
    const figures: TtiFigures = {
      loads,
      failedLoads: failures.length,
      cpuThrottle: CPU_THROTTLE,
      ours: {
        interactiveMs: stats(ourInteractive),
        defineMs: stats(defines),
        defineToReadyMs: stats(oursTimes.map((t) => t.interactive - (t.define ?? Number.NaN))),
        samplesMs: ourInteractive.map((ms) => round(ms)),
      },
      adyen: { interactiveMs: stats(adyenInteractive), samplesMs: adyenInteractive.map((ms) => round(ms)) },
      ratio: round(stats(ourInteractive).median / stats(adyenInteractive).median, 100),
    };
    return { figures, chromium: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function loadOnce(browser: Browser, url: string): Promise<PageTimes> {
  const context = await browser.newContext();
  try {
    const origin = new URL(url).origin;
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient')));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
    await page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
    type Probed = Window & { benchReady?: Promise<PageTimes> };
    await page.waitForFunction(() => (window as Probed).benchReady !== undefined, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
    const times = await page.evaluate(() => (window as Probed).benchReady);
    if (typeof times?.interactive !== 'number') throw new Error(`tti: ${url} gave no timing: ${JSON.stringify(times)}`);
    return times;
  } finally {
    await context.close();
  }
}

function stats(values: number[]): Stats {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, p90: Number.NaN, min: Number.NaN, max: Number.NaN };
  const at = (q: number): number => {
    const i = (sorted.length - 1) * q;
    const lo = Math.floor(i);
    return (sorted[lo] ?? 0) + ((sorted[Math.ceil(i)] ?? 0) - (sorted[lo] ?? 0)) * (i - lo);
  };
  return { median: round(at(0.5)), p90: round(at(0.9)), min: round(sorted[0] ?? 0), max: round(sorted.at(-1) ?? 0) };
}

function round(value: number, per = 10): number {
  return Math.round(value * per) / per;
}

function ttiTable(f: TtiFigures): Table {
  const row = (name: string, s: Stats, ratio: string): Array<string | number> => [name, s.median, s.p90, s.min, ratio];
  return {
    title: `Time to interactive (ms since navigation; ${f.loads} cold loads each, interleaved, CPU ${f.cpuThrottle}× throttled)`,
    columns: ['page', 'median', 'p90', 'min', 'ours/Adyen'],
    rows: [
      row('ours: Pay button rendered, updateComplete', f.ours.interactiveMs, `${f.ratio.toFixed(2)}× (target ≤ 0.50: ${f.ratio <= 0.5 ? 'met' : 'not met'})`),
      row('Adyen Web core + Swish: pay button in DOM', f.adyen.interactiveMs, ''),
      row('ours: navigation → customElements.define', f.ours.defineMs, ''),
      row('ours: define → interactive', f.ours.defineToReadyMs, ''),
    ],
    notes: [
      'Ours: the standalone build as <script type="module">, under the CSP of docs/csp.md. Adyen: its Vite bundle + CSS, offline',
      '(paymentMethodsResponse given inline, analytics off; every non-loopback request refused).',
      ...(f.failedLoads > 0 ? [`${f.failedLoads} loads gave no timing and are left out.`] : []),
    ],
  };
}
